#include "testing/manual_clock.h"

#include <limits>

#include "util/check.h"

namespace spool::store::internal {

namespace {
constexpr int64_t kNanosPerMilli = 1'000'000;
// Monotonic time starts far from 0 so that code treating 0 as "never" is not fooled.
constexpr int64_t kMonotonicStartNanos = 1'000'000'000'000;
}  // namespace

ManualClock::ManualClock(int64_t start_millis) : now_millis_(start_millis), monotonic_nanos_(kMonotonicStartNanos) {}

int64_t ManualClock::NowMillis() { return now_millis_.load(std::memory_order_acquire); }

int64_t ManualClock::MonotonicNanos() { return monotonic_nanos_.load(std::memory_order_acquire); }

int ManualClock::LocalHour(int64_t millis) {
  constexpr int64_t kMillisPerHour = 3'600'000;
  int64_t hours = millis / kMillisPerHour;
  if (millis % kMillisPerHour < 0) --hours;  // floor, for times before 1970
  int64_t hour = hours % 24;
  return static_cast<int>(hour < 0 ? hour + 24 : hour);
}

bool ManualClock::WaitFor(absl::CondVar* cv, absl::Mutex* mu, absl::Duration timeout) {
  if (timeout <= absl::ZeroDuration()) return true;
  const int64_t start = MonotonicNanos();
  const int64_t span = absl::ToInt64Nanoseconds(timeout);  // saturates for InfiniteDuration
  const int64_t deadline = span > std::numeric_limits<int64_t>::max() - start ? std::numeric_limits<int64_t>::max()
                                                                               : start + span;
  {
    absl::MutexLock lock(&waiters_mu_);
    ++waiters_[cv];
  }
  cv->WaitWithTimeout(mu, kRealWait);
  {
    absl::MutexLock lock(&waiters_mu_);
    auto it = waiters_.find(cv);
    if (--it->second == 0) waiters_.erase(it);
  }
  return MonotonicNanos() >= deadline;
}

void ManualClock::SetMillis(int64_t millis) {
  const int64_t before = now_millis_.exchange(millis, std::memory_order_acq_rel);
  if (millis > before) monotonic_nanos_.fetch_add((millis - before) * kNanosPerMilli, std::memory_order_acq_rel);
  WakeWaiters();
}

void ManualClock::AdvanceMillis(int64_t ms) {
  SPOOL_CHECK(ms >= 0);
  // Monotonic first: a thread that sees the new wall time also sees its deadlines move.
  monotonic_nanos_.fetch_add(ms * kNanosPerMilli, std::memory_order_acq_rel);
  now_millis_.fetch_add(ms, std::memory_order_acq_rel);
  WakeWaiters();
}

void ManualClock::WakeWaiters() {
  absl::MutexLock lock(&waiters_mu_);
  for (const auto& entry : waiters_) entry.first->SignalAll();
}

}  // namespace spool::store::internal
