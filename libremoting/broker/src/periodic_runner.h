// File: periodic_runner.h
// PeriodicRunner: one thread running a few periodic tasks (registration every 30 s, consumer offset persistence
// every 5 s, client housekeeping every 10 s), each after its initial delay and then at its interval. The thread
// sleeps on a condition until the next task is due or Shutdown; no polling. Tasks run on that thread, one at a
// time. Add tasks before Start. Shutdown wakes and joins the thread (a running task finishes first).
#pragma once

#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace spool::broker::internal {

class PeriodicRunner {
 public:
  PeriodicRunner() = default;
  ~PeriodicRunner() { Shutdown(); }
  PeriodicRunner(const PeriodicRunner&) = delete;
  PeriodicRunner& operator=(const PeriodicRunner&) = delete;

  void Add(std::string name, absl::Duration initial_delay, absl::Duration interval, std::function<void()> task);
  void Start();
  void Shutdown();

 private:
  struct Task {
    std::string name;
    absl::Duration interval;
    std::function<void()> fn;
    absl::Time next;
  };
  void Run();

  std::vector<Task> tasks_;  // fixed after Start; `next` touched by the thread only
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace spool::broker::internal
