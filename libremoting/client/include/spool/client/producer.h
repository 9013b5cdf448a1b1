// File: spool/client/producer.h
// Producer: RocketMQ's DefaultMQProducer. Sends to the queues of a topic's route round-robin, retrying another
// queue (and broker) on failure; ordered sends through a MessageQueueSelector; batches; topics without a route are
// created on first send through the TBW102 template route, as the Java client does.
//
//   ProducerOptions options;
//   options.client.namesrv_addr = "127.0.0.1:9876";
//   Producer producer("PG", options);
//   SPOOL_RETURN_IF_ERROR(producer.Start());
//   absl::StatusOr<SendResult> r = producer.Send(Message("TopicTest", "TagA", "hello"));
//   producer.SendAsync(msg, [](absl::StatusOr<SendResult> r) { ... });
//   producer.Shutdown();
//
// Errors: kInvalidArgument for a message the client refuses (empty topic or body, too big, bad selector index);
// kNotFound when no route exists for the topic even through TBW102; kFailedPrecondition before Start or after
// Shutdown; a broker refusal as the status its response code maps to (message "CODE_NAME (code): remark");
// kDeadlineExceeded / kUnavailable when the last attempt failed in transport.
//
// Thread safety: Send* from any thread once started. Lifecycle: Start once; Shutdown (idempotent, also run by the
// destructor) waits for nothing but unregisters the group and, when it was the last user of the client instance,
// stops its threads. Async callbacks run on the client's callback threads and must not call Shutdown.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "spool/client/client_config.h"
#include "spool/client/message.h"
#include "spool/client/message_queue.h"
#include "spool/client/message_queue_selector.h"
#include "spool/client/send_result.h"

namespace spool::client {

struct ProducerOptions {
  ClientConfig client;
  // createTopicKey (TBW102): the template route of auto-created topics.
  std::string create_topic_key = "TBW102";
  // defaultTopicQueueNums (4): queues of an auto-created topic per broker.
  int32_t default_topic_queue_nums = 4;
  // sendMsgTimeout (3 s): for all attempts of one send together.
  absl::Duration send_msg_timeout = absl::Seconds(3);
  // compressMsgBodyOverHowmuch (4096): bodies of at least this size are zlib-compressed (level 5). Batches never.
  int32_t compress_msg_body_over_howmuch = 4096;
  int32_t compress_level = 5;
  // retryTimesWhenSendFailed (2) / retryTimesWhenSendAsyncFailed (2): extra attempts after the first.
  int32_t retry_times_when_send_failed = 2;
  int32_t retry_times_when_send_async_failed = 2;
  // maxMessageSize (4 MiB): body size limit (the batch body for batches).
  int32_t max_message_size = 4 * 1024 * 1024;
};

using SendCallback = absl::AnyInvocable<void(absl::StatusOr<SendResult>)>;

class Producer {
 public:
  Producer(std::string group, ProducerOptions options);
  ~Producer();

  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  absl::Status Start();
  void Shutdown();

  const std::string& group() const;
  // The client id of the instance (clientIP@instanceName); empty before Start.
  std::string client_id() const;

  // Sync send to a queue picked round-robin, with retries.
  absl::StatusOr<SendResult> Send(const Message& msg);
  // Sync send to the queue `selector` picks among the topic's writable queues. No retries (the queue is the
  // point of an ordered send).
  absl::StatusOr<SendResult> Send(const Message& msg, const MessageQueueSelector& selector, const std::string& arg);
  // Sync send to one queue.
  absl::StatusOr<SendResult> Send(const Message& msg, const MessageQueue& queue);
  // One SEND_BATCH_MESSAGE: every message the same topic, no delay level.
  absl::StatusOr<SendResult> Send(const std::vector<Message>& batch);

  // `callback` runs exactly once (on a client callback thread) unless the return value is non-OK.
  absl::Status SendAsync(const Message& msg, SendCallback callback);
  // Fire and forget: OK means written to the connection's queue.
  absl::Status SendOneway(const Message& msg);

  // The writable queues of `topic` (fetching the route if needed).
  absl::StatusOr<std::vector<MessageQueue>> FetchPublishMessageQueues(const std::string& topic);

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace spool::client
