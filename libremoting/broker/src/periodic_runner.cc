#include "periodic_runner.h"

#include <algorithm>

namespace spool::broker::internal {

void PeriodicRunner::Add(std::string name, absl::Duration initial_delay, absl::Duration interval,
                         std::function<void()> task) {
  tasks_.push_back(Task{std::move(name), interval, std::move(task), absl::Now() + initial_delay});
}

void PeriodicRunner::Start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
}

void PeriodicRunner::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void PeriodicRunner::Run() {
  while (true) {
    absl::Time next = absl::InfiniteFuture();
    for (const Task& t : tasks_) next = std::min(next, t.next);
    {
      absl::MutexLock lock(&mu_);
      auto stop = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stopping_; };
      if (mu_.AwaitWithDeadline(absl::Condition(&stop), next)) return;
    }
    const absl::Time now = absl::Now();
    for (Task& t : tasks_) {
      if (now < t.next) continue;
      t.fn();
      t.next = absl::Now() + t.interval;
    }
  }
}

}  // namespace spool::broker::internal
