#include "spool/protocol/lock_batch_body.h"

#include "absl/strings/str_cat.h"
#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/status_macros.h"

namespace spool::protocol {

namespace {

void WriteSet(const std::set<MessageQueue>& set, JsonWriter* w) {
  w->BeginArray();
  for (const MessageQueue& mq : set) mq.WriteJson(w);
  w->EndArray();
}

absl::Status ReadSet(const JsonFields& f, std::string_view key, std::set<MessageQueue>* out) {
  const JsonValue* v = f.Find(key);
  if (v == nullptr || v->is_null()) return absl::OkStatus();
  const std::string path = f.PathOf(key);
  SPOOL_RETURN_IF_ERROR(JsonExpectArray(*v, path));
  for (size_t i = 0; i < v->elements().size(); ++i) {
    if (v->elements()[i].is_null()) continue;
    SPOOL_ASSIGN_OR_RETURN(MessageQueue mq, MessageQueue::FromJson(v->elements()[i], absl::StrCat(path, "[", i, "]")));
    out->insert(std::move(mq));
  }
  return absl::OkStatus();
}

}  // namespace

std::string LockBatchRequestBody::Encode() const {
  JsonWriter w;
  w.BeginObject();
  w.Key("clientId");
  w.String(client_id);
  w.Key("consumerGroup");
  w.String(consumer_group);
  w.Key("mqSet");
  WriteSet(mq_set, &w);
  w.EndObject();
  return w.Take();
}

absl::StatusOr<LockBatchRequestBody> LockBatchRequestBody::Decode(std::string_view json) {
  SPOOL_ASSIGN_OR_RETURN(JsonValue v, ParseJson(json));
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, "LockBatchRequestBody"));
  LockBatchRequestBody b;
  SPOOL_RETURN_IF_ERROR(f.String("consumerGroup", &b.consumer_group));
  SPOOL_RETURN_IF_ERROR(f.String("clientId", &b.client_id));
  SPOOL_RETURN_IF_ERROR(ReadSet(f, "mqSet", &b.mq_set));
  return b;
}

std::string LockBatchResponseBody::Encode() const {
  JsonWriter w;
  w.BeginObject();
  w.Key("lockOKMQSet");
  WriteSet(lock_ok_mq_set, &w);
  w.EndObject();
  return w.Take();
}

absl::StatusOr<LockBatchResponseBody> LockBatchResponseBody::Decode(std::string_view json) {
  SPOOL_ASSIGN_OR_RETURN(JsonValue v, ParseJson(json));
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, "LockBatchResponseBody"));
  LockBatchResponseBody b;
  SPOOL_RETURN_IF_ERROR(ReadSet(f, "lockOKMQSet", &b.lock_ok_mq_set));
  return b;
}

}  // namespace spool::protocol
