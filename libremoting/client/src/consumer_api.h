// File: consumer_api.h
// The broker calls consumers make (MQClientAPIImpl's consumer half + PullAPIWrapper): pulls, offsets, queue
// locks, send-back. Each takes the client instance (for addresses and the connection) and returns a Status.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client_instance.h"
#include "spool/client/message.h"
#include "spool/client/message_queue.h"
#include "spool/client/pull_consumer.h"
#include "spool/protocol/broker_headers.h"
#include "spool/protocol/heartbeat_data.h"

namespace spool::client::internal {

// Builds the PULL_MESSAGE request for `queue` (sys flags, subscription, commit offset, suspend time).
struct PullParams {
  std::string group;
  MessageQueue queue;
  int64_t offset = 0;
  int32_t max_nums = 32;
  protocol::SubscriptionData subscription;
  bool post_subscription = true;
  bool suspend = false;
  int64_t commit_offset = 0;  // > 0: piggy-backed
  absl::Duration suspend_time = absl::Seconds(15);
  absl::Duration timeout = absl::Seconds(30);
};

// The response of a pull as a PullResult: the status from the code, messages decoded and filtered by tag.
absl::StatusOr<PullResult> ProcessPullResponse(const remoting::RemotingCommand& response, const MessageQueue& queue,
                                               const protocol::SubscriptionData& subscription);

absl::StatusOr<PullResult> PullSync(ClientInstance& instance, const PullParams& params);
// `done` runs exactly once on a client callback thread, unless the return is non-OK.
absl::Status PullAsync(ClientInstance& instance, const PullParams& params,
                       std::function<void(absl::StatusOr<PullResult>)> done);

// kNotFound when the broker has no offset for the group and queue (QUERY_NOT_FOUND).
absl::StatusOr<int64_t> QueryConsumerOffset(ClientInstance& instance, const std::string& group,
                                            const MessageQueue& queue);
absl::Status UpdateConsumerOffset(ClientInstance& instance, const std::string& group, const MessageQueue& queue,
                                  int64_t offset, bool oneway);
absl::StatusOr<int64_t> GetMaxOffset(ClientInstance& instance, const MessageQueue& queue);
absl::StatusOr<int64_t> GetMinOffset(ClientInstance& instance, const MessageQueue& queue);
absl::StatusOr<int64_t> SearchOffset(ClientInstance& instance, const MessageQueue& queue, int64_t timestamp);

// LOCK_BATCH_MQ to the queues' broker: the queues granted.
absl::StatusOr<std::set<MessageQueue>> LockBatch(ClientInstance& instance, const std::string& group,
                                                 const std::string& broker_name, const std::set<MessageQueue>& mqs);
absl::Status UnlockBatch(ClientInstance& instance, const std::string& group, const std::string& broker_name,
                         const std::set<MessageQueue>& mqs);

// CONSUMER_SEND_MSG_BACK of a message the listener failed (to its broker).
absl::Status SendMessageBack(ClientInstance& instance, const std::string& group, const MessageExt& msg,
                             int32_t delay_level, int32_t max_reconsume_times);

}  // namespace spool::client::internal
