// PutMessageAsync / PutMessagesAsync through the public API: where and when `done` runs.
#include <atomic>
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "spool/store/message_store.h"
#include "temp_dir.h"

namespace spool::store {
namespace {

StoreOptions AsyncPutOptions(const std::string& dir, FlushDiskType flush) {
  StoreOptions o;
  o.store_path_root_dir = dir;
  o.flush_disk_type = flush;
  o.mapped_file_size_commit_log = 1 << 20;
  o.mapped_file_size_consume_queue = 100 * 20;
  o.max_hash_slot_num = 100;
  o.max_index_num = 400;
  return o;
}

Message Msg(int32_t queue, const std::string& body) {
  Message m;
  m.topic = "AsyncPut";
  m.queue_id = queue;
  m.body = body;
  return m;
}

std::unique_ptr<MessageStore> OpenStore(const StoreOptions& o) {
  auto s = MessageStore::Open(o);
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  return *std::move(s);
}

// Results in the order the callbacks ran, with the flushed offset each saw.
class Collected {
 public:
  explicit Collected(MessageStore* store, int expected) : store_(store), expected_(expected) {}
  MessageStore::PutCallback Callback() {
    return [this](PutResult r) {
      const int64_t flushed = store_->Stats().commit_log_flushed_offset;
      absl::MutexLock lock(&mu_);
      results_.push_back(std::move(r));
      flushed_seen_.push_back(flushed);
      if (static_cast<int>(results_.size()) == expected_) all_.Notify();
    };
  }
  void WaitAll() { all_.WaitForNotification(); }
  std::vector<PutResult> results() {
    absl::MutexLock lock(&mu_);
    return results_;
  }
  std::vector<int64_t> flushed_seen() {
    absl::MutexLock lock(&mu_);
    return flushed_seen_;
  }

 private:
  MessageStore* store_;
  const int expected_;
  absl::Mutex mu_;
  std::vector<PutResult> results_ ABSL_GUARDED_BY(mu_);
  std::vector<int64_t> flushed_seen_ ABSL_GUARDED_BY(mu_);
  absl::Notification all_;
};

}  // namespace

TEST_CASE("async put under ASYNC_FLUSH answers inline on the calling thread", "[store][put_async]") {
  spool::testing::TempDir dir;
  auto store = OpenStore(AsyncPutOptions(dir.path(), FlushDiskType::kAsyncFlush));
  for (int i = 0; i < 3; ++i) {
    std::optional<PutResult> got;
    store->PutMessageAsync(Msg(0, "b" + std::to_string(i)), [&](PutResult r) { got = std::move(r); });
    REQUIRE(got.has_value());  // ran before PutMessageAsync returned
    CHECK(got->ok());
    CHECK(got->queue_offset == i);
    CHECK(got->offset_msg_ids.size() == 1);
  }
  REQUIRE(store->Close().ok());
}

TEST_CASE("async put refusals answer inline with PutMessage's status", "[store][put_async]") {
  spool::testing::TempDir dir;
  auto store = OpenStore(AsyncPutOptions(dir.path(), FlushDiskType::kSyncFlush));
  std::optional<PutResult> empty;
  store->PutMessagesAsync({}, [&](PutResult r) { empty = std::move(r); });
  REQUIRE(empty.has_value());
  CHECK(empty->status == store->PutMessages({}).status);
  CHECK_FALSE(empty->stored());
  REQUIRE(store->Close().ok());
  std::optional<PutResult> closed;
  store->PutMessageAsync(Msg(0, "late"), [&](PutResult r) { closed = std::move(r); });
  REQUIRE(closed.has_value());
  CHECK(closed->status == PutMessageStatus::kServiceNotAvailable);
}

TEST_CASE("async put under SYNC_FLUSH answers once durable, in offset order", "[store][put_async]") {
  spool::testing::TempDir dir;
  auto store = OpenStore(AsyncPutOptions(dir.path(), FlushDiskType::kSyncFlush));
  constexpr int kPuts = 50;
  Collected collected(store.get(), kPuts);
  // One thread issues every put without waiting: the group commit keeps many in one sync.
  for (int i = 0; i < kPuts; ++i) store->PutMessageAsync(Msg(i % 2, std::string(200, 'a')), collected.Callback());
  collected.WaitAll();
  const std::vector<PutResult> results = collected.results();
  const std::vector<int64_t> flushed = collected.flushed_seen();
  REQUIRE(results.size() == kPuts);
  for (size_t i = 0; i < results.size(); ++i) {
    INFO("answer " << i);
    CHECK(results[i].status == PutMessageStatus::kPutOk);
    CHECK(flushed[i] >= results[i].commit_log_offset + results[i].total_size);
    if (i > 0) CHECK(results[i].commit_log_offset > results[i - 1].commit_log_offset);
  }
  REQUIRE(store->Close().ok());
}

TEST_CASE("async batch put under SYNC_FLUSH answers with every record", "[store][put_async]") {
  spool::testing::TempDir dir;
  auto store = OpenStore(AsyncPutOptions(dir.path(), FlushDiskType::kSyncFlush));
  Collected collected(store.get(), 1);
  store->PutMessagesAsync({Msg(3, "x"), Msg(3, "y"), Msg(3, "z")}, collected.Callback());
  collected.WaitAll();
  const PutResult r = collected.results().front();
  CHECK(r.status == PutMessageStatus::kPutOk);
  CHECK(r.message_count == 3);
  CHECK(r.offset_msg_ids.size() == 3);
  CHECK(r.queue_offset == 0);
  CHECK(collected.flushed_seen().front() >= r.commit_log_offset + r.total_size);
  REQUIRE(store->Close().ok());
}

TEST_CASE("async put under SYNC_FLUSH with WAIT=false answers inline", "[store][put_async]") {
  spool::testing::TempDir dir;
  auto store = OpenStore(AsyncPutOptions(dir.path(), FlushDiskType::kSyncFlush));
  Message m = Msg(0, "no wait");
  m.properties.Set(kPropertyWaitStoreMsgOk, "false");
  std::optional<PutResult> got;
  store->PutMessageAsync(m, [&](PutResult r) { got = std::move(r); });
  REQUIRE(got.has_value());
  CHECK(got->ok());
  REQUIRE(store->Close().ok());
}

}  // namespace spool::store
