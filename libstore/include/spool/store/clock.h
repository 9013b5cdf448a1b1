// File: spool/store/clock.h
// The clock seam: wall time for store timestamps and retention, monotonic time for timeouts, and the local hour
// RocketMQ's deleteWhen is written in. Tests pass a ManualClock and move time without sleeping.
//
//   Clock* clock = Clock::Default();
//   int64_t now = clock->NowMillis();
#pragma once

#include <cstdint>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace spool::store {

class Clock {
 public:
  virtual ~Clock() = default;

  // The system clock. Never destroyed.
  static Clock* Default();

  // Wall-clock milliseconds since the Unix epoch (Java's System.currentTimeMillis).
  virtual int64_t NowMillis() = 0;
  // Monotonic nanoseconds, for latencies and deadlines.
  virtual int64_t MonotonicNanos() = 0;
  // Hour of the day (0..23) of `millis` in the local time zone, as RocketMQ's deleteWhen reads it.
  virtual int LocalHour(int64_t millis);

  // Waits on `cv` (with `mu` held) for at most `timeout` of this clock's time. Returns true if the timeout
  // elapsed. May return early (spuriously); callers re-check their condition. A manual clock returns once its
  // time has been advanced past the deadline.
  virtual bool WaitFor(absl::CondVar* cv, absl::Mutex* mu, absl::Duration timeout);
};

}  // namespace spool::store
