#include "log/group_commit_service.h"

#include <algorithm>
#include <limits>
#include <memory>

#include "absl/synchronization/notification.h"
#include "log/running_flags.h"
#include "util/logging.h"

namespace spool::store::internal {

namespace {
// RocketMQ's loop also flushes every 10 ms without requests (puts with WAIT=false are durable soon after).
constexpr absl::Duration kPeriodicFlush = absl::Milliseconds(10);
}  // namespace

GroupCommitService::GroupCommitService(Hooks hooks, Clock* clock, RunningFlags* flags, int64_t initial_flushed)
    : hooks_(std::move(hooks)), clock_(clock), flags_(flags), flushed_(initial_flushed) {}

GroupCommitService::~GroupCommitService() { Stop(); }

void GroupCommitService::Start() {
  absl::MutexLock lock(&mu_);
  if (running_) return;
  running_ = true;
  stop_ = false;
  accepting_ = true;
  thread_ = std::thread([this] { Run(); });
}

void GroupCommitService::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (!running_) return;
    stop_ = true;
    work_cv_.Signal();
  }
  // The flusher makes its last flush and answers every request before it returns.
  thread_.join();
  absl::MutexLock lock(&mu_);
  running_ = false;
}

void GroupCommitService::Wakeup() {
  absl::MutexLock lock(&mu_);
  flush_wanted_ = true;
  work_cv_.Signal();
}

size_t GroupCommitService::pending() const {
  absl::MutexLock lock(&mu_);
  return requests_.size();
}

void GroupCommitService::AwaitFlush(int64_t end_offset, absl::Duration timeout, Callback done) {
  WaitResult now = WaitResult::kFlushed;
  {
    absl::MutexLock lock(&mu_);
    if (flushed() < end_offset) {
      if (failed_) {
        now = WaitResult::kFailed;
      } else if (!accepting_) {
        now = WaitResult::kTimeout;
      } else {
        const int64_t start = clock_->MonotonicNanos();
        const int64_t span = absl::ToInt64Nanoseconds(timeout);
        const int64_t deadline =
            span > std::numeric_limits<int64_t>::max() - start ? std::numeric_limits<int64_t>::max() : start + span;
        requests_.emplace(end_offset, Request{deadline, std::move(done)});
        flush_wanted_ = true;
        work_cv_.Signal();
        return;
      }
    }
  }
  done(now);
}

GroupCommitService::WaitResult GroupCommitService::WaitForFlush(int64_t end_offset, absl::Duration timeout) {
  if (flushed() >= end_offset) return WaitResult::kFlushed;
  // Shared: the flusher may still be inside `done` (after Notify) when this frame is gone.
  struct State {
    absl::Notification notified;
    WaitResult result = WaitResult::kTimeout;
  };
  auto state = std::make_shared<State>();
  AwaitFlush(end_offset, timeout, [state](WaitResult r) {
    state->result = r;
    state->notified.Notify();
  });
  state->notified.WaitForNotification();
  return state->result;
}

void GroupCommitService::Run() {
  for (;;) {
    const bool stopping = WaitForWork();
    // Stopping: one last flush, so a request the store's data covers is answered kFlushed, not kTimeout.
    FlushAppended();
    std::vector<Answer> answers;
    {
      absl::MutexLock lock(&mu_);
      answers = TakeAnswered(stopping);
      if (stopping) accepting_ = false;
    }
    RunAnswers(std::move(answers));
    if (stopping) return;
  }
}

bool GroupCommitService::WaitForWork() {
  absl::MutexLock lock(&mu_);
  for (;;) {
    if (stop_) return true;
    if (failed_) {
      // Read-only for good: nothing more will be flushed, and new requests are answered at once.
      work_cv_.Wait(&mu_);
      continue;
    }
    if (flush_wanted_) break;
    absl::Duration wait = kPeriodicFlush;
    if (!requests_.empty()) {
      const int64_t left = EarliestDeadline() - clock_->MonotonicNanos();
      if (left <= 0) break;
      wait = std::min(wait, absl::Nanoseconds(left));
    }
    if (clock_->WaitFor(&work_cv_, &mu_, wait)) break;
  }
  flush_wanted_ = false;
  return false;
}

void GroupCommitService::FlushAppended() {
  {
    absl::MutexLock lock(&mu_);
    if (failed_) return;
  }
  // Everything appended so far, not just what was asked: later writers ride along.
  const int64_t target = hooks_.max_offset();
  if (target <= flushed()) return;
  absl::StatusOr<int64_t> result = hooks_.flush_up_to(target);
  if (result.ok() && hooks_.on_flushed) hooks_.on_flushed(*result);
  absl::MutexLock lock(&mu_);
  if (!result.ok()) {
    failed_ = true;
    flags_->SetIoError(std::string(result.status().message()));
    StoreLog().error("commit-log sync failed; the store is read-only now: {}", result.status().ToString());
  } else {
    flushed_.store(std::max(*result, flushed()), std::memory_order_release);
  }
}

std::vector<GroupCommitService::Answer> GroupCommitService::TakeAnswered(bool final) {
  std::vector<Answer> answers;
  const int64_t now = clock_->MonotonicNanos();
  const int64_t flushed_now = flushed();
  for (auto it = requests_.begin(); it != requests_.end();) {
    WaitResult result;
    if (it->first <= flushed_now) {
      result = WaitResult::kFlushed;
    } else if (failed_) {
      result = WaitResult::kFailed;
    } else if (final || it->second.deadline <= now) {
      result = WaitResult::kTimeout;
    } else {
      ++it;
      continue;
    }
    answers.push_back(Answer{std::move(it->second.done), result});
    it = requests_.erase(it);
  }
  return answers;
}

int64_t GroupCommitService::EarliestDeadline() const {
  int64_t earliest = std::numeric_limits<int64_t>::max();
  for (const auto& [end, request] : requests_) earliest = std::min(earliest, request.deadline);
  return earliest;
}

void GroupCommitService::RunAnswers(std::vector<Answer> answers) {
  for (Answer& a : answers) a.done(a.result);
}

}  // namespace spool::store::internal
