#include "spool/protocol/queue_data.h"

#include "spool/protocol/json_fields.h"
#include "spool/status_macros.h"

namespace spool::protocol {

void QueueData::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  w->Key("brokerName");
  w->String(broker_name);
  w->Key("perm");
  w->Int(perm);
  w->Key("readQueueNums");
  w->Int(read_queue_nums);
  w->Key("topicSysFlag");
  w->Int(topic_sys_flag);
  w->Key("writeQueueNums");
  w->Int(write_queue_nums);
  w->EndObject();
}

absl::StatusOr<QueueData> QueueData::FromJson(const JsonValue& v, std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  QueueData qd;
  SPOOL_RETURN_IF_ERROR(f.String("brokerName", &qd.broker_name));
  SPOOL_RETURN_IF_ERROR(f.Int32("readQueueNums", &qd.read_queue_nums));
  SPOOL_RETURN_IF_ERROR(f.Int32("writeQueueNums", &qd.write_queue_nums));
  SPOOL_RETURN_IF_ERROR(f.Int32("perm", &qd.perm));
  SPOOL_RETURN_IF_ERROR(f.Int32("topicSynFlag", &qd.topic_sys_flag));
  SPOOL_RETURN_IF_ERROR(f.Int32("topicSysFlag", &qd.topic_sys_flag));
  return qd;
}

}  // namespace spool::protocol
