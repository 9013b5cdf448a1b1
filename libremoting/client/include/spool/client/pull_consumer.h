// File: spool/client/pull_consumer.h
// PullConsumer: RocketMQ's DefaultMQPullConsumer. The caller picks the queues and offsets; the consumer pulls,
// decodes and filters, and stores offsets on the broker for the group.
//
//   PullConsumer consumer("CG", options);
//   SPOOL_RETURN_IF_ERROR(consumer.Start());
//   SPOOL_ASSIGN_OR_RETURN(std::vector<MessageQueue> queues, consumer.FetchSubscribeMessageQueues("TopicTest"));
//   SPOOL_ASSIGN_OR_RETURN(PullResult r, consumer.Pull(queues[0], "TagA || TagB", offset, 32));
//   for (const MessageExt& m : r.messages) { ... }
//   SPOOL_RETURN_IF_ERROR(consumer.UpdateConsumeOffset(queues[0], r.next_begin_offset));
//
// Thread safety: every method from any thread once started. Shutdown (idempotent, also by the destructor) commits
// nothing by itself: offsets are sent by UpdateConsumeOffset.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "spool/client/client_config.h"
#include "spool/client/message.h"
#include "spool/client/message_queue.h"

namespace spool::client {

enum class PullStatus {
  kFound,
  kNoNewMsg,
  kNoMatchedMsg,
  kOffsetIllegal,
};

std::string_view PullStatusName(PullStatus status);

struct PullResult {
  PullStatus status = PullStatus::kNoNewMsg;
  int64_t next_begin_offset = 0;
  int64_t min_offset = 0;
  int64_t max_offset = 0;
  // Only the messages matching the subscription's tags (the broker filters by tag hash, the client by tag).
  std::vector<MessageExt> messages;
};

struct PullConsumerOptions {
  ClientConfig client;
  // consumerPullTimeoutMillis (10 s).
  absl::Duration pull_timeout = absl::Seconds(10);
  // brokerSuspendMaxTimeMillis (20 s) for PullBlockIfNotFound; its call timeout is this plus 10 s.
  absl::Duration broker_suspend_max_time = absl::Seconds(20);
};

class PullConsumer {
 public:
  PullConsumer(std::string group, PullConsumerOptions options);
  ~PullConsumer();

  PullConsumer(const PullConsumer&) = delete;
  PullConsumer& operator=(const PullConsumer&) = delete;

  absl::Status Start();
  void Shutdown();

  const std::string& group() const;

  // The readable queues of `topic`.
  absl::StatusOr<std::vector<MessageQueue>> FetchSubscribeMessageQueues(const std::string& topic);

  // One non-blocking pull from `offset`: "*" or "tagA || tagB".
  absl::StatusOr<PullResult> Pull(const MessageQueue& queue, const std::string& sub_expression, int64_t offset,
                                  int32_t max_nums);
  // A pull the broker holds (long polling) until a message arrives or broker_suspend_max_time passes.
  absl::StatusOr<PullResult> PullBlockIfNotFound(const MessageQueue& queue, const std::string& sub_expression,
                                                 int64_t offset, int32_t max_nums);

  // UPDATE_CONSUMER_OFFSET to the queue's broker (waits for the answer).
  absl::Status UpdateConsumeOffset(const MessageQueue& queue, int64_t offset);
  // QUERY_CONSUMER_OFFSET; kNotFound when the group has no offset for the queue.
  absl::StatusOr<int64_t> FetchConsumeOffset(const MessageQueue& queue);

  // GET_MIN_OFFSET / GET_MAX_OFFSET / SEARCH_OFFSET_BY_TIMESTAMP of the queue.
  absl::StatusOr<int64_t> MinOffset(const MessageQueue& queue);
  absl::StatusOr<int64_t> MaxOffset(const MessageQueue& queue);
  absl::StatusOr<int64_t> SearchOffset(const MessageQueue& queue, int64_t timestamp_millis);

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace spool::client
