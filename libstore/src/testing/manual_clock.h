// File: testing/manual_clock.h
// ManualClock: a Clock whose time moves only when a test moves it (RocksDB's MockTimeEnv).
//
//   ManualClock clock;                    // starts at kDefaultStartMillis, 2023-11-14 22:13:20 UTC
//   StoreOptions options; options.clock = &clock;
//   clock.AdvanceMillis(72 * 3600 * 1000);  // three days later: retention may delete files now
//
// Wall time (NowMillis) may be set backwards; monotonic time (MonotonicNanos) never goes back: it moves with
// AdvanceMillis and with forward SetMillis jumps. LocalHour uses UTC so tests give the same hour on any machine.
//
// WaitFor(cv, mu, timeout) never sleeps on the fake time. It computes the deadline (monotonic now + timeout) at
// entry and returns true at once if the fake time is already there (timeout <= 0). Otherwise it waits on `cv`
// for at most 1 ms of REAL time, or until signalled (the caller's own signal, or a time change: AdvanceMillis and
// SetMillis wake every thread in WaitFor), and returns whether the fake time has reached the deadline by then.
// So a return of false is a spurious wake-up as far as the caller knows: the caller re-checks its condition and
// its own deadline, and waits again. That is the contract every Clock::WaitFor caller already follows, and it
// makes the clock race-free without knowing who waits: a time change that slips in just before a waiter blocks
// costs that waiter at most 1 ms. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "spool/store/clock.h"

namespace spool::store::internal {

class ManualClock : public Clock {
 public:
  static constexpr int64_t kDefaultStartMillis = 1'700'000'000'000;

  explicit ManualClock(int64_t start_millis = kDefaultStartMillis);

  int64_t NowMillis() override;
  int64_t MonotonicNanos() override;
  // Hour of the day in UTC.
  int LocalHour(int64_t millis) override;
  bool WaitFor(absl::CondVar* cv, absl::Mutex* mu, absl::Duration timeout) override;

  // Sets the wall time. Monotonic time moves forward by the same amount if it is a step forward, else stays.
  void SetMillis(int64_t millis);
  // Moves wall and monotonic time forward (ms >= 0).
  void AdvanceMillis(int64_t ms);

  // How long WaitFor blocks in real time at most.
  static constexpr absl::Duration kRealWait = absl::Milliseconds(1);

 private:
  void WakeWaiters();

  std::atomic<int64_t> now_millis_;
  std::atomic<int64_t> monotonic_nanos_;

  // Condition variables some thread is blocked on in WaitFor, with their waiter counts. Taken inside the caller's
  // mutex; while it is held we only signal condition variables, which takes no caller mutex, so no lock cycle.
  absl::Mutex waiters_mu_;
  std::map<absl::CondVar*, int> waiters_ ABSL_GUARDED_BY(waiters_mu_);
};

}  // namespace spool::store::internal
