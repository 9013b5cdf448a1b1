#include "spool/protocol/message_queue.h"

#include "spool/protocol/json_fields.h"
#include "spool/status_macros.h"

namespace spool::protocol {

void MessageQueue::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  w->Key("brokerName");
  w->String(broker_name);
  w->Key("queueId");
  w->Int(queue_id);
  w->Key("topic");
  w->String(topic);
  w->EndObject();
}

std::string MessageQueue::ToJson() const {
  JsonWriter w;
  WriteJson(&w);
  return w.Take();
}

absl::StatusOr<MessageQueue> MessageQueue::FromJson(const JsonValue& v, std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  MessageQueue mq;
  SPOOL_RETURN_IF_ERROR(f.String("topic", &mq.topic));
  SPOOL_RETURN_IF_ERROR(f.String("brokerName", &mq.broker_name));
  SPOOL_RETURN_IF_ERROR(f.Int32("queueId", &mq.queue_id));
  return mq;
}

}  // namespace spool::protocol
