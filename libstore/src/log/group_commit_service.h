// File: log/group_commit_service.h
// SYNC_FLUSH as a group commit (RocketMQ's GroupCommitService, LevelDB's write group): a put appends, then asks
// to be told once the flushed offset passes its record. One flusher thread syncs everything appended so far and
// answers every request the sync covered, so concurrent writers share one sync. A sync that fails makes the store
// read-only and answers every request (their records are stored, durability unknown).
//
// Requests are callbacks (RocketMQ 4.9's asyncPutMessage futures): the thread that appended is free at once, so a
// few broker send threads can keep many records in one sync. WaitForFlush is the blocking form on top.
//
//   service.AwaitFlush(end, absl::Seconds(5), [](GroupCommitService::WaitResult r) { ... });   // not blocking
//
// Owns one thread: Start after recovery; Stop makes one last flush, answers every request, then joins.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <thread>
#include <vector>

#include "absl/functional/any_invocable.h"
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

  enum class WaitResult { kFlushed, kTimeout, kFailed };
  using Callback = absl::AnyInvocable<void(WaitResult)>;

  GroupCommitService(Hooks hooks, Clock* clock, RunningFlags* flags, int64_t initial_flushed);
  ~GroupCommitService();

  void Start();
  void Stop();

  // Runs `done` exactly once: kFlushed once everything below `end_offset` is durable, kTimeout once `timeout` of
  // the clock's time has passed first (or at Stop if the last flush did not cover it), kFailed if a sync failed.
  // It runs on the flusher thread, after the flush, in end-offset order with the others that flush answered; or
  // at once on the calling thread when the answer is already known (flushed already, failed, not running).
  // `done` must be quick and must not block: the next flush waits for it. Never called under our lock.
  // A sync that hangs delays the answers (timeouts included) until it returns.
  void AwaitFlush(int64_t end_offset, absl::Duration timeout, Callback done);
  // The blocking form: returns the result AwaitFlush would pass.
  WaitResult WaitForFlush(int64_t end_offset, absl::Duration timeout);
  // Wakes the flusher without waiting (puts with WAIT=false).
  void Wakeup();

  int64_t flushed() const { return flushed_.load(std::memory_order_acquire); }
  // Requests not answered yet (tests).
  size_t pending() const;

 private:
  struct Request {
    int64_t deadline;  // clock_->MonotonicNanos() scale
    Callback done;
  };
  struct Answer {
    Callback done;
    WaitResult result;
  };

  void Run();
  // Blocks until there is work: a request or wake-up, the periodic flush, a deadline, or stop. Returns stop_.
  bool WaitForWork();
  // Flushes everything appended so far, if anything is new and no sync has failed.
  void FlushAppended();
  // Takes the requests whose answer is known now, in end-offset order (everything if `final`).
  std::vector<Answer> TakeAnswered(bool final) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  int64_t EarliestDeadline() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  static void RunAnswers(std::vector<Answer> answers);

  Hooks hooks_;
  Clock* clock_;
  RunningFlags* flags_;
  mutable absl::Mutex mu_;
  absl::CondVar work_cv_;  // the flusher waits for work
  // By end offset; several puts may not share one, but the map does not care.
  std::multimap<int64_t, Request> requests_ ABSL_GUARDED_BY(mu_);
  bool flush_wanted_ ABSL_GUARDED_BY(mu_) = false;  // a request or Wakeup since the flusher last looked
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  bool failed_ ABSL_GUARDED_BY(mu_) = false;
  // The flusher runs and will answer new requests (set by Start; cleared by the flusher once it answered all).
  bool accepting_ ABSL_GUARDED_BY(mu_) = false;
  bool running_ = false;  // Start/Stop only
  // Written by the flusher (under mu_), read anywhere.
  std::atomic<int64_t> flushed_;
  std::thread thread_;
};

}  // namespace spool::store::internal
