// File: log/group_commit_service.h
// SYNC_FLUSH as a group commit (RocketMQ's GroupCommitService, LevelDB's write group): a put appends, then waits
// until the flushed offset passes its record. One flusher thread syncs everything appended so far and wakes every
// waiter the sync covered, so concurrent writers share one sync. A sync that fails makes the store read-only and
// answers every waiter (their records are stored, durability unknown).
//
// Owns one thread: Start after recovery; Stop answers all waiters, then joins.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "spool/store/clock.h"

namespace spool::store::internal {

class RunningFlags;

class GroupCommitService {
 public:
  struct Hooks {
    // End of appended data now.
    std::function<int64_t()> max_offset;
    // Makes everything below `target` durable; returns the new flushed offset.
    std::function<absl::StatusOr<int64_t>(int64_t target)> flush_up_to;
    // Called after each successful flush with the new flushed offset (checkpoint bookkeeping).
    std::function<void(int64_t flushed)> on_flushed;
  };

  GroupCommitService(Hooks hooks, Clock* clock, RunningFlags* flags, int64_t initial_flushed);
  ~GroupCommitService();

  void Start();
  void Stop();

  enum class WaitResult { kFlushed, kTimeout, kFailed };
  // Blocks until everything below `end_offset` is durable, the timeout passes, a sync fails or the service stops.
  WaitResult WaitForFlush(int64_t end_offset, absl::Duration timeout);
  // Wakes the flusher without waiting (puts with WAIT=false).
  void Wakeup();

  int64_t flushed() const { return flushed_.load(std::memory_order_acquire); }

 private:
  void Run();

  Hooks hooks_;
  Clock* clock_;
  RunningFlags* flags_;
  absl::Mutex mu_;
  absl::CondVar work_cv_;   // flusher waits for requests
  absl::CondVar done_cv_;   // waiters wait for flushes
  int64_t requested_ ABSL_GUARDED_BY(mu_) = 0;  // highest end offset any waiter asked for
  bool wakeup_ ABSL_GUARDED_BY(mu_) = false;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  bool failed_ ABSL_GUARDED_BY(mu_) = false;
  bool running_ = false;
  // Written by the flusher (under mu_), read anywhere.
  std::atomic<int64_t> flushed_;
  std::thread thread_;
};

}  // namespace spool::store::internal
