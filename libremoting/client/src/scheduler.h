// File: scheduler.h
// Scheduler: one owned thread running timed tasks (Java's ScheduledExecutorService in MQClientInstance and
// PullMessageService.executePullRequestLater). Tasks run one at a time in due order; they should be short (a
// blocking RPC at most).
//
//   Scheduler scheduler("spool-client");
//   scheduler.Start();
//   scheduler.ScheduleEvery(absl::Seconds(1), absl::Seconds(30), [this] { SendHeartbeats(); });
//   scheduler.ScheduleAfter(absl::Milliseconds(50), [pq] { Pull(pq); });
//   scheduler.Shutdown();   // drops pending tasks, joins
//
// Thread safety: all methods from any thread; Shutdown not from a task.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace spool::client::internal {

class Scheduler {
 public:
  explicit Scheduler(std::string name) : name_(std::move(name)) {}
  ~Scheduler() { Shutdown(); }

  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void Start();
  // Idempotent: pending tasks are dropped, a running one finishes first.
  void Shutdown();

  // False (task dropped) once shut down.
  bool ScheduleAfter(absl::Duration delay, std::function<void()> task);
  bool ScheduleEvery(absl::Duration initial_delay, absl::Duration period, std::function<void()> task);

 private:
  struct Entry {
    std::function<void()> task;
    absl::Duration period = absl::ZeroDuration();  // zero: once
  };
  void Loop();

  const std::string name_;
  absl::Mutex mu_;
  std::multimap<absl::Time, Entry> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
  absl::Mutex join_mu_;
};

}  // namespace spool::client::internal
