#include "spool/protocol/broker_headers.h"

#include <tuple>
#include <utility>

#include "header_field_table.h"
#include "spool/remoting/request_code.h"
#include "spool/status_macros.h"

namespace spool::protocol {

using remoting::RemotingCommand;

namespace {

using internal::DecodeFields;
using internal::EncodeFields;
using internal::FieldTable;
using internal::HeaderField;

// The send header under its long (V1) and short (V2) keys: the same members in the same order.
using Send = SendMessageRequestHeader;
constexpr auto kSendV1Fields = FieldTable(
    HeaderField{"producerGroup", &Send::producer_group},
    HeaderField{"topic", &Send::topic},
    HeaderField{"defaultTopic", &Send::default_topic},
    HeaderField{"defaultTopicQueueNums", &Send::default_topic_queue_nums},
    HeaderField{"queueId", &Send::queue_id},
    HeaderField{"sysFlag", &Send::sys_flag},
    HeaderField{"bornTimestamp", &Send::born_timestamp},
    HeaderField{"flag", &Send::flag},
    HeaderField{"properties", &Send::properties},
    HeaderField{"reconsumeTimes", &Send::reconsume_times},
    HeaderField{"unitMode", &Send::unit_mode},
    HeaderField{"maxReconsumeTimes", &Send::max_reconsume_times},
    HeaderField{"batch", &Send::batch});
constexpr auto kSendV2Fields = FieldTable(
    HeaderField{"a", &Send::producer_group},
    HeaderField{"b", &Send::topic},
    HeaderField{"c", &Send::default_topic},
    HeaderField{"d", &Send::default_topic_queue_nums},
    HeaderField{"e", &Send::queue_id},
    HeaderField{"f", &Send::sys_flag},
    HeaderField{"g", &Send::born_timestamp},
    HeaderField{"h", &Send::flag},
    HeaderField{"i", &Send::properties},
    HeaderField{"j", &Send::reconsume_times},
    HeaderField{"k", &Send::unit_mode},
    HeaderField{"l", &Send::max_reconsume_times},
    HeaderField{"m", &Send::batch});
static_assert(std::tuple_size_v<decltype(kSendV1Fields)> == std::tuple_size_v<decltype(kSendV2Fields)>);

using SendResponse = SendMessageResponseHeader;
constexpr auto kSendResponseFields = FieldTable(
    HeaderField{"msgId", &SendResponse::msg_id},
    HeaderField{"queueId", &SendResponse::queue_id},
    HeaderField{"queueOffset", &SendResponse::queue_offset},
    HeaderField{"transactionId", &SendResponse::transaction_id},
    HeaderField{"MSG_REGION", &SendResponse::msg_region},
    HeaderField{"TRACE_ON", &SendResponse::trace_on});

using Pull = PullMessageRequestHeader;
constexpr auto kPullFields = FieldTable(
    HeaderField{"consumerGroup", &Pull::consumer_group},
    HeaderField{"topic", &Pull::topic},
    HeaderField{"queueId", &Pull::queue_id},
    HeaderField{"queueOffset", &Pull::queue_offset},
    HeaderField{"maxMsgNums", &Pull::max_msg_nums},
    HeaderField{"sysFlag", &Pull::sys_flag},
    HeaderField{"commitOffset", &Pull::commit_offset},
    HeaderField{"suspendTimeoutMillis", &Pull::suspend_timeout_millis},
    HeaderField{"subscription", &Pull::subscription},
    HeaderField{"subVersion", &Pull::sub_version},
    HeaderField{"expressionType", &Pull::expression_type});

using PullResponse = PullMessageResponseHeader;
constexpr auto kPullResponseFields = FieldTable(
    HeaderField{"suggestWhichBrokerId", &PullResponse::suggest_which_broker_id},
    HeaderField{"nextBeginOffset", &PullResponse::next_begin_offset},
    HeaderField{"minOffset", &PullResponse::min_offset},
    HeaderField{"maxOffset", &PullResponse::max_offset});

using QueryOffset = QueryConsumerOffsetRequestHeader;
constexpr auto kQueryOffsetFields = FieldTable(
    HeaderField{"consumerGroup", &QueryOffset::consumer_group},
    HeaderField{"topic", &QueryOffset::topic},
    HeaderField{"queueId", &QueryOffset::queue_id});

using UpdateOffset = UpdateConsumerOffsetRequestHeader;
constexpr auto kUpdateOffsetFields = FieldTable(
    HeaderField{"consumerGroup", &UpdateOffset::consumer_group},
    HeaderField{"topic", &UpdateOffset::topic},
    HeaderField{"queueId", &UpdateOffset::queue_id},
    HeaderField{"commitOffset", &UpdateOffset::commit_offset});

constexpr auto kOffsetResponseFields = FieldTable(
    HeaderField{"offset", &OffsetResponseHeader::offset});

constexpr auto kTopicQueueFields = FieldTable(
    HeaderField{"topic", &TopicQueueRequestHeader::topic},
    HeaderField{"queueId", &TopicQueueRequestHeader::queue_id});

constexpr auto kEarliestFields = FieldTable(
    HeaderField{"timestamp", &GetEarliestMsgStoretimeResponseHeader::timestamp});

constexpr auto kSearchOffsetFields = FieldTable(
    HeaderField{"topic", &SearchOffsetRequestHeader::topic},
    HeaderField{"queueId", &SearchOffsetRequestHeader::queue_id},
    HeaderField{"timestamp", &SearchOffsetRequestHeader::timestamp});

constexpr auto kViewMessageFields = FieldTable(
    HeaderField{"offset", &ViewMessageRequestHeader::offset});

using QueryMessage = QueryMessageRequestHeader;
constexpr auto kQueryMessageFields = FieldTable(
    HeaderField{"topic", &QueryMessage::topic},
    HeaderField{"key", &QueryMessage::key},
    HeaderField{"maxNum", &QueryMessage::max_num},
    HeaderField{"beginTimestamp", &QueryMessage::begin_timestamp},
    HeaderField{"endTimestamp", &QueryMessage::end_timestamp});

using QueryMessageResponse = QueryMessageResponseHeader;
constexpr auto kQueryMessageResponseFields = FieldTable(
    HeaderField{"indexLastUpdateTimestamp", &QueryMessageResponse::index_last_update_timestamp},
    HeaderField{"indexLastUpdatePhyoffset", &QueryMessageResponse::index_last_update_phyoffset});

constexpr auto kConsumerGroupFields = FieldTable(
    HeaderField{"consumerGroup", &ConsumerGroupHeader::consumer_group});

using Unregister = UnregisterClientRequestHeader;
constexpr auto kUnregisterFields = FieldTable(
    HeaderField{"clientID", &Unregister::client_id},
    HeaderField{"producerGroup", &Unregister::producer_group},
    HeaderField{"consumerGroup", &Unregister::consumer_group});

using SendBack = ConsumerSendMsgBackRequestHeader;
constexpr auto kSendBackFields = FieldTable(
    HeaderField{"offset", &SendBack::offset},
    HeaderField{"group", &SendBack::group},
    HeaderField{"delayLevel", &SendBack::delay_level},
    HeaderField{"originMsgId", &SendBack::origin_msg_id},
    HeaderField{"originTopic", &SendBack::origin_topic},
    HeaderField{"unitMode", &SendBack::unit_mode},
    HeaderField{"maxReconsumeTimes", &SendBack::max_reconsume_times});

// FromExtFields of a header whose codec is exactly its table.
template <typename H, typename Table>
absl::StatusOr<H> Decode(const RemotingCommand& cmd, const Table& table) {
  H header;
  SPOOL_RETURN_IF_ERROR(DecodeFields(cmd, table, &header));
  return header;
}

}  // namespace

HeaderFields SendMessageRequestHeader::ToExtFields() const { return EncodeFields(*this, kSendV1Fields); }

absl::StatusOr<SendMessageRequestHeader> SendMessageRequestHeader::FromExtFields(const RemotingCommand& cmd) {
  return Decode<SendMessageRequestHeader>(cmd, kSendV1Fields);
}

SendMessageRequestHeaderV2 SendMessageRequestHeaderV2::FromV1(const SendMessageRequestHeader& v1) {
  SendMessageRequestHeaderV2 v2;
  static_cast<SendMessageRequestHeader&>(v2) = v1;
  return v2;
}

HeaderFields SendMessageRequestHeaderV2::ToExtFields() const {
  return EncodeFields(static_cast<const SendMessageRequestHeader&>(*this), kSendV2Fields);
}

absl::StatusOr<SendMessageRequestHeaderV2> SendMessageRequestHeaderV2::FromExtFields(const RemotingCommand& cmd) {
  SendMessageRequestHeaderV2 h;
  SPOOL_RETURN_IF_ERROR(DecodeFields(cmd, kSendV2Fields, static_cast<SendMessageRequestHeader*>(&h)));
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

HeaderFields SendMessageResponseHeader::ToExtFields() const { return EncodeFields(*this, kSendResponseFields); }

absl::StatusOr<SendMessageResponseHeader> SendMessageResponseHeader::FromExtFields(const RemotingCommand& cmd) {
  return Decode<SendMessageResponseHeader>(cmd, kSendResponseFields);
}

HeaderFields PullMessageRequestHeader::ToExtFields() const { return EncodeFields(*this, kPullFields); }

absl::StatusOr<PullMessageRequestHeader> PullMessageRequestHeader::FromExtFields(const RemotingCommand& cmd) {
  return Decode<PullMessageRequestHeader>(cmd, kPullFields);
}

HeaderFields PullMessageResponseHeader::ToExtFields() const { return EncodeFields(*this, kPullResponseFields); }

absl::StatusOr<PullMessageResponseHeader> PullMessageResponseHeader::FromExtFields(const RemotingCommand& cmd) {
  return Decode<PullMessageResponseHeader>(cmd, kPullResponseFields);
}

HeaderFields QueryConsumerOffsetRequestHeader::ToExtFields() const { return EncodeFields(*this, kQueryOffsetFields); }

absl::StatusOr<QueryConsumerOffsetRequestHeader> QueryConsumerOffsetRequestHeader::FromExtFields(
    const RemotingCommand& cmd) {
  return Decode<QueryConsumerOffsetRequestHeader>(cmd, kQueryOffsetFields);
}

HeaderFields UpdateConsumerOffsetRequestHeader::ToExtFields() const { return EncodeFields(*this, kUpdateOffsetFields); }

absl::StatusOr<UpdateConsumerOffsetRequestHeader> UpdateConsumerOffsetRequestHeader::FromExtFields(
    const RemotingCommand& cmd) {
  return Decode<UpdateConsumerOffsetRequestHeader>(cmd, kUpdateOffsetFields);
}

HeaderFields OffsetResponseHeader::ToExtFields() const { return EncodeFields(*this, kOffsetResponseFields); }

absl::StatusOr<OffsetResponseHeader> OffsetResponseHeader::FromExtFields(const RemotingCommand& cmd) {
  return Decode<OffsetResponseHeader>(cmd, kOffsetResponseFields);
}

HeaderFields TopicQueueRequestHeader::ToExtFields() const { return EncodeFields(*this, kTopicQueueFields); }

absl::StatusOr<TopicQueueRequestHeader> TopicQueueRequestHeader::FromExtFields(const RemotingCommand& cmd) {
  return Decode<TopicQueueRequestHeader>(cmd, kTopicQueueFields);
}

HeaderFields GetEarliestMsgStoretimeResponseHeader::ToExtFields() const { return EncodeFields(*this, kEarliestFields); }

absl::StatusOr<GetEarliestMsgStoretimeResponseHeader> GetEarliestMsgStoretimeResponseHeader::FromExtFields(
    const RemotingCommand& cmd) {
  return Decode<GetEarliestMsgStoretimeResponseHeader>(cmd, kEarliestFields);
}

HeaderFields SearchOffsetRequestHeader::ToExtFields() const { return EncodeFields(*this, kSearchOffsetFields); }

absl::StatusOr<SearchOffsetRequestHeader> SearchOffsetRequestHeader::FromExtFields(const RemotingCommand& cmd) {
  return Decode<SearchOffsetRequestHeader>(cmd, kSearchOffsetFields);
}

HeaderFields ViewMessageRequestHeader::ToExtFields() const { return EncodeFields(*this, kViewMessageFields); }

absl::StatusOr<ViewMessageRequestHeader> ViewMessageRequestHeader::FromExtFields(const RemotingCommand& cmd) {
  return Decode<ViewMessageRequestHeader>(cmd, kViewMessageFields);
}

HeaderFields QueryMessageRequestHeader::ToExtFields() const { return EncodeFields(*this, kQueryMessageFields); }

absl::StatusOr<QueryMessageRequestHeader> QueryMessageRequestHeader::FromExtFields(const RemotingCommand& cmd) {
  return Decode<QueryMessageRequestHeader>(cmd, kQueryMessageFields);
}

HeaderFields QueryMessageResponseHeader::ToExtFields() const {
  return EncodeFields(*this, kQueryMessageResponseFields);
}

absl::StatusOr<QueryMessageResponseHeader> QueryMessageResponseHeader::FromExtFields(const RemotingCommand& cmd) {
  return Decode<QueryMessageResponseHeader>(cmd, kQueryMessageResponseFields);
}

HeaderFields ConsumerGroupHeader::ToExtFields() const { return EncodeFields(*this, kConsumerGroupFields); }

absl::StatusOr<ConsumerGroupHeader> ConsumerGroupHeader::FromExtFields(const RemotingCommand& cmd) {
  return Decode<ConsumerGroupHeader>(cmd, kConsumerGroupFields);
}

HeaderFields UnregisterClientRequestHeader::ToExtFields() const { return EncodeFields(*this, kUnregisterFields); }

absl::StatusOr<UnregisterClientRequestHeader> UnregisterClientRequestHeader::FromExtFields(const RemotingCommand& cmd) {
  return Decode<UnregisterClientRequestHeader>(cmd, kUnregisterFields);
}

HeaderFields ConsumerSendMsgBackRequestHeader::ToExtFields() const { return EncodeFields(*this, kSendBackFields); }

absl::StatusOr<ConsumerSendMsgBackRequestHeader> ConsumerSendMsgBackRequestHeader::FromExtFields(
    const RemotingCommand& cmd) {
  return Decode<ConsumerSendMsgBackRequestHeader>(cmd, kSendBackFields);
}

}  // namespace spool::protocol
