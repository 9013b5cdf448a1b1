#include "scheduler.h"

#include <pthread.h>

namespace spool::client::internal {

void Scheduler::Start() {
  absl::MutexLock lock(&mu_);
  if (started_ || stopping_) return;
  started_ = true;
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
    Loop();
  });
}

void Scheduler::Shutdown() {
  absl::MutexLock join_lock(&join_mu_);
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    tasks_.clear();
  }
  if (thread_.joinable()) thread_.join();
}

bool Scheduler::ScheduleAfter(absl::Duration delay, std::function<void()> task) {
  absl::MutexLock lock(&mu_);
  if (stopping_) return false;
  tasks_.emplace(absl::Now() + delay, Entry{std::move(task)});
  return true;
}

bool Scheduler::ScheduleEvery(absl::Duration initial_delay, absl::Duration period, std::function<void()> task) {
  absl::MutexLock lock(&mu_);
  if (stopping_) return false;
  tasks_.emplace(absl::Now() + initial_delay, Entry{std::move(task), period});
  return true;
}

void Scheduler::Loop() {
  absl::MutexLock lock(&mu_);
  while (!stopping_) {
    if (tasks_.empty()) {
      mu_.Await(absl::Condition(
          +[](Scheduler* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->mu_) { return s->stopping_ || !s->tasks_.empty(); },
          this));
      continue;
    }
    const absl::Time due = tasks_.begin()->first;
    if (absl::Now() < due) {
      // Wakes early when a task is added or on shutdown; the loop re-reads the earliest due time.
      const size_t count = tasks_.size();
      struct Args {
        Scheduler* s;
        size_t count;
        absl::Time due;
      } args{this, count, due};
      mu_.AwaitWithDeadline(absl::Condition(
                                +[](Args* a) ABSL_NO_THREAD_SAFETY_ANALYSIS {
                                  return a->s->stopping_ || a->s->tasks_.size() != a->count ||
                                         (!a->s->tasks_.empty() && a->s->tasks_.begin()->first < a->due);
                                },
                                &args),
                            due);
      continue;
    }
    auto node = tasks_.extract(tasks_.begin());
    Entry entry = std::move(node.mapped());
    mu_.Unlock();
    entry.task();
    mu_.Lock();
    if (!stopping_ && entry.period > absl::ZeroDuration()) {
      tasks_.emplace(absl::Now() + entry.period, std::move(entry));
    }
  }
}

}  // namespace spool::client::internal
