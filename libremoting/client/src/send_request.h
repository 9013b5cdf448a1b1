// File: send_request.h
// Building SEND_MESSAGE_V2 / SEND_BATCH_MESSAGE requests and reading their responses (the message-shaping half of
// DefaultMQProducerImpl.sendKernelImpl and MQClientAPIImpl.processSendResponse), without any I/O.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "spool/client/message.h"
#include "spool/client/message_queue.h"
#include "spool/client/producer.h"
#include "spool/client/send_result.h"
#include "spool/protocol/message_properties.h"
#include "spool/remoting/remoting_command.h"

namespace spool::client::internal {

// Topic name rules (Validators.checkTopic): 1..127 characters of [%|a-zA-Z0-9_-].
absl::Status CheckTopic(const std::string& topic);
// Topic, then body present and within max_message_size.
absl::Status CheckMessage(const Message& msg, const ProducerOptions& options);

// The message's properties with what the SDK adds: UNIQ_KEY (when absent) and WAIT.
protocol::MessagePropertyList SendProperties(const Message& msg, bool add_uniq_key);

// A message ready to go to one queue: the request without the queue, the UNIQ_KEY(s) to report.
struct PreparedSend {
  remoting::RemotingCommand request;
  std::string topic;
  std::string uniq_id;
};

// One message: compressed when its body reaches the threshold.
absl::StatusOr<PreparedSend> PrepareSend(const Message& msg, const std::string& group,
                                         const ProducerOptions& options);
// A batch (SEND_BATCH_MESSAGE, never compressed).
absl::StatusOr<PreparedSend> PrepareBatchSend(const std::vector<Message>& batch, const std::string& group,
                                              const ProducerOptions& options);

// Points the prepared request at `queue` (queue id header field and the `bname` field).
remoting::RemotingCommand RequestForQueue(const PreparedSend& prepared, const MessageQueue& queue);

// The response's SendResult, or its error (ResponseToStatus).
absl::StatusOr<SendResult> ProcessSendResponse(const remoting::RemotingCommand& response, const MessageQueue& queue,
                                               const std::string& uniq_id);

// Java retries a send on these response codes (and on transport failures).
bool IsRetriableSendCode(int32_t code);
bool IsRetriableTransportError(const absl::Status& status);

}  // namespace spool::client::internal
