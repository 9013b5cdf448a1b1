#include "spool/store/topic_config.h"

#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "config/fastjson.h"
#include "testing/manual_clock.h"
#include "testing/mem_file_system.h"

namespace spool::store {
namespace {

std::string ReadTestdata(const std::string& name) {
  const std::string path = std::string(SPOOL_TESTDATA_DIR) + "/rocketmq-4.9.7/clean-shutdown/config/" + name;
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

TEST_CASE("TopicConfigTable decodes RocketMQ's topics.json", "[config][topic_config]") {
  internal::ManualClock clock;
  internal::MemFileSystem fs(&clock);
  TopicConfigTable table(&fs, &clock, "/store/config/topics.json");
  REQUIRE(table.Decode(ReadTestdata("topics.json")).ok());
  CHECK(table.All().size() == 16);
  CHECK(table.data_version() == DataVersion{.timestamp = 1795362002712, .counter = 8});

  std::optional<TopicConfig> a = table.Find("GenTopicA");
  REQUIRE(a.has_value());
  CHECK(*a == TopicConfig{.topic_name = "GenTopicA", .read_queue_nums = 4, .write_queue_nums = 4, .perm = 6});
  std::optional<TopicConfig> tbw = table.Find("TBW102");
  REQUIRE(tbw.has_value());
  CHECK(tbw->perm == (kPermRead | kPermWrite | kPermInherit));
  CHECK(tbw->read_queue_nums == 8);
  CHECK(table.Find("BenchmarkTest")->write_queue_nums == 1024);
  CHECK(table.Find("SCHEDULE_TOPIC_XXXX")->read_queue_nums == 18);
  CHECK_FALSE(table.Find("NoSuchTopic").has_value());
}

TEST_CASE("TopicConfigTable encodes RocketMQ's files byte for byte", "[config][topic_config]") {
  internal::ManualClock clock;
  for (const char* name : {"topics.json", "topics.json.bak"}) {
    INFO(name);
    const std::string original = ReadTestdata(name);
    TopicConfigTable table(nullptr, &clock, "/unused");
    REQUIRE(table.Decode(original).ok());
    CHECK(table.Encode() == original);
  }
}

TEST_CASE("TopicConfigTable Upsert and Erase bump the data version", "[config][topic_config]") {
  internal::ManualClock clock(5000);
  TopicConfigTable table(nullptr, &clock, "/unused");
  REQUIRE(table.Decode(ReadTestdata("topics.json")).ok());

  TopicConfig orders{.topic_name = "orders", .read_queue_nums = 8, .write_queue_nums = 8, .order = true};
  table.Upsert(orders);
  CHECK(table.data_version() == DataVersion{.timestamp = 5000, .counter = 9});
  CHECK(table.Find("orders") == orders);

  clock.AdvanceMillis(10);
  orders.perm = kPermRead;
  orders.topic_filter_type = "MULTI_TAG";
  table.Upsert(orders);
  CHECK(table.Find("orders") == orders);
  CHECK(table.data_version() == DataVersion{.timestamp = 5010, .counter = 10});

  CHECK_FALSE(table.Erase("nothing"));
  CHECK(table.data_version().counter == 10);
  CHECK(table.Erase("GenTopicA"));
  CHECK(table.data_version().counter == 11);
  CHECK_FALSE(table.Find("GenTopicA").has_value());

  // The encoded table reads back the same, and strict JSON tools can read it too (string keys only).
  TopicConfigTable copy(nullptr, &clock, "/unused");
  REQUIRE(copy.Decode(table.Encode()).ok());
  CHECK(copy.All() == table.All());
  CHECK(copy.data_version() == table.data_version());
  rapidjson::Document strict;
  const std::string text = table.Encode();
  strict.Parse(text.data(), text.size());
  CHECK_FALSE(strict.HasParseError());
  CHECK_THAT(text, Catch::Contains("\t\t\"orders\":{\n\t\t\t\"order\":true,\n\t\t\t\"perm\":4,\n"
                                   "\t\t\t\"readQueueNums\":8,\n\t\t\t\"topicFilterType\":\"MULTI_TAG\",\n"
                                   "\t\t\t\"topicName\":\"orders\",\n\t\t\t\"topicSysFlag\":0,\n"
                                   "\t\t\t\"writeQueueNums\":8\n\t\t}"));
}

TEST_CASE("TopicConfigTable empty table", "[config][topic_config]") {
  internal::ManualClock clock;
  TopicConfigTable table(nullptr, &clock, "/unused");
  CHECK(table.Encode() ==
        "{\n\t\"dataVersion\":{\n\t\t\"counter\":0,\n\t\t\"timestamp\":0\n\t},\n\t\"topicConfigTable\":{}\n}");
  REQUIRE(table.Decode("{}").ok());
  CHECK(table.All().empty());
}

TEST_CASE("TopicConfigTable rejects bad text and keeps its content", "[config][topic_config]") {
  internal::ManualClock clock;
  TopicConfigTable table(nullptr, &clock, "/unused");
  table.Upsert(TopicConfig{.topic_name = "keep"});
  for (const char* bad : {
           "{\"topicConfigTable\":{\"t\":{\"topicFilterType\":\"ANY_TAG\"}}}",
           "{\"topicConfigTable\":{\"t\":{\"perm\":\"rw\"}}}",
           "{\"topicConfigTable\":{\"t\":{\"readQueueNums\":3000000000}}}",
           "{\"topicConfigTable\":{\"t\":[]}}",
           "{\"dataVersion\":{\"counter\":\"x\"}}",
           "{\"topicConfigTable\":{\"t\":{\"order\":2}}}",
           "[1]",
       }) {
    INFO(bad);
    absl::Status s = table.Decode(bad);
    CHECK(s.code() == absl::StatusCode::kInvalidArgument);
  }
  absl::Status s = table.Decode("{\"topicConfigTable\":{\"t\":{\"perm\":\"rw\"}}}");
  CHECK_THAT(std::string(s.message()), Catch::Contains("topicConfigTable.t.perm"));
  CHECK(table.Find("keep").has_value());
  CHECK(table.All().size() == 1);
}

TEST_CASE("TopicConfigTable fills defaults and the name from the key", "[config][topic_config]") {
  internal::ManualClock clock;
  TopicConfigTable table(nullptr, &clock, "/unused");
  REQUIRE(table.Decode("{topicConfigTable:{'bare':{perm:'6',attributes:{}},}}").ok());
  std::optional<TopicConfig> t = table.Find("bare");
  REQUIRE(t.has_value());
  CHECK(*t == TopicConfig{.topic_name = "bare", .perm = 6});
}

TEST_CASE("TopicConfigTable Persist and Load through the file system", "[config][topic_config]") {
  internal::ManualClock clock;
  internal::MemFileSystem fs(&clock);
  const std::string path = "/store/config/topics.json";
  TopicConfigTable table(&fs, &clock, path);
  REQUIRE(table.Load().ok());
  CHECK(table.All().empty());
  REQUIRE(table.Decode(ReadTestdata("topics.json.bak")).ok());
  REQUIRE(table.Persist().ok());
  table.Upsert(TopicConfig{.topic_name = "x", .read_queue_nums = 1, .write_queue_nums = 1});
  REQUIRE(table.Persist().ok());

  absl::StatusOr<std::string> bak = fs.ReadFile(path + ".bak");
  REQUIRE(bak.ok());
  CHECK(*bak == ReadTestdata("topics.json.bak"));

  TopicConfigTable reloaded(&fs, &clock, path);
  REQUIRE(reloaded.Load().ok());
  CHECK(reloaded.All() == table.All());
  CHECK(reloaded.data_version() == table.data_version());
}

}  // namespace
}  // namespace spool::store
