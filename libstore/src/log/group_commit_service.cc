#include "log/group_commit_service.h"

#include "log/running_flags.h"
#include "util/logging.h"

namespace spool::store::internal {

GroupCommitService::GroupCommitService(Hooks hooks, Clock* clock, RunningFlags* flags, int64_t initial_flushed)
    : hooks_(std::move(hooks)), clock_(clock), flags_(flags), flushed_(initial_flushed) {}

GroupCommitService::~GroupCommitService() { Stop(); }

void GroupCommitService::Start() {
  absl::MutexLock lock(&mu_);
  if (running_) return;
  running_ = true;
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

void GroupCommitService::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (!running_) return;
    stop_ = true;
    work_cv_.Signal();
  }
  thread_.join();
  absl::MutexLock lock(&mu_);
  running_ = false;
  done_cv_.SignalAll();
}

void GroupCommitService::Wakeup() {
  absl::MutexLock lock(&mu_);
  wakeup_ = true;
  work_cv_.Signal();
}

GroupCommitService::WaitResult GroupCommitService::WaitForFlush(int64_t end_offset, absl::Duration timeout) {
  if (flushed() >= end_offset) return WaitResult::kFlushed;
  const int64_t deadline = clock_->MonotonicNanos() + absl::ToInt64Nanoseconds(timeout);
  absl::MutexLock lock(&mu_);
  if (end_offset > requested_) {
    requested_ = end_offset;
    work_cv_.Signal();
  }
  for (;;) {
    if (flushed() >= end_offset) return WaitResult::kFlushed;
    if (failed_) return WaitResult::kFailed;
    if (stop_ || !running_) return WaitResult::kTimeout;
    int64_t left = deadline - clock_->MonotonicNanos();
    if (left <= 0) return WaitResult::kTimeout;
    clock_->WaitFor(&done_cv_, &mu_, absl::Nanoseconds(left));
  }
}

void GroupCommitService::Run() {
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      // RocketMQ's loop also flushes every 10 ms without requests (puts with WAIT=false are durable soon after).
      while (!stop_ && requested_ <= flushed() && !wakeup_) {
        if (clock_->WaitFor(&work_cv_, &mu_, absl::Milliseconds(10))) break;
      }
      wakeup_ = false;
      if (stop_) {
        // Final flush happens in the store's shutdown sequence; answer waiters now.
        done_cv_.SignalAll();
        return;
      }
      if (failed_) {
        // Read-only for good: nothing more will be flushed. Waiters were answered; idle until stopped.
        while (!stop_) work_cv_.Wait(&mu_);
        return;
      }
    }
    // Everything appended so far, not just what was asked: later writers ride along.
    int64_t target = hooks_.max_offset();
    if (target <= flushed()) continue;
    absl::StatusOr<int64_t> result = hooks_.flush_up_to(target);
    if (result.ok() && hooks_.on_flushed) hooks_.on_flushed(*result);
    absl::MutexLock lock(&mu_);
    if (!result.ok()) {
      failed_ = true;
      flags_->SetIoError(std::string(result.status().message()));
      StoreLog().error("commit-log sync failed; the store is read-only now: {}", result.status().ToString());
    } else {
      flushed_.store(*result, std::memory_order_release);
    }
    done_cv_.SignalAll();
  }
}

}  // namespace spool::store::internal
