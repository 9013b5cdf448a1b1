// File: testing/test_sync.h
// Waiting in tests without sleeping: a counter that threads bump and the test waits on with a deadline. The
// deadline only turns a hang into a failure; nothing depends on timing.
#pragma once

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace spool::remoting::testing {

// Generous: a loaded CI machine (or ASan) is slow, and a passing test never waits this long.
inline constexpr absl::Duration kTestWait = absl::Seconds(20);

class Counter {
 public:
  void Increment() {
    absl::MutexLock lock(&mu_);
    ++value_;
  }
  int value() const {
    absl::MutexLock lock(&mu_);
    return value_;
  }
  // True once the value reaches `n`; false after `timeout`.
  bool WaitFor(int n, absl::Duration timeout = kTestWait) const {
    absl::MutexLock lock(&mu_);
    auto reached = [this, n]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return value_ >= n; };
    return mu_.AwaitWithTimeout(absl::Condition(&reached), timeout);
  }

 private:
  mutable absl::Mutex mu_;
  int value_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace spool::remoting::testing
