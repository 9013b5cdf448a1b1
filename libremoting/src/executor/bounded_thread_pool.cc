#include "spool/remoting/bounded_thread_pool.h"

#include <pthread.h>

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace spool::remoting {

BoundedThreadPool::BoundedThreadPool(std::string name, int threads, size_t queue_capacity)
    : name_(std::move(name)), queue_capacity_(std::max<size_t>(queue_capacity, 1)) {
  const int count = std::max(threads, 1);
  threads_.reserve(count);
  for (int i = 0; i < count; ++i) {
    threads_.emplace_back([this] { WorkerLoop(); });
    // Thread names make a stuck pool obvious in a debugger; Linux caps them at 15 characters.
    pthread_setname_np(threads_.back().native_handle(), name_.substr(0, 15).c_str());
  }
}

BoundedThreadPool::~BoundedThreadPool() { Shutdown(); }

absl::Status BoundedThreadPool::TrySubmit(absl::AnyInvocable<void()> task) {
  absl::MutexLock lock(&mu_);
  if (stopping_) return absl::FailedPreconditionError(absl::StrCat("thread pool ", name_, " is shut down"));
  if (queue_.size() >= queue_capacity_) {
    return absl::ResourceExhaustedError(
        absl::StrCat("thread pool ", name_, " is full (", queue_capacity_, " tasks waiting)"));
  }
  queue_.push_back(std::move(task));
  return absl::OkStatus();
}

void BoundedThreadPool::Shutdown() {
  absl::MutexLock shutdown_lock(&shutdown_mu_);
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

size_t BoundedThreadPool::queue_size() const {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

void BoundedThreadPool::WorkerLoop() {
  while (true) {
    absl::AnyInvocable<void()> task;
    {
      absl::MutexLock lock(&mu_);
      // Draining before exiting: tasks queued before Shutdown still run (see the header).
      mu_.Await(absl::Condition(
          +[](BoundedThreadPool* pool)
               ABSL_EXCLUSIVE_LOCKS_REQUIRED(pool->mu_) { return pool->stopping_ || !pool->queue_.empty(); },
          this));
      if (queue_.empty()) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

}  // namespace spool::remoting
