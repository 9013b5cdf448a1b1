#include "spool/protocol/subscription_group_config.h"

#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/status_macros.h"

namespace spool::protocol {

// Members in fastjson's bean order (alphabetical).
void SubscriptionGroupConfig::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  w->Key("brokerId");
  w->Int(broker_id);
  w->Key("consumeBroadcastEnable");
  w->Bool(consume_broadcast_enable);
  w->Key("consumeEnable");
  w->Bool(consume_enable);
  w->Key("consumeFromMinEnable");
  w->Bool(consume_from_min_enable);
  w->Key("groupName");
  w->String(group_name);
  w->Key("notifyConsumerIdsChangedEnable");
  w->Bool(notify_consumer_ids_changed_enable);
  w->Key("retryMaxTimes");
  w->Int(retry_max_times);
  w->Key("retryQueueNums");
  w->Int(retry_queue_nums);
  w->Key("whichBrokerWhenConsumeSlowly");
  w->Int(which_broker_when_consume_slowly);
  w->EndObject();
}

absl::StatusOr<SubscriptionGroupConfig> SubscriptionGroupConfig::FromJson(const JsonValue& v, std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  SubscriptionGroupConfig g;
  SPOOL_RETURN_IF_ERROR(f.String("groupName", &g.group_name));
  SPOOL_RETURN_IF_ERROR(f.Bool("consumeEnable", &g.consume_enable));
  SPOOL_RETURN_IF_ERROR(f.Bool("consumeFromMinEnable", &g.consume_from_min_enable));
  SPOOL_RETURN_IF_ERROR(f.Bool("consumeBroadcastEnable", &g.consume_broadcast_enable));
  SPOOL_RETURN_IF_ERROR(f.Int32("retryQueueNums", &g.retry_queue_nums));
  SPOOL_RETURN_IF_ERROR(f.Int32("retryMaxTimes", &g.retry_max_times));
  SPOOL_RETURN_IF_ERROR(f.Int64("brokerId", &g.broker_id));
  SPOOL_RETURN_IF_ERROR(f.Int64("whichBrokerWhenConsumeSlowly", &g.which_broker_when_consume_slowly));
  SPOOL_RETURN_IF_ERROR(f.Bool("notifyConsumerIdsChangedEnable", &g.notify_consumer_ids_changed_enable));
  return g;
}

std::string SubscriptionGroupConfig::Encode(JsonStyle style) const {
  JsonWriter w(style);
  WriteJson(&w);
  return w.Take();
}

absl::StatusOr<SubscriptionGroupConfig> SubscriptionGroupConfig::Decode(std::string_view json) {
  SPOOL_ASSIGN_OR_RETURN(JsonValue v, ParseJson(json));
  return FromJson(v);
}

void SubscriptionGroupWrapper::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  w->Key("dataVersion");
  data_version.WriteJson(w);
  w->Key("subscriptionGroupTable");
  w->BeginObject();
  for (const auto& [group, config] : subscription_group_table) {
    w->Key(group);
    config.WriteJson(w);
  }
  w->EndObject();
  w->EndObject();
}

absl::StatusOr<SubscriptionGroupWrapper> SubscriptionGroupWrapper::FromJson(const JsonValue& v,
                                                                            std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  SubscriptionGroupWrapper wrapper;
  if (const JsonValue* dv = f.Find("dataVersion"); dv != nullptr) {
    SPOOL_ASSIGN_OR_RETURN(wrapper.data_version, DataVersion::FromJson(*dv, f.PathOf("dataVersion")));
  }
  if (const JsonValue* table = f.Find("subscriptionGroupTable"); table != nullptr) {
    const std::string table_path = f.PathOf("subscriptionGroupTable");
    SPOOL_RETURN_IF_ERROR(JsonExpectObject(*table, table_path));
    for (const JsonValue::Member& m : table->members()) {
      if (m.value.is_null()) continue;
      SPOOL_ASSIGN_OR_RETURN(SubscriptionGroupConfig config,
                             SubscriptionGroupConfig::FromJson(m.value, table_path + "." + m.key));
      if (config.group_name.empty()) config.group_name = m.key;
      wrapper.subscription_group_table[m.key] = std::move(config);
    }
  }
  return wrapper;
}

std::string SubscriptionGroupWrapper::Encode(JsonStyle style) const {
  JsonWriter w(style);
  WriteJson(&w);
  return w.Take();
}

absl::StatusOr<SubscriptionGroupWrapper> SubscriptionGroupWrapper::Decode(std::string_view json) {
  SPOOL_ASSIGN_OR_RETURN(JsonValue v, ParseJson(json));
  return FromJson(v);
}

}  // namespace spool::protocol
