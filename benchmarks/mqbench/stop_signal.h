// File: stop_signal.h
// StopSignal: how a benchmark run ends early. SIGINT/SIGTERM are taken by a watcher thread (sigwait), never by an
// asynchronous handler, and turn into a stop request every waiter sees at once. Waits have a deadline and may end
// early on a caller's condition (e.g. "every message consumed"), re-checked whenever Notify() is called.
//
//   StopSignal stop;                          // in main, before any other thread exists
//   ...
//   switch (stop.WaitFor(absl::Seconds(10), [&] { return received >= expected; })) { ... }
//   // and from the thread that changes `received`, once it reaches `expected`: stop.Notify();
//
// Thread safety: everything but construction and destruction from any thread. Construct it before any thread is
// started: the signal mask it sets is inherited by the threads created afterwards, so only the watcher receives
// the two signals.
#pragma once

#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace spool::mqbench {

class StopSignal {
 public:
  enum class WaitOutcome { kDone, kStopped, kTimedOut };

  StopSignal();
  ~StopSignal();

  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  bool stopped() const;
  // The signal that requested the stop, 0 when none did.
  int signal_number() const;
  void RequestStop();
  // Makes waiters re-evaluate their `done` condition.
  void Notify();

  // Until `timeout` passes, a stop is requested, or `done` (if given) returns true. `done` runs under an internal
  // lock: it must be cheap and must not call back into this object.
  WaitOutcome WaitFor(absl::Duration timeout, const std::function<bool()>& done = nullptr);

 private:
  void Watch();

  mutable absl::Mutex mu_;
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
  bool exiting_ ABSL_GUARDED_BY(mu_) = false;
  int signal_number_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread watcher_;
};

}  // namespace spool::mqbench
