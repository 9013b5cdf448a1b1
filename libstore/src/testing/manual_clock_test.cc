#include "testing/manual_clock.h"

#include <thread>

#include <catch2/catch.hpp>

namespace spool::store::internal {
namespace {

TEST_CASE("ManualClock moves only when told", "[testing][clock]") {
  ManualClock clock(5000);
  CHECK(clock.NowMillis() == 5000);
  const int64_t mono = clock.MonotonicNanos();
  CHECK(clock.NowMillis() == 5000);
  clock.AdvanceMillis(250);
  CHECK(clock.NowMillis() == 5250);
  CHECK(clock.MonotonicNanos() == mono + 250'000'000);

  clock.SetMillis(1000);  // wall time back: monotonic stays
  CHECK(clock.NowMillis() == 1000);
  CHECK(clock.MonotonicNanos() == mono + 250'000'000);
  clock.SetMillis(3000);  // forward: monotonic follows
  CHECK(clock.MonotonicNanos() == mono + 2'250'000'000);
}

TEST_CASE("ManualClock starts at a fixed time by default", "[testing][clock]") {
  ManualClock clock;
  CHECK(clock.NowMillis() == ManualClock::kDefaultStartMillis);
}

TEST_CASE("ManualClock::LocalHour is the UTC hour", "[testing][clock]") {
  ManualClock clock;
  CHECK(clock.LocalHour(0) == 0);
  CHECK(clock.LocalHour(4 * 3'600'000 + 59 * 60'000) == 4);
  CHECK(clock.LocalHour(ManualClock::kDefaultStartMillis) == 22);  // 2023-11-14 22:13:20 UTC
  CHECK(clock.LocalHour(-1) == 23);                                  // 1969-12-31 23:59:59.999
  CHECK(clock.LocalHour(24 * 3'600'000) == 0);
}

TEST_CASE("ManualClock::WaitFor", "[testing][clock]") {
  ManualClock clock;
  absl::Mutex mu;
  absl::CondVar cv;

  SECTION("a non-positive timeout has already elapsed") {
    absl::MutexLock lock(&mu);
    CHECK(clock.WaitFor(&cv, &mu, absl::ZeroDuration()));
    CHECK(clock.WaitFor(&cv, &mu, absl::Milliseconds(-5)));
  }

  SECTION("without a time change it returns false: the caller re-checks") {
    absl::MutexLock lock(&mu);
    CHECK(!clock.WaitFor(&cv, &mu, absl::Milliseconds(10)));
    CHECK(!clock.WaitFor(&cv, &mu, absl::InfiniteDuration()));
  }

  SECTION("a waiter loops until the fake deadline passes, which only AdvanceMillis makes happen") {
    bool timed_out = false;
    bool waiting = false;
    std::thread waiter([&] {
      absl::MutexLock lock(&mu);
      const int64_t deadline = clock.MonotonicNanos() + 1'000'000'000;  // 1 s of fake time
      waiting = true;
      while (clock.MonotonicNanos() < deadline) {
        if (clock.WaitFor(&cv, &mu, absl::Nanoseconds(deadline - clock.MonotonicNanos()))) break;
      }
      timed_out = true;
    });
    {
      // Let the waiter start; then move the fake time in steps. No sleeps: each step only needs the mutex.
      absl::MutexLock lock(&mu);
      mu.Await(absl::Condition(&waiting));
      CHECK(!timed_out);
    }
    clock.AdvanceMillis(400);
    {
      absl::MutexLock lock(&mu);
      CHECK(!timed_out);  // 400 ms of 1 s: still waiting
    }
    clock.AdvanceMillis(600);
    {
      absl::MutexLock lock(&mu);
      mu.Await(absl::Condition(&timed_out));
    }
    waiter.join();
    CHECK(timed_out);
  }

  SECTION("WaitFor reports the deadline passed when time moves during the wait") {
    bool started = false;
    bool result = false;
    bool done = false;
    std::thread waiter([&] {
      absl::MutexLock lock(&mu);
      const int64_t start = clock.MonotonicNanos();
      started = true;
      // Each call re-derives its deadline from the same start, so this loop stops only once time moved.
      for (;;) {
        const absl::Duration left = absl::Nanoseconds(start + 1'000'000 - clock.MonotonicNanos());
        if (clock.WaitFor(&cv, &mu, left)) {
          result = true;
          break;
        }
      }
      done = true;
    });
    {
      absl::MutexLock lock(&mu);
      mu.Await(absl::Condition(&started));
    }
    clock.AdvanceMillis(5);
    {
      absl::MutexLock lock(&mu);
      mu.Await(absl::Condition(&done));
    }
    waiter.join();
    CHECK(result);
  }
}

TEST_CASE("Clock::Default", "[io][clock]") {
  Clock* clock = Clock::Default();
  CHECK(clock == Clock::Default());
  const int64_t now = clock->NowMillis();
  CHECK(now > ManualClock::kDefaultStartMillis);  // after November 2023
  const int64_t a = clock->MonotonicNanos();
  const int64_t b = clock->MonotonicNanos();
  CHECK(b >= a);
  const int hour = clock->LocalHour(now);
  CHECK(hour >= 0);
  CHECK(hour <= 23);
  absl::Mutex mu;
  absl::CondVar cv;
  absl::MutexLock lock(&mu);
  CHECK(clock->WaitFor(&cv, &mu, absl::Milliseconds(1)));  // nobody signals: it times out
}

}  // namespace
}  // namespace spool::store::internal
