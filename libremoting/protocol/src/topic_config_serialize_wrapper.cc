#include "spool/protocol/topic_config_serialize_wrapper.h"

#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/status_macros.h"

namespace spool::protocol {

void TopicConfigSerializeWrapper::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  w->Key("dataVersion");
  data_version.WriteJson(w);
  w->Key("topicConfigTable");
  w->BeginObject();
  for (const auto& [topic, config] : topic_config_table) {
    w->Key(topic);
    config.WriteJson(w);
  }
  w->EndObject();
  w->EndObject();
}

absl::StatusOr<TopicConfigSerializeWrapper> TopicConfigSerializeWrapper::FromJson(const JsonValue& v,
                                                                                  std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  TopicConfigSerializeWrapper wrapper;
  if (const JsonValue* dv = f.Find("dataVersion"); dv != nullptr) {
    SPOOL_ASSIGN_OR_RETURN(wrapper.data_version, DataVersion::FromJson(*dv, f.PathOf("dataVersion")));
  }
  if (const JsonValue* table = f.Find("topicConfigTable"); table != nullptr) {
    const std::string table_path = f.PathOf("topicConfigTable");
    SPOOL_RETURN_IF_ERROR(JsonExpectObject(*table, table_path));
    for (const JsonValue::Member& m : table->members()) {
      if (m.value.is_null()) continue;
      SPOOL_ASSIGN_OR_RETURN(TopicConfig config, TopicConfig::FromJson(m.value, table_path + "." + m.key));
      if (config.topic_name.empty()) config.topic_name = m.key;
      wrapper.topic_config_table[m.key] = std::move(config);
    }
  }
  return wrapper;
}

std::string TopicConfigSerializeWrapper::Encode(JsonStyle style) const {
  JsonWriter w(style);
  WriteJson(&w);
  return w.Take();
}

absl::StatusOr<TopicConfigSerializeWrapper> TopicConfigSerializeWrapper::Decode(std::string_view json) {
  SPOOL_ASSIGN_OR_RETURN(JsonValue v, ParseJson(json));
  return FromJson(v);
}

}  // namespace spool::protocol
