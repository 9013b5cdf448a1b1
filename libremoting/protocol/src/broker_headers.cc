#include "spool/protocol/broker_headers.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "spool/remoting/request_code.h"
#include "spool/status_macros.h"

namespace spool::protocol {

using remoting::RemotingCommand;

namespace {

void PutInt(HeaderFields* f, const char* key, int64_t value) { (*f)[key] = absl::StrCat(value); }
void PutBool(HeaderFields* f, const char* key, bool value) { (*f)[key] = value ? "true" : "false"; }
void PutOpt(HeaderFields* f, const char* key, const std::optional<std::string>& value) {
  if (value.has_value()) (*f)[key] = *value;
}
void PutOptInt(HeaderFields* f, const char* key, const std::optional<int32_t>& value) {
  if (value.has_value()) PutInt(f, key, *value);
}

std::optional<std::string> OptString(const RemotingCommand& cmd, std::string_view key) {
  const std::string* v = cmd.FindExtField(key);
  return v == nullptr ? std::nullopt : std::optional<std::string>(*v);
}

absl::StatusOr<std::optional<int32_t>> OptInt32(const RemotingCommand& cmd, std::string_view key) {
  if (!cmd.HasExtField(key)) return std::optional<int32_t>();
  SPOOL_ASSIGN_OR_RETURN(int32_t v, cmd.GetInt32(key));
  return std::optional<int32_t>(v);
}

// The keys of the send header's fields, long (V1) or short (V2) spelling.
struct SendKeys {
  const char* producer_group;
  const char* topic;
  const char* default_topic;
  const char* default_topic_queue_nums;
  const char* queue_id;
  const char* sys_flag;
  const char* born_timestamp;
  const char* flag;
  const char* properties;
  const char* reconsume_times;
  const char* unit_mode;
  const char* max_reconsume_times;
  const char* batch;
};

constexpr SendKeys kV1Keys{"producerGroup", "topic",      "defaultTopic",   "defaultTopicQueueNums", "queueId",
                           "sysFlag",       "bornTimestamp", "flag",        "properties",            "reconsumeTimes",
                           "unitMode",      "maxReconsumeTimes", "batch"};
constexpr SendKeys kV2Keys{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m"};

HeaderFields EncodeSend(const SendMessageRequestHeader& h, const SendKeys& k) {
  HeaderFields f;
  f[k.producer_group] = h.producer_group;
  f[k.topic] = h.topic;
  f[k.default_topic] = h.default_topic;
  PutInt(&f, k.default_topic_queue_nums, h.default_topic_queue_nums);
  PutInt(&f, k.queue_id, h.queue_id);
  PutInt(&f, k.sys_flag, h.sys_flag);
  PutInt(&f, k.born_timestamp, h.born_timestamp);
  PutInt(&f, k.flag, h.flag);
  PutOpt(&f, k.properties, h.properties);
  PutOptInt(&f, k.reconsume_times, h.reconsume_times);
  PutBool(&f, k.unit_mode, h.unit_mode);
  PutOptInt(&f, k.max_reconsume_times, h.max_reconsume_times);
  PutBool(&f, k.batch, h.batch);
  return f;
}

absl::Status DecodeSend(const RemotingCommand& cmd, const SendKeys& k, SendMessageRequestHeader* h) {
  SPOOL_ASSIGN_OR_RETURN(h->producer_group, cmd.GetString(k.producer_group));
  SPOOL_ASSIGN_OR_RETURN(h->topic, cmd.GetString(k.topic));
  SPOOL_ASSIGN_OR_RETURN(h->default_topic, cmd.GetString(k.default_topic));
  SPOOL_ASSIGN_OR_RETURN(h->default_topic_queue_nums, cmd.GetInt32(k.default_topic_queue_nums));
  SPOOL_ASSIGN_OR_RETURN(h->queue_id, cmd.GetInt32(k.queue_id));
  SPOOL_ASSIGN_OR_RETURN(h->sys_flag, cmd.GetInt32(k.sys_flag));
  SPOOL_ASSIGN_OR_RETURN(h->born_timestamp, cmd.GetInt64(k.born_timestamp));
  SPOOL_ASSIGN_OR_RETURN(h->flag, cmd.GetInt32(k.flag));
  h->properties = OptString(cmd, k.properties);
  SPOOL_ASSIGN_OR_RETURN(h->reconsume_times, OptInt32(cmd, k.reconsume_times));
  SPOOL_ASSIGN_OR_RETURN(h->unit_mode, cmd.GetBoolOr(k.unit_mode, false));
  SPOOL_ASSIGN_OR_RETURN(h->max_reconsume_times, OptInt32(cmd, k.max_reconsume_times));
  SPOOL_ASSIGN_OR_RETURN(h->batch, cmd.GetBoolOr(k.batch, false));
  return absl::OkStatus();
}

}  // namespace

HeaderFields SendMessageRequestHeader::ToExtFields() const { return EncodeSend(*this, kV1Keys); }

absl::StatusOr<SendMessageRequestHeader> SendMessageRequestHeader::FromExtFields(const RemotingCommand& cmd) {
  SendMessageRequestHeader h;
  SPOOL_RETURN_IF_ERROR(DecodeSend(cmd, kV1Keys, &h));
  return h;
}

SendMessageRequestHeaderV2 SendMessageRequestHeaderV2::FromV1(const SendMessageRequestHeader& v1) {
  SendMessageRequestHeaderV2 v2;
  static_cast<SendMessageRequestHeader&>(v2) = v1;
  return v2;
}

HeaderFields SendMessageRequestHeaderV2::ToExtFields() const { return EncodeSend(*this, kV2Keys); }

absl::StatusOr<SendMessageRequestHeaderV2> SendMessageRequestHeaderV2::FromExtFields(const RemotingCommand& cmd) {
  SendMessageRequestHeaderV2 h;
  SPOOL_RETURN_IF_ERROR(DecodeSend(cmd, kV2Keys, &h));
  return h;
}

absl::StatusOr<SendMessageRequestHeader> DecodeSendMessageRequestHeader(const RemotingCommand& request) {
  switch (request.code()) {
    case remoting::request_code::kSendMessageV2:
    case remoting::request_code::kSendBatchMessage:
    case remoting::request_code::kSendReplyMessageV2: {
      SPOOL_ASSIGN_OR_RETURN(SendMessageRequestHeaderV2 v2, SendMessageRequestHeaderV2::FromExtFields(request));
      return v2.ToV1();
    }
    default:
      return SendMessageRequestHeader::FromExtFields(request);
  }
}

HeaderFields SendMessageResponseHeader::ToExtFields() const {
  HeaderFields f;
  f["msgId"] = msg_id;
  PutInt(&f, "queueId", queue_id);
  PutInt(&f, "queueOffset", queue_offset);
  PutOpt(&f, "transactionId", transaction_id);
  PutOpt(&f, "MSG_REGION", msg_region);
  PutOpt(&f, "TRACE_ON", trace_on);
  return f;
}

absl::StatusOr<SendMessageResponseHeader> SendMessageResponseHeader::FromExtFields(const RemotingCommand& cmd) {
  SendMessageResponseHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.msg_id, cmd.GetString("msgId"));
  SPOOL_ASSIGN_OR_RETURN(h.queue_id, cmd.GetInt32("queueId"));
  SPOOL_ASSIGN_OR_RETURN(h.queue_offset, cmd.GetInt64("queueOffset"));
  h.transaction_id = OptString(cmd, "transactionId");
  h.msg_region = OptString(cmd, "MSG_REGION");
  h.trace_on = OptString(cmd, "TRACE_ON");
  return h;
}

HeaderFields PullMessageRequestHeader::ToExtFields() const {
  HeaderFields f;
  f["consumerGroup"] = consumer_group;
  f["topic"] = topic;
  PutInt(&f, "queueId", queue_id);
  PutInt(&f, "queueOffset", queue_offset);
  PutInt(&f, "maxMsgNums", max_msg_nums);
  PutInt(&f, "sysFlag", sys_flag);
  PutInt(&f, "commitOffset", commit_offset);
  PutInt(&f, "suspendTimeoutMillis", suspend_timeout_millis);
  PutOpt(&f, "subscription", subscription);
  PutInt(&f, "subVersion", sub_version);
  PutOpt(&f, "expressionType", expression_type);
  return f;
}

absl::StatusOr<PullMessageRequestHeader> PullMessageRequestHeader::FromExtFields(const RemotingCommand& cmd) {
  PullMessageRequestHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.consumer_group, cmd.GetString("consumerGroup"));
  SPOOL_ASSIGN_OR_RETURN(h.topic, cmd.GetString("topic"));
  SPOOL_ASSIGN_OR_RETURN(h.queue_id, cmd.GetInt32("queueId"));
  SPOOL_ASSIGN_OR_RETURN(h.queue_offset, cmd.GetInt64("queueOffset"));
  SPOOL_ASSIGN_OR_RETURN(h.max_msg_nums, cmd.GetInt32("maxMsgNums"));
  SPOOL_ASSIGN_OR_RETURN(h.sys_flag, cmd.GetInt32("sysFlag"));
  SPOOL_ASSIGN_OR_RETURN(h.commit_offset, cmd.GetInt64("commitOffset"));
  SPOOL_ASSIGN_OR_RETURN(h.suspend_timeout_millis, cmd.GetInt64("suspendTimeoutMillis"));
  h.subscription = OptString(cmd, "subscription");
  SPOOL_ASSIGN_OR_RETURN(h.sub_version, cmd.GetInt64("subVersion"));
  h.expression_type = OptString(cmd, "expressionType");
  return h;
}

HeaderFields PullMessageResponseHeader::ToExtFields() const {
  HeaderFields f;
  PutInt(&f, "suggestWhichBrokerId", suggest_which_broker_id);
  PutInt(&f, "nextBeginOffset", next_begin_offset);
  PutInt(&f, "minOffset", min_offset);
  PutInt(&f, "maxOffset", max_offset);
  return f;
}

absl::StatusOr<PullMessageResponseHeader> PullMessageResponseHeader::FromExtFields(const RemotingCommand& cmd) {
  PullMessageResponseHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.suggest_which_broker_id, cmd.GetInt64("suggestWhichBrokerId"));
  SPOOL_ASSIGN_OR_RETURN(h.next_begin_offset, cmd.GetInt64("nextBeginOffset"));
  SPOOL_ASSIGN_OR_RETURN(h.min_offset, cmd.GetInt64("minOffset"));
  SPOOL_ASSIGN_OR_RETURN(h.max_offset, cmd.GetInt64("maxOffset"));
  return h;
}

HeaderFields QueryConsumerOffsetRequestHeader::ToExtFields() const {
  HeaderFields f;
  f["consumerGroup"] = consumer_group;
  f["topic"] = topic;
  PutInt(&f, "queueId", queue_id);
  return f;
}

absl::StatusOr<QueryConsumerOffsetRequestHeader> QueryConsumerOffsetRequestHeader::FromExtFields(
    const RemotingCommand& cmd) {
  QueryConsumerOffsetRequestHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.consumer_group, cmd.GetString("consumerGroup"));
  SPOOL_ASSIGN_OR_RETURN(h.topic, cmd.GetString("topic"));
  SPOOL_ASSIGN_OR_RETURN(h.queue_id, cmd.GetInt32("queueId"));
  return h;
}

HeaderFields UpdateConsumerOffsetRequestHeader::ToExtFields() const {
  HeaderFields f;
  f["consumerGroup"] = consumer_group;
  f["topic"] = topic;
  PutInt(&f, "queueId", queue_id);
  PutInt(&f, "commitOffset", commit_offset);
  return f;
}

absl::StatusOr<UpdateConsumerOffsetRequestHeader> UpdateConsumerOffsetRequestHeader::FromExtFields(
    const RemotingCommand& cmd) {
  UpdateConsumerOffsetRequestHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.consumer_group, cmd.GetString("consumerGroup"));
  SPOOL_ASSIGN_OR_RETURN(h.topic, cmd.GetString("topic"));
  SPOOL_ASSIGN_OR_RETURN(h.queue_id, cmd.GetInt32("queueId"));
  SPOOL_ASSIGN_OR_RETURN(h.commit_offset, cmd.GetInt64("commitOffset"));
  return h;
}

HeaderFields OffsetResponseHeader::ToExtFields() const {
  HeaderFields f;
  PutInt(&f, "offset", offset);
  return f;
}

absl::StatusOr<OffsetResponseHeader> OffsetResponseHeader::FromExtFields(const RemotingCommand& cmd) {
  OffsetResponseHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.offset, cmd.GetInt64("offset"));
  return h;
}

HeaderFields TopicQueueRequestHeader::ToExtFields() const {
  HeaderFields f;
  f["topic"] = topic;
  PutInt(&f, "queueId", queue_id);
  return f;
}

absl::StatusOr<TopicQueueRequestHeader> TopicQueueRequestHeader::FromExtFields(const RemotingCommand& cmd) {
  TopicQueueRequestHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.topic, cmd.GetString("topic"));
  SPOOL_ASSIGN_OR_RETURN(h.queue_id, cmd.GetInt32("queueId"));
  return h;
}

HeaderFields GetEarliestMsgStoretimeResponseHeader::ToExtFields() const {
  HeaderFields f;
  PutInt(&f, "timestamp", timestamp);
  return f;
}

absl::StatusOr<GetEarliestMsgStoretimeResponseHeader> GetEarliestMsgStoretimeResponseHeader::FromExtFields(
    const RemotingCommand& cmd) {
  GetEarliestMsgStoretimeResponseHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.timestamp, cmd.GetInt64("timestamp"));
  return h;
}

HeaderFields SearchOffsetRequestHeader::ToExtFields() const {
  HeaderFields f;
  f["topic"] = topic;
  PutInt(&f, "queueId", queue_id);
  PutInt(&f, "timestamp", timestamp);
  return f;
}

absl::StatusOr<SearchOffsetRequestHeader> SearchOffsetRequestHeader::FromExtFields(const RemotingCommand& cmd) {
  SearchOffsetRequestHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.topic, cmd.GetString("topic"));
  SPOOL_ASSIGN_OR_RETURN(h.queue_id, cmd.GetInt32("queueId"));
  SPOOL_ASSIGN_OR_RETURN(h.timestamp, cmd.GetInt64("timestamp"));
  return h;
}

HeaderFields ViewMessageRequestHeader::ToExtFields() const {
  HeaderFields f;
  PutInt(&f, "offset", offset);
  return f;
}

absl::StatusOr<ViewMessageRequestHeader> ViewMessageRequestHeader::FromExtFields(const RemotingCommand& cmd) {
  ViewMessageRequestHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.offset, cmd.GetInt64("offset"));
  return h;
}

HeaderFields QueryMessageRequestHeader::ToExtFields() const {
  HeaderFields f;
  f["topic"] = topic;
  f["key"] = key;
  PutInt(&f, "maxNum", max_num);
  PutInt(&f, "beginTimestamp", begin_timestamp);
  PutInt(&f, "endTimestamp", end_timestamp);
  return f;
}

absl::StatusOr<QueryMessageRequestHeader> QueryMessageRequestHeader::FromExtFields(const RemotingCommand& cmd) {
  QueryMessageRequestHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.topic, cmd.GetString("topic"));
  SPOOL_ASSIGN_OR_RETURN(h.key, cmd.GetString("key"));
  SPOOL_ASSIGN_OR_RETURN(h.max_num, cmd.GetInt32("maxNum"));
  SPOOL_ASSIGN_OR_RETURN(h.begin_timestamp, cmd.GetInt64("beginTimestamp"));
  SPOOL_ASSIGN_OR_RETURN(h.end_timestamp, cmd.GetInt64("endTimestamp"));
  return h;
}

HeaderFields QueryMessageResponseHeader::ToExtFields() const {
  HeaderFields f;
  PutInt(&f, "indexLastUpdateTimestamp", index_last_update_timestamp);
  PutInt(&f, "indexLastUpdatePhyoffset", index_last_update_phyoffset);
  return f;
}

absl::StatusOr<QueryMessageResponseHeader> QueryMessageResponseHeader::FromExtFields(const RemotingCommand& cmd) {
  QueryMessageResponseHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.index_last_update_timestamp, cmd.GetInt64("indexLastUpdateTimestamp"));
  SPOOL_ASSIGN_OR_RETURN(h.index_last_update_phyoffset, cmd.GetInt64("indexLastUpdatePhyoffset"));
  return h;
}

HeaderFields ConsumerGroupHeader::ToExtFields() const {
  HeaderFields f;
  f["consumerGroup"] = consumer_group;
  return f;
}

absl::StatusOr<ConsumerGroupHeader> ConsumerGroupHeader::FromExtFields(const RemotingCommand& cmd) {
  ConsumerGroupHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.consumer_group, cmd.GetString("consumerGroup"));
  return h;
}

HeaderFields UnregisterClientRequestHeader::ToExtFields() const {
  HeaderFields f;
  f["clientID"] = client_id;
  PutOpt(&f, "producerGroup", producer_group);
  PutOpt(&f, "consumerGroup", consumer_group);
  return f;
}

absl::StatusOr<UnregisterClientRequestHeader> UnregisterClientRequestHeader::FromExtFields(
    const RemotingCommand& cmd) {
  UnregisterClientRequestHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.client_id, cmd.GetString("clientID"));
  h.producer_group = OptString(cmd, "producerGroup");
  h.consumer_group = OptString(cmd, "consumerGroup");
  return h;
}

HeaderFields ConsumerSendMsgBackRequestHeader::ToExtFields() const {
  HeaderFields f;
  PutInt(&f, "offset", offset);
  f["group"] = group;
  PutInt(&f, "delayLevel", delay_level);
  PutOpt(&f, "originMsgId", origin_msg_id);
  PutOpt(&f, "originTopic", origin_topic);
  PutBool(&f, "unitMode", unit_mode);
  PutOptInt(&f, "maxReconsumeTimes", max_reconsume_times);
  return f;
}

absl::StatusOr<ConsumerSendMsgBackRequestHeader> ConsumerSendMsgBackRequestHeader::FromExtFields(
    const RemotingCommand& cmd) {
  ConsumerSendMsgBackRequestHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.offset, cmd.GetInt64("offset"));
  SPOOL_ASSIGN_OR_RETURN(h.group, cmd.GetString("group"));
  SPOOL_ASSIGN_OR_RETURN(h.delay_level, cmd.GetInt32("delayLevel"));
  h.origin_msg_id = OptString(cmd, "originMsgId");
  h.origin_topic = OptString(cmd, "originTopic");
  SPOOL_ASSIGN_OR_RETURN(h.unit_mode, cmd.GetBoolOr("unitMode", false));
  SPOOL_ASSIGN_OR_RETURN(h.max_reconsume_times, OptInt32(cmd, "maxReconsumeTimes"));
  return h;
}

}  // namespace spool::protocol
