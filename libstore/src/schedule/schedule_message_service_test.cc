#include "schedule/schedule_message_service.h"

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "codec/message_codec.h"
#include "log/delay_level_table.h"
#include "log/prepared_message.h"
#include "spool/store/message_store.h"
#include "store/message_store_impl.h"
#include "temp_dir.h"
#include "testing/fault_injection_file_system.h"
#include "testing/manual_clock.h"

namespace spool::store::internal {
namespace {

constexpr char kTestData[] = SPOOL_TESTDATA_DIR "/rocketmq-4.9.7";

StoreOptions SmallOptions(const std::string& root, Clock* clock, FileSystem* fs = nullptr) {
  StoreOptions o;
  o.store_path_root_dir = root;
  o.clock = clock;
  o.file_system = fs;
  o.flush_disk_type = FlushDiskType::kSyncFlush;
  o.mapped_file_size_commit_log = 64 * 1024;
  o.mapped_file_size_consume_queue = 100 * 20;
  o.max_hash_slot_num = 100;
  o.max_index_num = 400;
  return o;
}

// The options RocketMQ wrote the testdata with (broker.conf beside it).
StoreOptions TestdataOptions(const std::string& root, Clock* clock) {
  StoreOptions o = SmallOptions(root, clock);
  o.mapped_file_size_commit_log = 1048576;
  o.mapped_file_size_consume_queue = 6000;
  o.max_hash_slot_num = 1000;
  o.max_index_num = 4000;
  return o;
}

std::unique_ptr<MessageStoreImpl> OpenStore(const StoreOptions& o) {
  auto store = std::make_unique<MessageStoreImpl>(o);
  absl::Status s = store->Open();
  INFO(s.ToString());
  REQUIRE(s.ok());
  REQUIRE(store->schedule_service() != nullptr);
  return store;
}

Message Delayed(const std::string& topic, int32_t queue, const std::string& body, int level,
                const std::string& tag = "TagD", const std::string& keys = "k1 k2") {
  Message m;
  m.topic = topic;
  m.queue_id = queue;
  m.body = body;
  m.properties.Set(kPropertyTags, tag);
  m.properties.Set(kPropertyKeys, keys);
  m.properties.Set(kPropertyDelayTimeLevel, std::to_string(level));
  return m;
}

std::vector<MessageRecord> ReadQueue(MessageStore* store, const std::string& topic, int32_t queue) {
  GetResult got = store->GetMessages({.topic = topic, .queue_id = queue, .offset = 0, .max_messages = 32});
  return got.messages;
}

// Waits (condition wait with a deadline inside the store) until the dispatcher has caught up with the log.
void WaitDispatched(MessageStore* store) {
  const int64_t end = store->Stats().commit_log_max_offset;
  for (int i = 0; i < 5000 && store->Stats().dispatched_offset < end; ++i) {
    store->WaitForMessages("__never__", 0, 0, absl::Milliseconds(1));
  }
  REQUIRE(store->Stats().dispatched_offset >= end);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("a delayed message reaches its real queue when due, once, intact", "[schedule]") {
  spool::testing::TempDir dir;
  ManualClock clock;
  auto store = OpenStore(SmallOptions(dir.path(), &clock));
  ScheduleMessageService* schedule = store->schedule_service();

  REQUIRE(store->PutMessage(Delayed("RealT", 2, "hello", 3)).ok());
  REQUIRE(store->WaitForMessages(kScheduleTopic, 2, 0, absl::Seconds(5)));
  CHECK(store->GetMaxOffsetInQueue("RealT", 2) == 0);
  const int64_t parked_end = store->Stats().commit_log_max_offset;

  clock.AdvanceMillis(9999);
  CHECK(schedule->DeliverDue(3) > 0);
  CHECK(schedule->NextOffset(3) == 0);
  CHECK(store->Stats().commit_log_max_offset == parked_end);

  clock.AdvanceMillis(1);
  schedule->DeliverDue(3);
  CHECK(schedule->NextOffset(3) == 1);
  REQUIRE(store->WaitForMessages("RealT", 2, 0, absl::Seconds(5)));
  const int64_t delivered_end = store->Stats().commit_log_max_offset;
  CHECK(delivered_end > parked_end);

  // Later runs (and the service's own thread) find nothing more to deliver.
  clock.AdvanceMillis(60'000);
  schedule->DeliverDue(3);
  CHECK(schedule->NextOffset(3) == 1);
  CHECK(store->Stats().commit_log_max_offset == delivered_end);

  GetResult got = store->GetMessages({.topic = "RealT", .queue_id = 2, .offset = 0, .tag_expression = "TagD"});
  REQUIRE(got.status == GetMessageStatus::kFound);
  REQUIRE(got.messages.size() == 1);
  const MessageRecord& m = got.messages[0];
  CHECK(m.body == "hello");
  CHECK(m.Tags() == "TagD");
  CHECK(m.Keys() == "k1 k2");
  CHECK(m.queue_id == 2);
  CHECK(m.queue_offset == 0);
  CHECK(m.store_timestamp == clock.NowMillis() - 60'000);
  // As RocketMQ stores it: the parked property string, DELAY and the real destination included.
  CHECK(m.properties.Get(kPropertyDelayTimeLevel) == "3");
  CHECK(m.properties.Get(kPropertyRealTopic) == "RealT");
  CHECK(m.properties.Get(kPropertyRealQueueId) == "2");
  CHECK(store->GetMaxOffsetInQueue("RealT", 0) == 0);
  // The key index finds the delivered copy under its real topic.
  CHECK(store->QueryMessages("RealT", "k2", 10, 0, clock.NowMillis()).messages.size() == 1);
}

TEST_CASE("delay levels are delivered independently", "[schedule]") {
  spool::testing::TempDir dir;
  ManualClock clock;
  auto store = OpenStore(SmallOptions(dir.path(), &clock));
  ScheduleMessageService* schedule = store->schedule_service();

  REQUIRE(store->PutMessage(Delayed("Slow", 0, "ten seconds", 3)).ok());
  REQUIRE(store->PutMessage(Delayed("Fast", 1, "one second", 1)).ok());
  WaitDispatched(store.get());

  clock.AdvanceMillis(1000);
  schedule->DeliverDue(1);
  schedule->DeliverDue(3);
  CHECK(schedule->NextOffset(1) == 1);
  CHECK(schedule->NextOffset(3) == 0);
  REQUIRE(store->WaitForMessages("Fast", 1, 0, absl::Seconds(5)));
  WaitDispatched(store.get());
  CHECK(store->GetMaxOffsetInQueue("Slow", 0) == 0);

  clock.AdvanceMillis(9000);
  schedule->DeliverDue(3);
  CHECK(schedule->NextOffset(3) == 1);
  REQUIRE(store->WaitForMessages("Slow", 0, 0, absl::Seconds(5)));
  CHECK(ReadQueue(store.get(), "Slow", 0).at(0).body == "ten seconds");
  CHECK(store->GetMaxOffsetInQueue("Fast", 1) == 1);
}

TEST_CASE("delay offsets are saved at close and a clean reopen delivers nothing again", "[schedule]") {
  spool::testing::TempDir dir;
  ManualClock clock;
  const StoreOptions o = SmallOptions(dir.path(), &clock);
  {
    auto store = OpenStore(o);
    REQUIRE(store->PutMessage(Delayed("RealT", 0, "once", 3)).ok());
    REQUIRE(store->PutMessage(Delayed("RealT", 0, "later", 4)).ok());  // 30 s: still parked at close
    WaitDispatched(store.get());
    clock.AdvanceMillis(10'000);
    store->schedule_service()->DeliverDue(3);
    REQUIRE(store->WaitForMessages("RealT", 0, 0, absl::Seconds(5)));
    REQUIRE(store->Close().ok());
  }
  // RocketMQ's layout: keyed by level, fastjson's unquoted integer keys. Level 4 has delivered nothing yet.
  CHECK(ReadFile(dir.path() + "/config/delayOffset.json") == "{\n\t\"offsetTable\":{3:1\n\t}\n}");

  auto store = OpenStore(o);
  ScheduleMessageService* schedule = store->schedule_service();
  CHECK(schedule->NextOffset(3) == 1);
  CHECK(schedule->NextOffset(4) == 0);
  WaitDispatched(store.get());
  const int64_t end = store->Stats().commit_log_max_offset;
  clock.AdvanceMillis(10'000);  // 20 s after the puts: level 3 is long due, level 4 not yet
  schedule->DeliverDue(3);
  schedule->DeliverDue(4);
  CHECK(store->Stats().commit_log_max_offset == end);
  CHECK(store->GetMaxOffsetInQueue("RealT", 0) == 1);

  clock.AdvanceMillis(10'000);
  schedule->DeliverDue(4);
  REQUIRE(store->WaitForMessages("RealT", 0, 1, absl::Seconds(5)));
  std::vector<MessageRecord> real = ReadQueue(store.get(), "RealT", 0);
  REQUIRE(real.size() == 2);
  CHECK(real[0].body == "once");
  CHECK(real[1].body == "later");
}

TEST_CASE("offsets outside the queue are clamped at load", "[schedule]") {
  spool::testing::TempDir dir;
  ManualClock clock;
  const StoreOptions o = SmallOptions(dir.path(), &clock);
  {
    auto store = OpenStore(o);
    REQUIRE(store->PutMessage(Delayed("RealT", 0, "x", 2)).ok());
    WaitDispatched(store.get());
    REQUIRE(store->Close().ok());
  }
  {
    std::ofstream out(dir.path() + "/config/delayOffset.json", std::ios::binary | std::ios::trunc);
    out << "{\n\t\"offsetTable\":{2:7,5:3\n\t}\n}";
  }
  auto store = OpenStore(o);
  CHECK(store->schedule_service()->NextOffset(2) == 1);  // the queue's max
  CHECK(store->schedule_service()->NextOffset(5) == 0);  // level 5 has no queue
}

TEST_CASE("a crash before the offsets are saved delivers again: at least once, never lost", "[schedule]") {
  ManualClock clock;
  FaultInjectionFileSystem fs(&clock);
  const StoreOptions o = SmallOptions("/sched/store", &clock, &fs);
  const bool flushed_before_cut = GENERATE(true, false);
  INFO("store flushed before the power cut: " << flushed_before_cut);
  auto store = OpenStore(o);
  REQUIRE(store->PutMessage(Delayed("RealT", 1, "survivor", 1)).ok());
  REQUIRE(store->WaitForMessages(kScheduleTopic, 0, 0, absl::Seconds(5)));
  clock.AdvanceMillis(1000);
  store->schedule_service()->DeliverDue(1);
  REQUIRE(store->schedule_service()->NextOffset(1) == 1);
  REQUIRE(store->WaitForMessages("RealT", 1, 0, absl::Seconds(5)));
  if (flushed_before_cut) {
    REQUIRE(store->Flush().ok());
  } else {
    // A save syncs the re-put record first; whether the saved file itself survives is up to the power cut.
    REQUIRE(store->schedule_service()->Persist().ok());
  }
  fs.SetActive(false);
  store.reset();
  fs.SimulatePowerLoss();

  store = OpenStore(o);
  ScheduleMessageService* schedule = store->schedule_service();
  WaitDispatched(store.get());
  if (flushed_before_cut) {
    // The delivered copy survived, the offset did not: delivered a second time.
    CHECK(schedule->NextOffset(1) == 0);
    CHECK(store->GetMaxOffsetInQueue("RealT", 1) == 1);
  }
  schedule->DeliverDue(1);
  CHECK(schedule->NextOffset(1) == 1);
  WaitDispatched(store.get());
  std::vector<MessageRecord> real = ReadQueue(store.get(), "RealT", 1);
  REQUIRE(!real.empty());
  if (flushed_before_cut) CHECK(real.size() == 2);
  for (const MessageRecord& m : real) CHECK(m.body == "survivor");
}

TEST_CASE("a slave store does not deliver", "[schedule]") {
  spool::testing::TempDir dir;
  ManualClock clock;
  StoreOptions o = SmallOptions(dir.path(), &clock);
  {
    auto store = OpenStore(o);
    REQUIRE(store->PutMessage(Delayed("RealT", 0, "x", 1)).ok());
    WaitDispatched(store.get());
    REQUIRE(store->Close().ok());
  }
  o.broker_role = BrokerRole::kSlave;
  auto store = OpenStore(o);
  clock.AdvanceMillis(5000);
  store->schedule_service()->DeliverDue(1);  // a put a slave refuses: retried later, not skipped
  CHECK(store->schedule_service()->NextOffset(1) == 0);
  CHECK(store->GetMaxOffsetInQueue("RealT", 0) == 0);
}

TEST_CASE("the re-put record is byte for byte the one RocketMQ 4.9.7 wrote", "[schedule][testdata]") {
  // clean-shutdown: the level-3 message parked at 79769 was re-delivered at 81243 (GenTopicE/1).
  const std::string log = ReadFile(std::string(kTestData) + "/clean-shutdown/commitlog/00000000000000000000");
  REQUIRE(log.size() > 81243 + 272);
  auto parked = DecodeMessageRecord(std::string_view(log).substr(79769));
  auto delivered = DecodeMessageRecord(std::string_view(log).substr(81243));
  REQUIRE(parked.ok());
  REQUIRE(delivered.ok());
  PreparedMessage p;
  PrepareScheduledDelivery(*parked, "GenTopicE", 1, StoreOptions{}, &p);
  REQUIRE(p.ok());
  CHECK_FALSE(p.wait_store_msg_ok);
  REQUIRE(p.records.size() == 1);
  REQUIRE(p.bytes.size() == static_cast<size_t>(delivered->total_size));
  PatchRecord(p.bytes.data(), delivered->queue_offset, 81243, delivered->store_timestamp);
  CHECK(p.bytes == log.substr(81243, static_cast<size_t>(delivered->total_size)));
}

TEST_CASE("RocketMQ 4.9.7 stores resume from their delayOffset.json", "[schedule][testdata]") {
  spool::testing::TempDir dir;

  SECTION("clean-shutdown: the delayed message was delivered; nothing is delivered again") {
    const std::string root = dir.CopyFrom(std::string(kTestData) + "/clean-shutdown", "store");
    ManualClock clock(1795362006119 + 3'600'000);
    auto store = OpenStore(TestdataOptions(root, &clock));
    ScheduleMessageService* schedule = store->schedule_service();
    CHECK(schedule->NextOffset(3) == 1);
    WaitDispatched(store.get());
    const int64_t end = store->Stats().commit_log_max_offset;
    schedule->DeliverDue(3);
    CHECK(schedule->NextOffset(3) == 1);
    CHECK(store->Stats().commit_log_max_offset == end);
    CHECK(store->GetMaxOffsetInQueue("GenTopicE", 1) == 1);
    REQUIRE(store->Close().ok());
    CHECK(ReadFile(root + "/config/delayOffset.json") == "{\n\t\"offsetTable\":{3:1\n\t}\n}");
  }

  SECTION("after-crash: the second run's delayed message is delivered when due") {
    const std::string root = dir.CopyFrom(std::string(kTestData) + "/after-crash", "store");
    constexpr int64_t kDeliverAt = 1795362068510;  // CQ tag code of SCHEDULE_TOPIC_XXXX/2 unit 1
    ManualClock clock(kDeliverAt - 5000);
    auto store = OpenStore(TestdataOptions(root, &clock));
    ScheduleMessageService* schedule = store->schedule_service();
    CHECK(schedule->NextOffset(3) == 1);
    CHECK(store->GetMaxOffsetInQueue(kScheduleTopic, 2) == 2);
    const int64_t before = store->GetMaxOffsetInQueue("GenTopicE", 1);
    CHECK(before == 1);
    schedule->DeliverDue(3);
    CHECK(schedule->NextOffset(3) == 1);

    clock.SetMillis(kDeliverAt);
    schedule->DeliverDue(3);
    CHECK(schedule->NextOffset(3) == 2);
    REQUIRE(store->WaitForMessages("GenTopicE", 1, before, absl::Seconds(5)));
    GetResult got = store->GetMessages({.topic = "GenTopicE", .queue_id = 1, .offset = before, .tag_expression = "Delay"});
    REQUIRE(got.status == GetMessageStatus::kFound);
    REQUIRE(got.messages.size() == 1);
    const MessageRecord& m = got.messages[0];
    CHECK(m.UniqKey() == "FD00000000000000000000000000000247405FFD2B276F83090B003E");
    CHECK(m.Keys() == "delay-1");
    CHECK(m.properties.Get(kPropertyDelayTimeLevel) == "3");
    CHECK(m.store_timestamp == kDeliverAt);
    auto parked = store->LookMessageByOffset(161284);
    REQUIRE(parked.ok());
    CHECK(m.body == parked->body);
    CHECK(m.properties_string == parked->properties_string);
    CHECK(m.born_timestamp == parked->born_timestamp);
    REQUIRE(store->Close().ok());
    CHECK(ReadFile(root + "/config/delayOffset.json") == "{\n\t\"offsetTable\":{3:2\n\t}\n}");
  }
}

}  // namespace spool::store::internal
