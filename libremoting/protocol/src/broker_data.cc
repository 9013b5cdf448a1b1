#include "spool/protocol/broker_data.h"

#include "spool/protocol/json_fields.h"
#include "spool/status_macros.h"

namespace spool::protocol {

std::optional<std::string> BrokerData::MasterAddr() const {
  auto it = broker_addrs.find(kMasterId);
  if (it == broker_addrs.end()) return std::nullopt;
  return it->second;
}

void BrokerData::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  w->Key("brokerAddrs");
  w->BeginObject();
  for (const auto& [id, addr] : broker_addrs) {
    w->IntKey(id);
    w->String(addr);
  }
  w->EndObject();
  w->Key("brokerName");
  w->String(broker_name);
  w->Key("cluster");
  w->String(cluster);
  w->EndObject();
}

absl::StatusOr<BrokerData> BrokerData::FromJson(const JsonValue& v, std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  BrokerData bd;
  SPOOL_RETURN_IF_ERROR(f.String("cluster", &bd.cluster));
  SPOOL_RETURN_IF_ERROR(f.String("brokerName", &bd.broker_name));
  if (const JsonValue* addrs = f.Find("brokerAddrs"); addrs != nullptr) {
    const std::string addrs_path = f.PathOf("brokerAddrs");
    SPOOL_RETURN_IF_ERROR(JsonExpectObject(*addrs, addrs_path));
    for (const JsonValue::Member& m : addrs->members()) {
      int64_t id = 0;
      SPOOL_RETURN_IF_ERROR(JsonKeyToInt64(m, addrs_path, &id));
      std::string addr;
      SPOOL_RETURN_IF_ERROR(JsonToString(m.value, addrs_path + "." + m.key, &addr));
      bd.broker_addrs[id] = std::move(addr);
    }
  }
  return bd;
}

}  // namespace spool::protocol
