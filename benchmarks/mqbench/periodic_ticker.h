// File: periodic_ticker.h
// PeriodicTicker: calls a function once per interval on its own thread (the per-second report lines), on a fixed
// schedule (start + k * interval), so a slow tick does not shift the following ones.
//
//   PeriodicTicker ticker(absl::Seconds(1), [&](double elapsed_s) { std::puts(stats.TakeLine(elapsed_s).c_str()); });
//   ...
//   ticker.Stop();   // joins; no tick runs after it returns (also done by the destructor)
//
// `elapsed_s` is the steady-clock time since the previous tick (or since construction), for rates.
#pragma once

#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace spool::mqbench {

class PeriodicTicker {
 public:
  PeriodicTicker(absl::Duration interval, std::function<void(double)> tick);
  ~PeriodicTicker();

  PeriodicTicker(const PeriodicTicker&) = delete;
  PeriodicTicker& operator=(const PeriodicTicker&) = delete;

  // Idempotent.
  void Stop();

 private:
  void Run();

  const absl::Duration interval_;
  const std::function<void(double)> tick_;
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace spool::mqbench
