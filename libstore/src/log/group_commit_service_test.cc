#include "log/group_commit_service.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "log/running_flags.h"
#include "testing/manual_clock.h"

namespace spool::store::internal {
namespace {

using WaitResult = GroupCommitService::WaitResult;

// A log whose appended end the test sets; its "sync" makes everything appended durable, or fails on demand.
struct FakeLog {
  std::atomic<int64_t> appended{0};
  std::atomic<bool> fail{false};
  std::atomic<int> syncs{0};

  GroupCommitService::Hooks Hooks() {
    GroupCommitService::Hooks h;
    h.max_offset = [this] { return appended.load(); };
    h.flush_up_to = [this](int64_t target) -> absl::StatusOr<int64_t> {
      ++syncs;
      if (fail.load()) return absl::DataLossError("fdatasync: injected failure");
      return target;
    };
    return h;
  }
};

// Collects answers in the order they arrive; the test waits for `expected` of them without sleeping.
class Answers {
 public:
  explicit Answers(int expected) : expected_(expected) {}

  GroupCommitService::Callback For(int64_t end) {
    return [this, end](WaitResult r) {
      absl::MutexLock lock(&mu_);
      got_.push_back({end, r});
      if (static_cast<int>(got_.size()) == expected_) all_.Notify();
    };
  }
  void WaitAll() { all_.WaitForNotification(); }
  std::vector<std::pair<int64_t, WaitResult>> got() {
    absl::MutexLock lock(&mu_);
    return got_;
  }

 private:
  const int expected_;
  absl::Mutex mu_;
  std::vector<std::pair<int64_t, WaitResult>> got_ ABSL_GUARDED_BY(mu_);
  absl::Notification all_;
};

TEST_CASE("group commit answers callbacks in end-offset order after one flush", "[group_commit]") {
  FakeLog log;
  ManualClock clock;
  RunningFlags flags;
  GroupCommitService service(log.Hooks(), &clock, &flags, 0);
  service.Start();
  // Registered out of order while nothing is appended: no flush can cover them yet.
  Answers answers(3);
  service.AwaitFlush(300, absl::Seconds(5), answers.For(300));
  service.AwaitFlush(100, absl::Seconds(5), answers.For(100));
  service.AwaitFlush(200, absl::Seconds(5), answers.For(200));
  CHECK(answers.got().empty());
  log.appended = 300;
  service.Wakeup();
  answers.WaitAll();
  const auto got = answers.got();
  REQUIRE(got.size() == 3);
  CHECK(got[0] == std::pair<int64_t, WaitResult>{100, WaitResult::kFlushed});
  CHECK(got[1] == std::pair<int64_t, WaitResult>{200, WaitResult::kFlushed});
  CHECK(got[2] == std::pair<int64_t, WaitResult>{300, WaitResult::kFlushed});
  CHECK(service.flushed() == 300);
  CHECK(service.pending() == 0);
  service.Stop();
}

TEST_CASE("group commit answers at once, on the caller's thread, what is already flushed", "[group_commit]") {
  FakeLog log;
  ManualClock clock;
  RunningFlags flags;
  GroupCommitService service(log.Hooks(), &clock, &flags, 500);
  service.Start();
  bool called = false;
  service.AwaitFlush(400, absl::Seconds(5), [&](WaitResult r) {
    called = true;
    CHECK(r == WaitResult::kFlushed);
  });
  CHECK(called);  // no synchronisation needed: it ran inline
  CHECK(service.WaitForFlush(500, absl::Seconds(5)) == WaitResult::kFlushed);
  service.Stop();
}

TEST_CASE("group commit times a request out at its deadline on the clock", "[group_commit]") {
  FakeLog log;
  ManualClock clock;
  RunningFlags flags;
  GroupCommitService service(log.Hooks(), &clock, &flags, 0);
  service.Start();
  // Appended data never reaches 100 (the sync cannot cover it); only the clock ends the wait.
  Answers early(1), late(1);
  service.AwaitFlush(100, absl::Seconds(1), early.For(100));
  service.AwaitFlush(200, absl::Seconds(3), late.For(200));
  clock.AdvanceMillis(999);
  CHECK(early.got().empty());  // not yet: the deadline is 1 ms away
  clock.AdvanceMillis(1);
  early.WaitAll();
  CHECK(early.got().front().second == WaitResult::kTimeout);
  CHECK(late.got().empty());
  CHECK(service.pending() == 1);
  clock.AdvanceMillis(2000);
  late.WaitAll();
  CHECK(late.got().front().second == WaitResult::kTimeout);
  service.Stop();
}

TEST_CASE("group commit answers every request once when a sync fails, and new ones at once", "[group_commit]") {
  FakeLog log;
  ManualClock clock;
  RunningFlags flags;
  GroupCommitService service(log.Hooks(), &clock, &flags, 0);
  log.fail = true;
  Answers answers(2);
  service.Start();
  service.AwaitFlush(100, absl::Seconds(5), answers.For(100));
  service.AwaitFlush(200, absl::Seconds(5), answers.For(200));
  log.appended = 200;
  service.Wakeup();
  answers.WaitAll();
  for (const auto& [end, r] : answers.got()) CHECK(r == WaitResult::kFailed);
  CHECK(flags.io_error());
  CHECK_FALSE(flags.writeable());
  CHECK(service.flushed() == 0);  // a failed sync never advances the flushed offset
  CHECK(service.WaitForFlush(300, absl::Seconds(5)) == WaitResult::kFailed);
  service.Stop();
  CHECK(answers.got().size() == 2);  // none answered twice
}

TEST_CASE("group commit Stop flushes once more and answers everything pending", "[group_commit]") {
  FakeLog log;
  ManualClock clock;
  RunningFlags flags;
  GroupCommitService service(log.Hooks(), &clock, &flags, 0);
  service.Start();
  Answers answers(2);
  service.AwaitFlush(100, absl::Seconds(5), answers.For(100));
  service.AwaitFlush(300, absl::Seconds(5), answers.For(300));
  // The flusher may or may not have run since; either way 100 becomes durable by Stop's last flush at the latest.
  log.appended = 100;
  service.Stop();
  const auto got = answers.got();  // Stop joined the flusher: every answer is in
  REQUIRE(got.size() == 2);
  CHECK(got[0] == std::pair<int64_t, WaitResult>{100, WaitResult::kFlushed});
  CHECK(got[1] == std::pair<int64_t, WaitResult>{300, WaitResult::kTimeout});
  CHECK(service.pending() == 0);

  // After Stop: answered at once on the caller's thread.
  WaitResult after = WaitResult::kFlushed;
  service.AwaitFlush(400, absl::Seconds(5), [&](WaitResult r) { after = r; });
  CHECK(after == WaitResult::kTimeout);
  service.Stop();  // idempotent
}

TEST_CASE("group commit shares one sync among concurrent blocking waiters", "[group_commit]") {
  FakeLog log;
  ManualClock clock;
  RunningFlags flags;
  GroupCommitService service(log.Hooks(), &clock, &flags, 0);
  service.Start();
  constexpr int kThreads = 4;
  std::vector<std::thread> threads;
  std::atomic<int> flushed{0};
  log.appended = kThreads * 100;
  for (int i = 1; i <= kThreads; ++i) {
    threads.emplace_back([&, i] {
      if (service.WaitForFlush(i * 100, absl::Seconds(5)) == WaitResult::kFlushed) ++flushed;
    });
  }
  for (std::thread& t : threads) t.join();
  CHECK(flushed == kThreads);
  CHECK(log.syncs.load() >= 1);
  CHECK(log.syncs.load() <= kThreads);
  service.Stop();
}

}  // namespace
}  // namespace spool::store::internal
