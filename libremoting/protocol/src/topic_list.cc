#include "spool/protocol/topic_list.h"

#include <vector>

#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/status_macros.h"

namespace spool::protocol {

void TopicList::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  if (broker_addr.has_value()) {
    w->Key("brokerAddr");
    w->String(*broker_addr);
  }
  w->Key("topicList");
  w->BeginArray();
  for (const std::string& t : topic_list) w->String(t);
  w->EndArray();
  w->EndObject();
}

absl::StatusOr<TopicList> TopicList::FromJson(const JsonValue& v, std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  TopicList list;
  if (const JsonValue* addr = f.Find("brokerAddr"); addr != nullptr && !addr->is_null()) {
    std::string s;
    SPOOL_RETURN_IF_ERROR(JsonToString(*addr, f.PathOf("brokerAddr"), &s));
    list.broker_addr = std::move(s);
  }
  std::vector<std::string> topics;
  SPOOL_RETURN_IF_ERROR(f.StringList("topicList", &topics));
  list.topic_list.insert(topics.begin(), topics.end());
  return list;
}

std::string TopicList::Encode(JsonStyle style) const {
  JsonWriter w(style);
  WriteJson(&w);
  return w.Take();
}

absl::StatusOr<TopicList> TopicList::Decode(std::string_view json) {
  SPOOL_ASSIGN_OR_RETURN(JsonValue v, ParseJson(json));
  return FromJson(v);
}

}  // namespace spool::protocol
