// File: spool/protocol/broker_headers.h
// The custom headers (extFields) of client <-> broker requests and responses, as RocketMQ 4.9.7's classes in
// common/protocol/header flatten them (spec broker.md, remoting.md §7). The client SDK encodes requests and
// decodes responses with these; the broker does the reverse.
//
//   PullMessageRequestHeader h{.consumer_group = "G", .topic = "T", .queue_id = 0, .queue_offset = 42,
//                              .max_msg_nums = 32, .sys_flag = kPullSysFlagSuspend,
//                              .suspend_timeout_millis = 15000};
//   RemotingCommand request = RemotingCommand::CreateRequest(request_code::kPullMessage);
//   EncodeHeader(h, &request);
//
//   SPOOL_ASSIGN_OR_RETURN(PullMessageRequestHeader got, PullMessageRequestHeader::FromExtFields(request));
//
// ToExtFields writes every field Java would send (absent optionals are left out, as Java skips nulls), values as
// Java's toString ("true"/"false" for booleans). FromExtFields reads with RemotingCommand's typed getters: a
// missing required field is kInvalidArgument "missing header field <key>", a malformed value "bad value for <key>:
// ..."; booleans accept "true"/"false" (any case) and "1"/"0" (rocketmq-client-cpp 2.x); unknown keys (bname,
// AccessKey, Signature, ...) are ignored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "spool/remoting/remoting_command.h"

namespace spool::protocol {

using HeaderFields = remoting::RemotingCommand::ExtFields;

// Adds (replacing) the fields of any header of this file to `cmd`.
template <typename Header>
void EncodeHeader(const Header& header, remoting::RemotingCommand* cmd) {
  for (auto& [key, value] : header.ToExtFields()) cmd->SetExtField(key, value);
}

// TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC: the template topic of auto-creation.
inline constexpr char kAutoCreateTopicKeyTopic[] = "TBW102";

// SEND_MESSAGE (10) request, long field names (SendMessageRequestHeader).
struct SendMessageRequestHeader {
  std::string producer_group;
  std::string topic;
  // Template topic for auto-creation (normally TBW102) and the queue count the new topic should get.
  std::string default_topic = kAutoCreateTopicKeyTopic;
  int32_t default_topic_queue_nums = 4;
  // Negative: the broker picks one.
  int32_t queue_id = 0;
  // MessageSysFlag bits.
  int32_t sys_flag = 0;
  int64_t born_timestamp = 0;
  // The user's flag.
  int32_t flag = 0;
  // "name\x01value\x02..." (message_properties.h).
  std::optional<std::string> properties;
  std::optional<int32_t> reconsume_times;
  bool unit_mode = false;
  // Decides batch handling (a body of message_batch_codec.h records), whatever the request code.
  bool batch = false;
  std::optional<int32_t> max_reconsume_times;

  friend bool operator==(const SendMessageRequestHeader& a, const SendMessageRequestHeader& b) = default;

  HeaderFields ToExtFields() const;
  static absl::StatusOr<SendMessageRequestHeader> FromExtFields(const remoting::RemotingCommand& cmd);
};

// SEND_MESSAGE_V2 (310), SEND_BATCH_MESSAGE (320), SEND_REPLY_MESSAGE_V2 (325): the same fields under the short
// keys a..m (SendMessageRequestHeaderV2). Convert with FromV1/ToV1 (slicing to the base is ToV1 too).
struct SendMessageRequestHeaderV2 : SendMessageRequestHeader {
  static SendMessageRequestHeaderV2 FromV1(const SendMessageRequestHeader& v1);
  SendMessageRequestHeader ToV1() const { return *this; }

  HeaderFields ToExtFields() const;
  static absl::StatusOr<SendMessageRequestHeaderV2> FromExtFields(const remoting::RemotingCommand& cmd);
};

// The send header of `request` whatever its code: V2 keys for 310/320/325, V1 keys otherwise.
absl::StatusOr<SendMessageRequestHeader> DecodeSendMessageRequestHeader(const remoting::RemotingCommand& request);

// Response of the send codes.
struct SendMessageResponseHeader {
  // offsetMsgId(s) of the stored record(s); a batch joins them with ','.
  std::string msg_id;
  int32_t queue_id = 0;
  int64_t queue_offset = 0;
  // Never set by a 4.9.7 broker.
  std::optional<std::string> transaction_id;
  // Not fields of the Java header class, but a 4.9.7 broker always adds them to the same extFields
  // (MSG_REGION, TRACE_ON) and the Java client reads them on success.
  std::optional<std::string> msg_region;
  std::optional<std::string> trace_on;

  friend bool operator==(const SendMessageResponseHeader& a, const SendMessageResponseHeader& b) = default;

  HeaderFields ToExtFields() const;
  static absl::StatusOr<SendMessageResponseHeader> FromExtFields(const remoting::RemotingCommand& cmd);
};

// PULL_MESSAGE (11) request. PullSysFlag bits are in pull_sys_flag.h.
struct PullMessageRequestHeader {
  std::string consumer_group;
  std::string topic;
  int32_t queue_id = 0;
  int64_t queue_offset = 0;
  int32_t max_msg_nums = 32;
  int32_t sys_flag = 0;
  // The offset to commit when sys_flag has kPullSysFlagCommitOffset.
  int64_t commit_offset = 0;
  // How long the broker may hold the request when sys_flag has kPullSysFlagSuspend.
  int64_t suspend_timeout_millis = 0;
  // The subscription expression, used when sys_flag has kPullSysFlagSubscription.
  std::optional<std::string> subscription;
  int64_t sub_version = 0;
  // "TAG" (absent means TAG) or "SQL92".
  std::optional<std::string> expression_type;

  friend bool operator==(const PullMessageRequestHeader& a, const PullMessageRequestHeader& b) = default;

  HeaderFields ToExtFields() const;
  static absl::StatusOr<PullMessageRequestHeader> FromExtFields(const remoting::RemotingCommand& cmd);
};

// PULL_MESSAGE response (all four always present).
struct PullMessageResponseHeader {
  int64_t suggest_which_broker_id = 0;
  int64_t next_begin_offset = 0;
  int64_t min_offset = 0;
  int64_t max_offset = 0;

  friend bool operator==(const PullMessageResponseHeader& a, const PullMessageResponseHeader& b) = default;

  HeaderFields ToExtFields() const;
  static absl::StatusOr<PullMessageResponseHeader> FromExtFields(const remoting::RemotingCommand& cmd);
};

// QUERY_CONSUMER_OFFSET (14) request.
struct QueryConsumerOffsetRequestHeader {
  std::string consumer_group;
  std::string topic;
  int32_t queue_id = 0;

  friend bool operator==(const QueryConsumerOffsetRequestHeader& a,
                         const QueryConsumerOffsetRequestHeader& b) = default;

  HeaderFields ToExtFields() const;
  static absl::StatusOr<QueryConsumerOffsetRequestHeader> FromExtFields(const remoting::RemotingCommand& cmd);
};

// UPDATE_CONSUMER_OFFSET (15) request (the response header is empty).
struct UpdateConsumerOffsetRequestHeader {
  std::string consumer_group;
  std::string topic;
  int32_t queue_id = 0;
  int64_t commit_offset = 0;

  friend bool operator==(const UpdateConsumerOffsetRequestHeader& a,
                         const UpdateConsumerOffsetRequestHeader& b) = default;

  HeaderFields ToExtFields() const;
  static absl::StatusOr<UpdateConsumerOffsetRequestHeader> FromExtFields(const remoting::RemotingCommand& cmd);
};

// A response carrying one `offset`: QUERY_CONSUMER_OFFSET, GET_MAX_OFFSET, GET_MIN_OFFSET,
// SEARCH_OFFSET_BY_TIMESTAMP.
struct OffsetResponseHeader {
  int64_t offset = 0;

  friend bool operator==(const OffsetResponseHeader& a, const OffsetResponseHeader& b) = default;

  HeaderFields ToExtFields() const;
  static absl::StatusOr<OffsetResponseHeader> FromExtFields(const remoting::RemotingCommand& cmd);
};
using QueryConsumerOffsetResponseHeader = OffsetResponseHeader;
using GetMaxOffsetResponseHeader = OffsetResponseHeader;
using GetMinOffsetResponseHeader = OffsetResponseHeader;
using SearchOffsetResponseHeader = OffsetResponseHeader;

// GET_MAX_OFFSET (30), GET_MIN_OFFSET (31), GET_EARLIEST_MSG_STORETIME (32) requests: one queue.
struct TopicQueueRequestHeader {
  std::string topic;
  int32_t queue_id = 0;

  friend bool operator==(const TopicQueueRequestHeader& a, const TopicQueueRequestHeader& b) = default;

  HeaderFields ToExtFields() const;
  static absl::StatusOr<TopicQueueRequestHeader> FromExtFields(const remoting::RemotingCommand& cmd);
};
using GetMaxOffsetRequestHeader = TopicQueueRequestHeader;
using GetMinOffsetRequestHeader = TopicQueueRequestHeader;
using GetEarliestMsgStoretimeRequestHeader = TopicQueueRequestHeader;

// GET_EARLIEST_MSG_STORETIME response.
struct GetEarliestMsgStoretimeResponseHeader {
  int64_t timestamp = 0;

  friend bool operator==(const GetEarliestMsgStoretimeResponseHeader& a,
                         const GetEarliestMsgStoretimeResponseHeader& b) = default;

  HeaderFields ToExtFields() const;
  static absl::StatusOr<GetEarliestMsgStoretimeResponseHeader> FromExtFields(const remoting::RemotingCommand& cmd);
};

// SEARCH_OFFSET_BY_TIMESTAMP (29) request.
struct SearchOffsetRequestHeader {
  std::string topic;
  int32_t queue_id = 0;
  int64_t timestamp = 0;

  friend bool operator==(const SearchOffsetRequestHeader& a, const SearchOffsetRequestHeader& b) = default;

  HeaderFields ToExtFields() const;
  static absl::StatusOr<SearchOffsetRequestHeader> FromExtFields(const remoting::RemotingCommand& cmd);
};

// VIEW_MESSAGE_BY_ID (33) request: the commit-log offset decoded from an offsetMsgId (message_id.h).
struct ViewMessageRequestHeader {
  int64_t offset = 0;

  friend bool operator==(const ViewMessageRequestHeader& a, const ViewMessageRequestHeader& b) = default;

  HeaderFields ToExtFields() const;
  static absl::StatusOr<ViewMessageRequestHeader> FromExtFields(const remoting::RemotingCommand& cmd);
};

// QUERY_MESSAGE (12) request. A request whose extFields carry kUniqueKeyQueryField = "true" queries by UNIQ_KEY.
struct QueryMessageRequestHeader {
  std::string topic;
  std::string key;
  int32_t max_num = 32;
  int64_t begin_timestamp = 0;
  int64_t end_timestamp = 0;

  friend bool operator==(const QueryMessageRequestHeader& a, const QueryMessageRequestHeader& b) = default;

  HeaderFields ToExtFields() const;
  static absl::StatusOr<QueryMessageRequestHeader> FromExtFields(const remoting::RemotingCommand& cmd);
};
inline constexpr char kUniqueKeyQueryField[] = "_UNIQUE_KEY_QUERY";

// QUERY_MESSAGE response.
struct QueryMessageResponseHeader {
  int64_t index_last_update_timestamp = 0;
  int64_t index_last_update_phyoffset = 0;

  friend bool operator==(const QueryMessageResponseHeader& a, const QueryMessageResponseHeader& b) = default;

  HeaderFields ToExtFields() const;
  static absl::StatusOr<QueryMessageResponseHeader> FromExtFields(const remoting::RemotingCommand& cmd);
};

// GET_CONSUMER_LIST_BY_GROUP (38) and NOTIFY_CONSUMER_IDS_CHANGED (40, broker -> client) requests.
struct ConsumerGroupHeader {
  std::string consumer_group;

  friend bool operator==(const ConsumerGroupHeader& a, const ConsumerGroupHeader& b) = default;

  HeaderFields ToExtFields() const;
  static absl::StatusOr<ConsumerGroupHeader> FromExtFields(const remoting::RemotingCommand& cmd);
};
using GetConsumerListByGroupRequestHeader = ConsumerGroupHeader;
using NotifyConsumerIdsChangedRequestHeader = ConsumerGroupHeader;

// UNREGISTER_CLIENT (35) request.
struct UnregisterClientRequestHeader {
  std::string client_id;  // key "clientID"
  std::optional<std::string> producer_group;
  std::optional<std::string> consumer_group;

  friend bool operator==(const UnregisterClientRequestHeader& a, const UnregisterClientRequestHeader& b) = default;

  HeaderFields ToExtFields() const;
  static absl::StatusOr<UnregisterClientRequestHeader> FromExtFields(const remoting::RemotingCommand& cmd);
};

// CONSUMER_SEND_MSG_BACK (36) request.
struct ConsumerSendMsgBackRequestHeader {
  // Commit-log offset of the consumed message.
  int64_t offset = 0;
  std::string group;
  // 0: the broker picks 3 + reconsumeTimes; negative: straight to the DLQ.
  int32_t delay_level = 0;
  std::optional<std::string> origin_msg_id;
  std::optional<std::string> origin_topic;
  bool unit_mode = false;
  std::optional<int32_t> max_reconsume_times;

  friend bool operator==(const ConsumerSendMsgBackRequestHeader& a,
                         const ConsumerSendMsgBackRequestHeader& b) = default;

  HeaderFields ToExtFields() const;
  static absl::StatusOr<ConsumerSendMsgBackRequestHeader> FromExtFields(const remoting::RemotingCommand& cmd);
};

}  // namespace spool::protocol
