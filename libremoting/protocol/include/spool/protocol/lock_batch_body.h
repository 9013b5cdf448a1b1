// File: spool/protocol/lock_batch_body.h
// Bodies of LOCK_BATCH_MQ (41) and UNLOCK_BATCH_MQ (42), ordered consumption's queue locks (spec broker.md §12):
//
//   LockBatchRequestBody   {"clientId":"c1","consumerGroup":"G","mqSet":[{"brokerName":"b","queueId":0,"topic":"T"}]}
//   LockBatchResponseBody  {"lockOKMQSet":[{...granted queues...}]}
//   UnlockBatchRequestBody same shape as the lock request
//
// Sets are std::set (sorted, no duplicates), as Java's HashSet has no order anyway.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "spool/protocol/message_queue.h"

namespace spool::protocol {

struct LockBatchRequestBody {
  std::string consumer_group;
  std::string client_id;
  std::set<MessageQueue> mq_set;

  friend bool operator==(const LockBatchRequestBody& a, const LockBatchRequestBody& b) = default;

  std::string Encode() const;
  static absl::StatusOr<LockBatchRequestBody> Decode(std::string_view json);
};

using UnlockBatchRequestBody = LockBatchRequestBody;

struct LockBatchResponseBody {
  std::set<MessageQueue> lock_ok_mq_set;

  friend bool operator==(const LockBatchResponseBody& a, const LockBatchResponseBody& b) = default;

  std::string Encode() const;
  static absl::StatusOr<LockBatchResponseBody> Decode(std::string_view json);
};

}  // namespace spool::protocol
