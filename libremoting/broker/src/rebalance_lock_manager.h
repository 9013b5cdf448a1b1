// File: rebalance_lock_manager.h
// RebalanceLockManager: per-group queue locks of ordered consumption (spec broker.md §12). A lock held by a client
// expires 60 s after its last refresh (rocketmq.broker.rebalance.lockMaxLiveTime). Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "absl/synchronization/mutex.h"
#include "spool/protocol/message_queue.h"

namespace spool::broker::internal {

inline constexpr int64_t kRebalanceLockMaxLiveTimeMs = 60000;

class RebalanceLockManager {
 public:
  // The queues of `mqs` now locked by `client_id` (refreshed, taken because free or expired).
  std::set<protocol::MessageQueue> TryLockBatch(const std::string& group, const std::set<protocol::MessageQueue>& mqs,
                                                const std::string& client_id, int64_t now_ms);
  // Releases the queues of `mqs` that `client_id` holds.
  void UnlockBatch(const std::string& group, const std::set<protocol::MessageQueue>& mqs, const std::string& client_id);

 private:
  struct LockEntry {
    std::string client_id;
    int64_t last_update_ms = 0;
  };
  absl::Mutex mu_;
  std::map<std::string, std::map<protocol::MessageQueue, LockEntry>> locks_ ABSL_GUARDED_BY(mu_);
};

}  // namespace spool::broker::internal
