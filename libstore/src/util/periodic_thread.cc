#include "util/periodic_thread.h"

#include <pthread.h>

namespace spool::store::internal {

PeriodicThread::PeriodicThread(std::string name, Clock* clock, absl::Duration interval, std::function<void()> task)
    : name_(std::move(name)), clock_(clock), interval_(interval), task_(std::move(task)) {}

PeriodicThread::~PeriodicThread() { Stop(); }

void PeriodicThread::Start() {
  if (running_) return;
  running_ = true;
  {
    absl::MutexLock lock(&mu_);
    stop_ = false;
  }
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
    Run();
  });
}

void PeriodicThread::Stop() {
  if (!running_) return;
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
    cv_.Signal();
  }
  thread_.join();
  running_ = false;
}

void PeriodicThread::Wakeup() {
  if (wakeup_pending_.exchange(true, std::memory_order_acq_rel)) return;
  absl::MutexLock lock(&mu_);
  wakeup_ = true;
  cv_.Signal();
}

void PeriodicThread::Run() {
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      const int64_t deadline = clock_->MonotonicNanos() + absl::ToInt64Nanoseconds(interval_);
      while (!stop_ && !wakeup_) {
        int64_t left = deadline - clock_->MonotonicNanos();
        if (left <= 0) break;
        clock_->WaitFor(&cv_, &mu_, absl::Nanoseconds(left));
      }
      if (stop_) return;
      wakeup_ = false;
    }
    // Cleared before the task runs: a Wakeup during the task schedules another run.
    wakeup_pending_.store(false, std::memory_order_release);
    task_();
  }
}

}  // namespace spool::store::internal
