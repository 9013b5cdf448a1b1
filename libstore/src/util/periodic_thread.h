// File: util/periodic_thread.h
// A thread that runs a task every interval until stopped (the async flush, ConsumeQueue flush and clean-up
// services). Stop wakes it at once and joins: no sleeps that outlive their owner, no detached threads.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "spool/store/clock.h"

namespace spool::store::internal {

class PeriodicThread {
 public:
  PeriodicThread(std::string name, Clock* clock, absl::Duration interval, std::function<void()> task);
  ~PeriodicThread();

  void Start();
  // Wakes the thread, joins it. The task is not run again.
  void Stop();
  // Runs the task now (on the thread) instead of at the end of the interval. Cheap when a wake-up is already
  // pending (one atomic exchange): callers may call it on every put.
  void Wakeup();

 private:
  void Run();

  const std::string name_;
  Clock* const clock_;
  const absl::Duration interval_;
  std::function<void()> task_;
  absl::Mutex mu_;
  absl::CondVar cv_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  bool wakeup_ ABSL_GUARDED_BY(mu_) = false;
  // Set by Wakeup until the thread takes the wake-up (RocketMQ's hasNotified): later calls skip the lock.
  std::atomic<bool> wakeup_pending_{false};
  bool running_ = false;
  std::thread thread_;
};

}  // namespace spool::store::internal
