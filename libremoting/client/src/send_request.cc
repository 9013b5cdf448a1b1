#include "send_request.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client_instance.h"
#include "compression.h"
#include "spool/protocol/broker_headers.h"
#include "spool/protocol/message_batch_codec.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "spool/store/message.h"
#include "spool/status_macros.h"
#include "unique_id.h"

namespace spool::client::internal {

namespace rc = remoting::request_code;
namespace resp = remoting::response_code;

namespace {

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

protocol::SendMessageRequestHeaderV2 BaseHeader(const std::string& group, const std::string& topic,
                                                const ProducerOptions& options) {
  protocol::SendMessageRequestHeader h;
  h.producer_group = group;
  h.topic = topic;
  h.default_topic = options.create_topic_key;
  h.default_topic_queue_nums = options.default_topic_queue_nums;
  h.born_timestamp = NowMillis();
  h.reconsume_times = 0;
  h.unit_mode = false;
  return protocol::SendMessageRequestHeaderV2::FromV1(h);
}

}  // namespace

absl::Status CheckTopic(const std::string& topic) {
  if (topic.empty()) return absl::InvalidArgumentError("the message topic is empty");
  if (topic.size() > 127) return absl::InvalidArgumentError(absl::StrCat("topic name longer than 127: ", topic));
  for (char c : topic) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '%' ||
                    c == '|' || c == '_' || c == '-';
    if (!ok) return absl::InvalidArgumentError(absl::StrCat("topic \"", topic, "\" has characters outside [%|a-zA-Z0-9_-]"));
  }
  return absl::OkStatus();
}

absl::Status CheckMessage(const Message& msg, const ProducerOptions& options) {
  SPOOL_RETURN_IF_ERROR(CheckTopic(msg.topic()));
  if (msg.body().empty()) return absl::InvalidArgumentError("the message body is empty");
  if (msg.body().size() > static_cast<size_t>(options.max_message_size)) {
    return absl::InvalidArgumentError(absl::StrCat("the message body size ", msg.body().size(),
                                                   " is over maxMessageSize ", options.max_message_size));
  }
  return absl::OkStatus();
}

protocol::MessagePropertyList SendProperties(const Message& msg, bool add_uniq_key) {
  protocol::MessagePropertyList props;
  for (const auto& [name, value] : msg.properties()) props.emplace_back(name, value);
  if (add_uniq_key && !msg.HasProperty(protocol::kPropertyUniqClientMessageIdKey)) {
    props.emplace_back(protocol::kPropertyUniqClientMessageIdKey, UniqueIdGenerator::Global().Next());
  }
  if (!msg.HasProperty(protocol::kPropertyWaitStoreMsgOk)) props.emplace_back(protocol::kPropertyWaitStoreMsgOk, "true");
  return props;
}

absl::StatusOr<PreparedSend> PrepareSend(const Message& msg, const std::string& group,
                                         const ProducerOptions& options) {
  SPOOL_RETURN_IF_ERROR(CheckMessage(msg, options));
  protocol::MessagePropertyList props = SendProperties(msg, /*add_uniq_key=*/true);
  PreparedSend prepared;
  prepared.topic = msg.topic();
  prepared.uniq_id = *protocol::FindMessageProperty(props, protocol::kPropertyUniqClientMessageIdKey);
  protocol::SendMessageRequestHeaderV2 h = BaseHeader(group, msg.topic(), options);
  h.flag = msg.flag();
  std::string body = msg.body();
  if (options.compress_msg_body_over_howmuch > 0 &&
      body.size() >= static_cast<size_t>(options.compress_msg_body_over_howmuch)) {
    absl::StatusOr<std::string> compressed = ZlibCompress(body, options.compress_level);
    if (compressed.ok()) {
      body = std::move(*compressed);
      // Bit 0 says "compressed"; 4.9.7 also writes the compression type (zlib) in bits 8..10.
      h.sys_flag |= store::kSysFlagCompressed | store::kSysFlagCompressionZlib;
    }
  }
  h.properties = protocol::EncodeMessageProperties(props);
  prepared.request = remoting::RemotingCommand::CreateRequest(rc::kSendMessageV2);
  protocol::EncodeHeader(h, &prepared.request);
  prepared.request.set_body(std::move(body));
  return prepared;
}

absl::StatusOr<PreparedSend> PrepareBatchSend(const std::vector<Message>& batch, const std::string& group,
                                              const ProducerOptions& options) {
  if (batch.empty()) return absl::InvalidArgumentError("the batch is empty");
  const std::string& topic = batch.front().topic();
  std::vector<protocol::BatchMessage> encoded;
  std::vector<std::string> uniq_ids;
  for (const Message& msg : batch) {
    if (msg.topic() != topic) {
      return absl::InvalidArgumentError(
          absl::StrCat("every message of a batch must have the same topic: ", topic, " vs ", msg.topic()));
    }
    if (msg.delay_time_level() > 0) return absl::InvalidArgumentError("delayed messages cannot be batched");
    if (topic.rfind("%RETRY%", 0) == 0) return absl::InvalidArgumentError("retry topics cannot be batched");
    SPOOL_RETURN_IF_ERROR(CheckTopic(msg.topic()));
    if (msg.body().empty()) return absl::InvalidArgumentError("a message body of the batch is empty");
    protocol::MessagePropertyList props = SendProperties(msg, /*add_uniq_key=*/true);
    uniq_ids.push_back(*protocol::FindMessageProperty(props, protocol::kPropertyUniqClientMessageIdKey));
    encoded.push_back(protocol::BatchMessage{msg.flag(), msg.body(), protocol::EncodeMessageProperties(props)});
  }
  SPOOL_ASSIGN_OR_RETURN(std::string body, protocol::EncodeMessageBatch(encoded));
  if (body.size() > static_cast<size_t>(options.max_message_size)) {
    return absl::InvalidArgumentError(absl::StrCat("the batch body size ", body.size(), " is over maxMessageSize ",
                                                   options.max_message_size));
  }
  PreparedSend prepared;
  prepared.topic = topic;
  prepared.uniq_id = absl::StrJoin(uniq_ids, ",");
  protocol::SendMessageRequestHeaderV2 h = BaseHeader(group, topic, options);
  h.batch = true;
  h.properties = protocol::EncodeMessageProperties(
      {{protocol::kPropertyWaitStoreMsgOk, batch.front().wait_store_msg_ok() ? "true" : "false"}});
  prepared.request = remoting::RemotingCommand::CreateRequest(rc::kSendBatchMessage);
  protocol::EncodeHeader(h, &prepared.request);
  prepared.request.set_body(std::move(body));
  return prepared;
}

remoting::RemotingCommand RequestForQueue(const PreparedSend& prepared, const MessageQueue& queue) {
  remoting::RemotingCommand request = prepared.request;
  // V2 short key "e" is queueId.
  request.SetExtFieldInt("e", queue.queue_id);
  request.SetExtField("bname", queue.broker_name);
  return request;
}

absl::StatusOr<SendResult> ProcessSendResponse(const remoting::RemotingCommand& response, const MessageQueue& queue,
                                               const std::string& uniq_id) {
  SendResult result;
  switch (response.code()) {
    case resp::kSuccess: result.status = SendStatus::kSendOk; break;
    case resp::kFlushDiskTimeout: result.status = SendStatus::kFlushDiskTimeout; break;
    case resp::kFlushSlaveTimeout: result.status = SendStatus::kFlushSlaveTimeout; break;
    case resp::kSlaveNotAvailable: result.status = SendStatus::kSlaveNotAvailable; break;
    default: return ResponseToStatus(response, absl::StrCat("send to ", ToString(queue)));
  }
  absl::StatusOr<protocol::SendMessageResponseHeader> header =
      protocol::SendMessageResponseHeader::FromExtFields(response);
  if (!header.ok()) {
    return absl::DataLossError(absl::StrCat("send response from ", queue.broker_name, ": ", header.status().message()));
  }
  result.msg_id = uniq_id;
  result.offset_msg_id = header->msg_id;
  result.queue = MessageQueue{queue.topic, queue.broker_name, header->queue_id};
  result.queue_offset = header->queue_offset;
  result.region_id = header->msg_region.value_or("DefaultRegion");
  result.trace_on = header->trace_on.value_or("true") != "false";
  return result;
}

bool IsRetriableSendCode(int32_t code) {
  switch (code) {
    case resp::kSystemError:
    case resp::kServiceNotAvailable:
    case resp::kNoPermission:
    case resp::kTopicNotExist:
    case resp::kNoBuyerId:
    case resp::kNotInCurrentUnit:
      return true;
    default:
      return false;
  }
}

bool IsRetriableTransportError(const absl::Status& status) {
  return absl::IsDeadlineExceeded(status) || absl::IsUnavailable(status) || absl::IsResourceExhausted(status);
}

}  // namespace spool::client::internal
