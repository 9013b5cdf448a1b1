// File: process_queue.h
// ProcessQueue: the messages pulled from one queue and not yet consumed (Java's ProcessQueue). Pulls add, the
// consume service removes; the lowest offset still held is what may be committed, so a slow message holds back
// its own queue's offset and nothing else. Orderly consumption takes messages one batch at a time and commits
// them after the listener succeeds.
//
// Thread safety: every method from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "spool/client/message.h"

namespace spool::client::internal {

class ProcessQueue {
 public:
  // Broker locks expire after 60 s; Java treats its own lock as expired after 30 s without renewal.
  static constexpr absl::Duration kLockExpiry = absl::Seconds(30);

  // Adds pulled messages (duplicates by offset replace). Returns true when an orderly consume task should be
  // dispatched: there are messages and none is being consumed.
  bool PutMessages(std::vector<MessageExt> msgs);

  // Concurrent: drops consumed messages. Returns the offset to commit: the lowest offset still held, or one past
  // the highest ever held when nothing is left; -1 when nothing was held.
  int64_t RemoveMessages(const std::vector<MessageExt>& msgs);

  // Orderly: moves up to `n` of the lowest-offset messages to the consuming set. Empty (and no longer
  // "consuming") when there is nothing left.
  std::vector<MessageExt> TakeMessages(int n);
  // Orderly: the taken messages are done; returns the offset to commit (one past the highest taken), or -1.
  int64_t Commit();
  // Orderly: the taken messages go back to be consumed again.
  void MakeMessagesToConsumeAgain(const std::vector<MessageExt>& msgs);

  size_t MessageCount() const;

  bool dropped() const { return dropped_.load(); }
  void set_dropped(bool dropped) { dropped_.store(dropped); }

  bool locked() const;
  bool LockExpired() const;
  void SetLocked(bool locked);

  // Serialises orderly consumption of this queue (timed: a rebalance waits only so long for a listener).
  std::timed_mutex& consume_mutex() { return consume_mu_; }

 private:
  mutable absl::Mutex mu_;
  std::map<int64_t, MessageExt> msgs_ ABSL_GUARDED_BY(mu_);
  std::map<int64_t, MessageExt> consuming_msgs_ ABSL_GUARDED_BY(mu_);
  int64_t max_offset_ ABSL_GUARDED_BY(mu_) = -1;
  bool consuming_ ABSL_GUARDED_BY(mu_) = false;
  bool locked_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time last_lock_time_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  std::atomic<bool> dropped_{false};
  std::timed_mutex consume_mu_;
};

}  // namespace spool::client::internal
