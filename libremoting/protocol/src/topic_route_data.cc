#include "spool/protocol/topic_route_data.h"

#include "absl/strings/str_cat.h"
#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/remoting/version.h"
#include "spool/status_macros.h"

namespace spool::protocol {

void TopicRouteData::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  w->Key("brokerDatas");
  w->BeginArray();
  for (const BrokerData& bd : broker_datas) bd.WriteJson(w);
  w->EndArray();
  w->Key("filterServerTable");
  w->BeginObject();
  for (const auto& [addr, servers] : filter_server_table) {
    w->Key(addr);
    w->BeginArray();
    for (const std::string& s : servers) w->String(s);
    w->EndArray();
  }
  w->EndObject();
  if (order_topic_conf.has_value()) {
    w->Key("orderTopicConf");
    w->String(*order_topic_conf);
  }
  w->Key("queueDatas");
  w->BeginArray();
  for (const QueueData& qd : queue_datas) qd.WriteJson(w);
  w->EndArray();
  w->EndObject();
}

absl::StatusOr<TopicRouteData> TopicRouteData::FromJson(const JsonValue& v, std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  TopicRouteData route;
  if (const JsonValue* conf = f.Find("orderTopicConf"); conf != nullptr && !conf->is_null()) {
    std::string s;
    SPOOL_RETURN_IF_ERROR(JsonToString(*conf, f.PathOf("orderTopicConf"), &s));
    route.order_topic_conf = std::move(s);
  }
  if (const JsonValue* list = f.Find("queueDatas"); list != nullptr) {
    SPOOL_RETURN_IF_ERROR(JsonExpectArray(*list, f.PathOf("queueDatas")));
    for (size_t i = 0; i < list->elements().size(); ++i) {
      SPOOL_ASSIGN_OR_RETURN(QueueData qd,
                             QueueData::FromJson(list->elements()[i], absl::StrCat(f.PathOf("queueDatas"), "[", i, "]")));
      route.queue_datas.push_back(std::move(qd));
    }
  }
  if (const JsonValue* list = f.Find("brokerDatas"); list != nullptr) {
    SPOOL_RETURN_IF_ERROR(JsonExpectArray(*list, f.PathOf("brokerDatas")));
    for (size_t i = 0; i < list->elements().size(); ++i) {
      SPOOL_ASSIGN_OR_RETURN(
          BrokerData bd, BrokerData::FromJson(list->elements()[i], absl::StrCat(f.PathOf("brokerDatas"), "[", i, "]")));
      route.broker_datas.push_back(std::move(bd));
    }
  }
  if (const JsonValue* table = f.Find("filterServerTable"); table != nullptr) {
    const std::string table_path = f.PathOf("filterServerTable");
    SPOOL_RETURN_IF_ERROR(JsonExpectObject(*table, table_path));
    for (const JsonValue::Member& m : table->members()) {
      std::vector<std::string> servers;
      SPOOL_RETURN_IF_ERROR(JsonToStringList(m.value, table_path + "." + m.key, &servers));
      route.filter_server_table[m.key] = std::move(servers);
    }
  }
  return route;
}

std::string TopicRouteData::Encode(JsonStyle style) const {
  JsonWriter w(style);
  WriteJson(&w);
  return w.Take();
}

absl::StatusOr<TopicRouteData> TopicRouteData::Decode(std::string_view json) {
  SPOOL_ASSIGN_OR_RETURN(JsonValue v, ParseJson(json));
  return FromJson(v);
}

JsonStyle RouteJsonStyle(int32_t request_version, bool accept_standard_json_only) {
  return request_version >= remoting::mq_version::kV4_9_4 || accept_standard_json_only ? JsonStyle::kStandard
                                                                                        : JsonStyle::kFastjson;
}

}  // namespace spool::protocol
