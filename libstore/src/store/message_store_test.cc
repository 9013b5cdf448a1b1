#include "spool/store/message_store.h"

#include <atomic>
#include <set>
#include <thread>

#include <catch2/catch.hpp>

#include "codec/java_hash.h"
#include "spool/store/consumer_offsets.h"
#include "spool/store/topic_config.h"
#include "temp_dir.h"

namespace spool::store {
namespace {

StoreOptions SmallOptions(const std::string& dir, FlushDiskType flush = FlushDiskType::kAsyncFlush) {
  StoreOptions o;
  o.store_path_root_dir = dir;
  o.flush_disk_type = flush;
  o.mapped_file_size_commit_log = 64 * 1024;
  o.mapped_file_size_consume_queue = 100 * 20;
  o.max_hash_slot_num = 100;
  o.max_index_num = 400;
  return o;
}

Message Make(const std::string& topic, int32_t queue, const std::string& body, const std::string& tag = "",
             const std::string& keys = "") {
  Message m;
  m.topic = topic;
  m.queue_id = queue;
  m.body = body;
  if (!tag.empty()) m.properties.Set(kPropertyTags, tag);
  if (!keys.empty()) m.properties.Set(kPropertyKeys, keys);
  return m;
}

std::unique_ptr<MessageStore> OpenOrDie(const StoreOptions& o) {
  auto s = MessageStore::Open(o);
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  return *std::move(s);
}

}  // namespace

TEST_CASE("put then get returns the message with queue offsets in order", "[store]") {
  spool::testing::TempDir dir;
  auto store = OpenOrDie(SmallOptions(dir.path()));
  for (int i = 0; i < 10; ++i) {
    PutResult r = store->PutMessage(Make("TopicA", 1, "body-" + std::to_string(i), "TagA"));
    REQUIRE(r.status == PutMessageStatus::kPutOk);
    CHECK(r.queue_offset == i);
    CHECK(r.offset_msg_ids.size() == 1);
  }
  REQUIRE(store->WaitForMessages("TopicA", 1, 9, absl::Seconds(5)));
  GetResult got = store->GetMessages({.topic = "TopicA", .queue_id = 1, .offset = 0, .max_messages = 32});
  REQUIRE(got.status == GetMessageStatus::kFound);
  REQUIRE(got.messages.size() == 10);
  CHECK(got.next_begin_offset == 10);
  CHECK(got.min_offset == 0);
  CHECK(got.max_offset == 10);
  for (int i = 0; i < 10; ++i) {
    CHECK(got.messages[i].body == "body-" + std::to_string(i));
    CHECK(got.messages[i].queue_offset == i);
    CHECK(got.messages[i].topic == "TopicA");
    CHECK(got.messages[i].Tags() == "TagA");
  }
}

TEST_CASE("get statuses follow RocketMQ's GetMessageStatus", "[store]") {
  spool::testing::TempDir dir;
  auto store = OpenOrDie(SmallOptions(dir.path()));
  CHECK(store->GetMessages({.topic = "Nope", .queue_id = 0, .offset = 0}).status ==
        GetMessageStatus::kNoMatchedLogicQueue);
  for (int i = 0; i < 3; ++i) REQUIRE(store->PutMessage(Make("T", 0, "x")).ok());
  REQUIRE(store->WaitForMessages("T", 0, 2, absl::Seconds(5)));
  GetResult one = store->GetMessages({.topic = "T", .queue_id = 0, .offset = 3});
  CHECK(one.status == GetMessageStatus::kOffsetOverflowOne);
  CHECK(one.next_begin_offset == 3);
  GetResult badly = store->GetMessages({.topic = "T", .queue_id = 0, .offset = 50});
  CHECK(badly.status == GetMessageStatus::kOffsetOverflowBadly);
  CHECK(badly.next_begin_offset == 0);  // min is 0: RocketMQ corrects to min
  GetResult limited = store->GetMessages({.topic = "T", .queue_id = 0, .offset = 1, .max_messages = 1});
  CHECK(limited.status == GetMessageStatus::kFound);
  CHECK(limited.messages.size() == 1);
  CHECK(limited.next_begin_offset == 2);
}

TEST_CASE("tag filter goes through the tag hash and the real tag", "[store]") {
  spool::testing::TempDir dir;
  auto store = OpenOrDie(SmallOptions(dir.path()));
  const char* tags[] = {"TagA", "TagB", "TagC", "TagA"};
  for (const char* t : tags) REQUIRE(store->PutMessage(Make("F", 0, t, t)).ok());
  REQUIRE(store->WaitForMessages("F", 0, 3, absl::Seconds(5)));
  GetResult a = store->GetMessages({.topic = "F", .queue_id = 0, .offset = 0, .tag_expression = "TagA || TagC"});
  REQUIRE(a.status == GetMessageStatus::kFound);
  REQUIRE(a.messages.size() == 3);
  CHECK(a.queue_offsets == std::vector<int64_t>{0, 2, 3});
  GetResult none = store->GetMessages({.topic = "F", .queue_id = 0, .offset = 0, .tag_expression = "TagZ"});
  CHECK(none.status == GetMessageStatus::kNoMatchedMessage);
  CHECK(none.next_begin_offset == 4);
}

TEST_CASE("segments roll with a BLANK record and reopen keeps everything", "[store]") {
  spool::testing::TempDir dir;
  StoreOptions o = SmallOptions(dir.path(), FlushDiskType::kSyncFlush);
  std::string body(3000, 'z');
  {
    auto store = OpenOrDie(o);
    for (int i = 0; i < 100; ++i) {
      PutResult r = store->PutMessage(Make("Roll", i % 3, body + std::to_string(i), "", "k" + std::to_string(i)));
      REQUIRE(r.status == PutMessageStatus::kPutOk);
    }
    StoreStats st = store->Stats();
    CHECK(st.commit_log_max_offset > 4 * 64 * 1024);
    REQUIRE(store->Close().ok());
  }
  auto store = OpenOrDie(o);
  int64_t total = 0;
  for (int q = 0; q < 3; ++q) {
    int64_t max = store->GetMaxOffsetInQueue("Roll", q);
    total += max;
    GetResult got = store->GetMessages({.topic = "Roll", .queue_id = q, .offset = 0, .max_messages = 100});
    REQUIRE(got.status == GetMessageStatus::kFound);
  }
  CHECK(total == 100);
  // Queue offsets continue after reopen.
  PutResult r = store->PutMessage(Make("Roll", 0, "after"));
  CHECK(r.queue_offset == 34);
  QueryResult q = store->QueryMessages("Roll", "k42", 10, 0, INT64_MAX);
  REQUIRE(q.messages.size() == 1);
  CHECK(q.messages[0].body == body + "42");
}

TEST_CASE("batches take consecutive queue offsets and one store timestamp", "[store]") {
  spool::testing::TempDir dir;
  auto store = OpenOrDie(SmallOptions(dir.path()));
  std::vector<Message> batch;
  for (int i = 0; i < 8; ++i) batch.push_back(Make("B", 2, "b" + std::to_string(i)));
  PutResult r = store->PutMessages(batch);
  REQUIRE(r.ok());
  CHECK(r.message_count == 8);
  CHECK(r.offset_msg_ids.size() == 8);
  REQUIRE(store->WaitForMessages("B", 2, 7, absl::Seconds(5)));
  GetResult got = store->GetMessages({.topic = "B", .queue_id = 2, .offset = 0});
  REQUIRE(got.messages.size() == 8);
  std::set<int64_t> stamps;
  for (const auto& m : got.messages) stamps.insert(m.store_timestamp);
  CHECK(stamps.size() == 1);
  std::vector<Message> mixed = {Make("B", 2, "x"), Make("C", 2, "y")};
  CHECK(store->PutMessages(mixed).status == PutMessageStatus::kMessageIllegal);
}

TEST_CASE("bad input gets a clear status, not a crash", "[store]") {
  spool::testing::TempDir dir;
  StoreOptions o = SmallOptions(dir.path());
  o.max_message_size = 1024;
  auto store = OpenOrDie(o);
  PutResult big = store->PutMessage(Make("T", 0, std::string(2000, 'x')));
  CHECK(big.status == PutMessageStatus::kMessageIllegal);
  CHECK(big.remark.find("maxMessageSize") != std::string::npos);
  CHECK(store->PutMessage(Make(std::string(128, 'a'), 0, "x")).status == PutMessageStatus::kMessageIllegal);
  CHECK(store->PutMessage(Make("bad topic!", 0, "x")).status == PutMessageStatus::kMessageIllegal);
  CHECK(store->PutMessage(Make("", 0, "x")).status == PutMessageStatus::kMessageIllegal);
  CHECK(store->PutMessage(Make("T", -1, "x")).status == PutMessageStatus::kMessageIllegal);
  store->topic_config().Upsert(TopicConfig{.topic_name = "Known", .read_queue_nums = 2, .write_queue_nums = 2});
  PutResult unknown_queue = store->PutMessage(Make("Known", 5, "x"));
  CHECK(unknown_queue.status == PutMessageStatus::kMessageIllegal);
  CHECK(unknown_queue.remark.find("unknown queue") != std::string::npos);
  Message props = Make("T", 0, "x");
  props.properties.Set("big", std::string(40000, 'p'));
  CHECK(store->PutMessage(props).status == PutMessageStatus::kPropertiesSizeExceeded);
}

TEST_CASE("bad options are refused with the key named", "[store]") {
  spool::testing::TempDir dir;
  StoreOptions o = SmallOptions(dir.path());
  o.mapped_file_size_commit_log = 0;
  auto s = MessageStore::Open(o);
  REQUIRE_FALSE(s.ok());
  CHECK(std::string(s.status().message()).find("mappedFileSizeCommitLog") != std::string::npos);
}

TEST_CASE("a store directory is locked while open", "[store]") {
  spool::testing::TempDir dir;
  auto store = OpenOrDie(SmallOptions(dir.path()));
  auto second = MessageStore::Open(SmallOptions(dir.path()));
  REQUIRE_FALSE(second.ok());
  CHECK(std::string(second.status().message()).find("Lock failed") != std::string::npos);
  REQUIRE(store->Close().ok());
  auto third = MessageStore::Open(SmallOptions(dir.path()));
  CHECK(third.ok());
}

TEST_CASE("SYNC_FLUSH group commit serves many concurrent producers", "[store]") {
  spool::testing::TempDir dir;
  StoreOptions o = SmallOptions(dir.path(), FlushDiskType::kSyncFlush);
  o.mapped_file_size_commit_log = 1 << 20;
  auto store = OpenOrDie(o);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        PutResult r = store->PutMessage(Make("G", t % 4, std::string(100, 'a' + t)));
        if (r.status == PutMessageStatus::kPutOk && store->Stats().commit_log_flushed_offset >= r.commit_log_offset + r.total_size) ++ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(ok == kThreads * kPerThread);
  int64_t total = 0;
  for (int q = 0; q < 4; ++q) {
    REQUIRE(store->WaitForMessages("G", q, kThreads * kPerThread / 4 - 1, absl::Seconds(5)));
    total += store->GetMaxOffsetInQueue("G", q);
  }
  CHECK(total == kThreads * kPerThread);
}

TEST_CASE("a blocked consumer is woken by a put", "[store]") {
  spool::testing::TempDir dir;
  auto store = OpenOrDie(SmallOptions(dir.path()));
  std::atomic<bool> woke{false};
  std::thread consumer([&] { woke = store->WaitForMessages("W", 0, 0, absl::Seconds(30)); });
  REQUIRE(store->PutMessage(Make("W", 0, "hello")).ok());
  consumer.join();
  CHECK(woke);
  CHECK_FALSE(store->WaitForMessages("W", 0, 1, absl::Milliseconds(20)));
}

TEST_CASE("consumer offsets and topics persist across reopen", "[store]") {
  spool::testing::TempDir dir;
  {
    auto store = OpenOrDie(SmallOptions(dir.path()));
    store->consumer_offsets().Commit("cg", "T", 3, 42);
    store->topic_config().Upsert(TopicConfig{.topic_name = "T", .read_queue_nums = 4, .write_queue_nums = 4});
    REQUIRE(store->Close().ok());
  }
  auto store = OpenOrDie(SmallOptions(dir.path()));
  CHECK(store->consumer_offsets().Query("cg", "T", 3) == 42);
  auto t = store->topic_config().Find("T");
  REQUIRE(t.has_value());
  CHECK(t->write_queue_nums == 4);
}

TEST_CASE("delayed messages are parked in SCHEDULE_TOPIC_XXXX like RocketMQ", "[store]") {
  spool::testing::TempDir dir;
  auto store = OpenOrDie(SmallOptions(dir.path()));
  Message m = Make("D", 1, "later");
  m.properties.Set(kPropertyDelayTimeLevel, "3");
  PutResult r = store->PutMessage(m);
  REQUIRE(r.ok());
  REQUIRE(store->WaitForMessages("SCHEDULE_TOPIC_XXXX", 2, 0, absl::Seconds(5)));
  GetResult got = store->GetMessages({.topic = "SCHEDULE_TOPIC_XXXX", .queue_id = 2, .offset = 0});
  REQUIRE(got.messages.size() == 1);
  CHECK(got.messages[0].properties.Get(kPropertyRealTopic) == "D");
  CHECK(got.messages[0].properties.Get(kPropertyRealQueueId) == "1");
}

}  // namespace spool::store
