#include "spool/remoting/bounded_thread_pool.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <memory>
#include <vector>

#include "absl/synchronization/notification.h"

namespace spool::remoting {
namespace {

constexpr absl::Duration kWait = absl::Seconds(10);

TEST_CASE("thread pool runs every task", "[executor]") {
  std::atomic<int> ran{0};
  {
    BoundedThreadPool pool("test", 3, 1000);
    for (int i = 0; i < 500; ++i) REQUIRE(pool.TrySubmit([&ran] { ran.fetch_add(1); }).ok());
    pool.Shutdown();
    CHECK(ran.load() == 500);
  }
}

TEST_CASE("thread pool refuses when its queue is full", "[executor]") {
  BoundedThreadPool pool("full", 1, 2);
  absl::Notification started;
  absl::Notification release;
  REQUIRE(pool.TrySubmit([&] {
                started.Notify();
                release.WaitForNotification();
              })
              .ok());
  REQUIRE(started.WaitForNotificationWithTimeout(kWait));  // the worker holds the first task; the queue is empty
  std::atomic<int> ran{0};
  REQUIRE(pool.TrySubmit([&ran] { ran.fetch_add(1); }).ok());
  REQUIRE(pool.TrySubmit([&ran] { ran.fetch_add(1); }).ok());
  CHECK(pool.queue_size() == 2);
  bool refused_task_destroyed = false;
  struct Flag {
    bool* flag;
    ~Flag() { *flag = true; }
  };
  auto flag = std::make_shared<Flag>(Flag{&refused_task_destroyed});
  const absl::Status refused = pool.TrySubmit([flag = std::move(flag)] {});
  CHECK(refused.code() == absl::StatusCode::kResourceExhausted);
  CHECK(refused_task_destroyed);
  release.Notify();
  pool.Shutdown();
  CHECK(ran.load() == 2);
}

TEST_CASE("thread pool shutdown drains queued tasks, then refuses", "[executor]") {
  BoundedThreadPool pool("drain", 1, 100);
  absl::Notification release;
  std::atomic<int> ran{0};
  REQUIRE(pool.TrySubmit([&] { release.WaitForNotification(); }).ok());
  for (int i = 0; i < 10; ++i) REQUIRE(pool.TrySubmit([&ran] { ran.fetch_add(1); }).ok());
  release.Notify();
  pool.Shutdown();
  CHECK(ran.load() == 10);
  CHECK(pool.TrySubmit([] {}).code() == absl::StatusCode::kFailedPrecondition);
  pool.Shutdown();  // idempotent
}

TEST_CASE("a task may submit more tasks", "[executor]") {
  BoundedThreadPool pool("nested", 2, 100);
  absl::Notification done;
  REQUIRE(pool.TrySubmit([&] { (void)pool.TrySubmit([&] { done.Notify(); }); }).ok());
  CHECK(done.WaitForNotificationWithTimeout(kWait));
}

}  // namespace
}  // namespace spool::remoting
