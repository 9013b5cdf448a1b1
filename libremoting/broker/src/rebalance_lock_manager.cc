#include "rebalance_lock_manager.h"

namespace spool::broker::internal {

std::set<protocol::MessageQueue> RebalanceLockManager::TryLockBatch(const std::string& group,
                                                                    const std::set<protocol::MessageQueue>& mqs,
                                                                    const std::string& client_id, int64_t now_ms) {
  std::set<protocol::MessageQueue> locked;
  absl::MutexLock lock(&mu_);
  auto& table = locks_[group];
  for (const protocol::MessageQueue& mq : mqs) {
    auto it = table.find(mq);
    if (it == table.end()) {
      table[mq] = LockEntry{client_id, now_ms};
      locked.insert(mq);
      continue;
    }
    LockEntry& e = it->second;
    const bool expired = now_ms - e.last_update_ms > kRebalanceLockMaxLiveTimeMs;
    if (e.client_id == client_id || expired) {
      e.client_id = client_id;
      e.last_update_ms = now_ms;
      locked.insert(mq);
    }
  }
  return locked;
}

void RebalanceLockManager::UnlockBatch(const std::string& group, const std::set<protocol::MessageQueue>& mqs,
                                       const std::string& client_id) {
  absl::MutexLock lock(&mu_);
  auto it = locks_.find(group);
  if (it == locks_.end()) return;
  for (const protocol::MessageQueue& mq : mqs) {
    auto e = it->second.find(mq);
    if (e != it->second.end() && e->second.client_id == client_id) it->second.erase(e);
  }
}

}  // namespace spool::broker::internal
