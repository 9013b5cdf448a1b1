#include "spool/protocol/topic_stats_table.h"

#include "absl/strings/str_cat.h"
#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/status_macros.h"

namespace spool::protocol {

void TopicOffset::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  w->Key("lastUpdateTimestamp");
  w->Int(last_update_timestamp);
  w->Key("maxOffset");
  w->Int(max_offset);
  w->Key("minOffset");
  w->Int(min_offset);
  w->EndObject();
}

absl::StatusOr<TopicOffset> TopicOffset::FromJson(const JsonValue& v, std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  TopicOffset o;
  SPOOL_RETURN_IF_ERROR(f.Int64("minOffset", &o.min_offset));
  SPOOL_RETURN_IF_ERROR(f.Int64("maxOffset", &o.max_offset));
  SPOOL_RETURN_IF_ERROR(f.Int64("lastUpdateTimestamp", &o.last_update_timestamp));
  return o;
}

absl::StatusOr<MessageQueue> MessageQueueFromMapKey(const JsonValue::Member& member, std::string_view path) {
  // A bare key cannot be a bean; both other spellings carry the queue's JSON text.
  if (member.key_kind == JsonValue::KeyKind::kBare) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(path), ": map key ", member.key,
                                                   " is not a MessageQueue object"));
  }
  absl::StatusOr<JsonValue> key = ParseJson(member.key);
  if (!key.ok() || !key->is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(path), ": map key is not a MessageQueue object: ",
                                                   member.key.substr(0, 200)));
  }
  return MessageQueue::FromJson(*key, absl::StrCat(std::string(path), "<key>"));
}

std::string TopicStatsTable::Encode(JsonStyle style) const {
  JsonWriter w(style);
  w.BeginObject();
  w.Key("offsetTable");
  w.BeginObject();
  for (const auto& [mq, offset] : offset_table) {
    w.StructuredKey(mq.ToJson());
    offset.WriteJson(&w);
  }
  w.EndObject();
  w.EndObject();
  return w.Take();
}

absl::StatusOr<TopicStatsTable> TopicStatsTable::Decode(std::string_view json) {
  SPOOL_ASSIGN_OR_RETURN(JsonValue v, ParseJson(json));
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, "TopicStatsTable"));
  TopicStatsTable t;
  const JsonValue* table = f.Find("offsetTable");
  if (table == nullptr) return t;
  const std::string path = f.PathOf("offsetTable");
  SPOOL_RETURN_IF_ERROR(JsonExpectObject(*table, path));
  for (const JsonValue::Member& m : table->members()) {
    SPOOL_ASSIGN_OR_RETURN(MessageQueue mq, MessageQueueFromMapKey(m, path));
    SPOOL_ASSIGN_OR_RETURN(TopicOffset offset, TopicOffset::FromJson(m.value, absl::StrCat(path, "[]")));
    t.offset_table[std::move(mq)] = offset;
  }
  return t;
}

}  // namespace spool::protocol
