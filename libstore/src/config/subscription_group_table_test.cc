#include "spool/store/subscription_group_table.h"

#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "testing/manual_clock.h"
#include "testing/mem_file_system.h"

namespace spool::store::internal {
namespace {

std::string ReadTestdata(const std::string& name) {
  const std::string path = std::string(SPOOL_TESTDATA_DIR) + "/rocketmq-4.9.7/clean-shutdown/config/" + name;
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

TEST_CASE("SubscriptionGroupTable decodes RocketMQ's subscriptionGroup.json", "[config][subscription_group]") {
  ManualClock clock;
  SubscriptionGroupTable table(nullptr, &clock, "/unused");
  REQUIRE(table.Decode(ReadTestdata("subscriptionGroup.json")).ok());
  CHECK(table.All().size() == 8);
  CHECK(table.data_version() == DataVersion{.timestamp = 1795362002701, .counter = 1});
  std::optional<SubscriptionGroupConfig> g = table.Find("gen_store_cg");
  REQUIRE(g.has_value());
  CHECK(*g == SubscriptionGroupConfig{.group_name = "gen_store_cg"});  // all RocketMQ defaults
  CHECK(table.Find("CID_ONS-HTTP-PROXY").has_value());
  CHECK_FALSE(table.Find("nope").has_value());
}

TEST_CASE("SubscriptionGroupTable encodes byte for byte", "[config][subscription_group]") {
  ManualClock clock;
  const std::string original = ReadTestdata("subscriptionGroup.json");
  SubscriptionGroupTable table(nullptr, &clock, "/unused");
  REQUIRE(table.Decode(original).ok());
  CHECK(table.Encode() == original);
}

TEST_CASE("SubscriptionGroupTable keeps unknown fields", "[config][subscription_group]") {
  ManualClock clock;
  SubscriptionGroupTable table(nullptr, &clock, "/unused");
  REQUIRE(table.Decode(R"({"dataVersion":{"counter":2,"timestamp":3},"forbiddenTable":{"g":{"t":1}},
      "subscriptionGroupTable":{"g":{"groupName":"g","retryMaxTimes":3,"groupSysFlag":0,"attributes":{},
      "subscriptionDataSet":[{"topic":"t"}],"consumeMessageOrderly":true}}})")
              .ok());
  std::optional<SubscriptionGroupConfig> g = table.Find("g");
  REQUIRE(g.has_value());
  CHECK(g->retry_max_times == 3);
  CHECK(g->extra_fields.size() == 4);
  CHECK(table.Encode() ==
        "{\n"
        "\t\"dataVersion\":{\n\t\t\"counter\":2,\n\t\t\"timestamp\":3\n\t},\n"
        "\t\"forbiddenTable\":{\n\t\t\"g\":{\n\t\t\t\"t\":1\n\t\t}\n\t},\n"
        "\t\"subscriptionGroupTable\":{\n"
        "\t\t\"g\":{\n"
        "\t\t\t\"attributes\":{},\n"
        "\t\t\t\"brokerId\":0,\n"
        "\t\t\t\"consumeBroadcastEnable\":true,\n"
        "\t\t\t\"consumeEnable\":true,\n"
        "\t\t\t\"consumeFromMinEnable\":true,\n"
        "\t\t\t\"consumeMessageOrderly\":true,\n"
        "\t\t\t\"groupName\":\"g\",\n"
        "\t\t\t\"groupSysFlag\":0,\n"
        "\t\t\t\"notifyConsumerIdsChangedEnable\":true,\n"
        "\t\t\t\"retryMaxTimes\":3,\n"
        "\t\t\t\"retryQueueNums\":1,\n"
        "\t\t\t\"subscriptionDataSet\":[\n\t\t\t\t{\n\t\t\t\t\t\"topic\":\"t\"\n\t\t\t\t}\n\t\t\t],\n"
        "\t\t\t\"whichBrokerWhenConsumeSlowly\":1\n"
        "\t\t}\n"
        "\t}\n"
        "}");
  SubscriptionGroupTable copy(nullptr, &clock, "/unused");
  REQUIRE(copy.Decode(table.Encode()).ok());
  CHECK(copy.Encode() == table.Encode());
}

TEST_CASE("SubscriptionGroupTable Upsert, Erase, bad text", "[config][subscription_group]") {
  ManualClock clock(777);
  SubscriptionGroupTable table(nullptr, &clock, "/unused");
  table.Upsert(SubscriptionGroupConfig{.group_name = "cg", .consume_enable = false, .broker_id = 1});
  CHECK(table.data_version() == DataVersion{.timestamp = 777, .counter = 1});
  CHECK(table.Find("cg")->consume_enable == false);
  CHECK(table.Find("cg")->broker_id == 1);
  for (const char* bad : {"{\"subscriptionGroupTable\":{\"g\":{\"retryQueueNums\":\"one\"}}}",
                          "{\"subscriptionGroupTable\":[]}", "{\"dataVersion\":5}"}) {
    INFO(bad);
    CHECK_FALSE(table.Decode(bad).ok());
  }
  CHECK(table.Find("cg").has_value());
  CHECK(table.Erase("cg"));
  CHECK_FALSE(table.Erase("cg"));
  CHECK(table.data_version().counter == 2);
  CHECK(table.Encode() ==
        "{\n\t\"dataVersion\":{\n\t\t\"counter\":2,\n\t\t\"timestamp\":777\n\t},\n\t\"subscriptionGroupTable\":{}\n}");
}

TEST_CASE("SubscriptionGroupTable Persist and Load", "[config][subscription_group]") {
  ManualClock clock;
  MemFileSystem fs(&clock);
  const std::string path = "/store/config/subscriptionGroup.json";
  SubscriptionGroupTable table(&fs, &clock, path);
  REQUIRE(table.Load().ok());
  CHECK(table.All().empty());
  REQUIRE(table.Decode(ReadTestdata("subscriptionGroup.json")).ok());
  REQUIRE(table.Persist().ok());
  CHECK(*fs.ReadFile(path) == ReadTestdata("subscriptionGroup.json"));
  SubscriptionGroupTable reloaded(&fs, &clock, path);
  REQUIRE(reloaded.Load().ok());
  CHECK(reloaded.All() == table.All());
}

}  // namespace
}  // namespace spool::store::internal
