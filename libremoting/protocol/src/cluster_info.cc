#include "spool/protocol/cluster_info.h"

#include <vector>

#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/status_macros.h"

namespace spool::protocol {

void ClusterInfo::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  w->Key("brokerAddrTable");
  w->BeginObject();
  for (const auto& [name, data] : broker_addr_table) {
    w->Key(name);
    data.WriteJson(w);
  }
  w->EndObject();
  w->Key("clusterAddrTable");
  w->BeginObject();
  for (const auto& [cluster, names] : cluster_addr_table) {
    w->Key(cluster);
    w->BeginArray();
    for (const std::string& n : names) w->String(n);
    w->EndArray();
  }
  w->EndObject();
  w->EndObject();
}

absl::StatusOr<ClusterInfo> ClusterInfo::FromJson(const JsonValue& v, std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  ClusterInfo info;
  if (const JsonValue* table = f.Find("brokerAddrTable"); table != nullptr) {
    const std::string table_path = f.PathOf("brokerAddrTable");
    SPOOL_RETURN_IF_ERROR(JsonExpectObject(*table, table_path));
    for (const JsonValue::Member& m : table->members()) {
      SPOOL_ASSIGN_OR_RETURN(BrokerData bd, BrokerData::FromJson(m.value, table_path + "." + m.key));
      info.broker_addr_table[m.key] = std::move(bd);
    }
  }
  if (const JsonValue* table = f.Find("clusterAddrTable"); table != nullptr) {
    const std::string table_path = f.PathOf("clusterAddrTable");
    SPOOL_RETURN_IF_ERROR(JsonExpectObject(*table, table_path));
    for (const JsonValue::Member& m : table->members()) {
      std::vector<std::string> names;
      SPOOL_RETURN_IF_ERROR(JsonToStringList(m.value, table_path + "." + m.key, &names));
      info.cluster_addr_table[m.key].insert(names.begin(), names.end());
    }
  }
  return info;
}

std::string ClusterInfo::Encode(JsonStyle style) const {
  JsonWriter w(style);
  WriteJson(&w);
  return w.Take();
}

absl::StatusOr<ClusterInfo> ClusterInfo::Decode(std::string_view json) {
  SPOOL_ASSIGN_OR_RETURN(JsonValue v, ParseJson(json));
  return FromJson(v);
}

}  // namespace spool::protocol
