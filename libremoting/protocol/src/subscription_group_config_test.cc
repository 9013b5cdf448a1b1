// SubscriptionGroupConfig (UPDATE_AND_CREATE_SUBSCRIPTIONGROUP's body) and SubscriptionGroupWrapper
// (GET_ALL_SUBSCRIPTIONGROUP_CONFIG's answer). Golden JSON is what fastjson writes for RocketMQ 4.9.7's beans.
#include <catch2/catch.hpp>

#include "spool/protocol/subscription_group_config.h"

namespace spool::protocol {
namespace {

TEST_CASE("SubscriptionGroupConfig is written as fastjson writes the bean", "[subscription_group]") {
  SubscriptionGroupConfig g{.group_name = "cg", .consume_enable = false, .retry_max_times = 3};
  CHECK(g.Encode() ==
        R"({"brokerId":0,"consumeBroadcastEnable":true,"consumeEnable":false,"consumeFromMinEnable":true,)"
        R"("groupName":"cg","notifyConsumerIdsChangedEnable":true,"retryMaxTimes":3,"retryQueueNums":1,)"
        R"("whichBrokerWhenConsumeSlowly":1})");
  auto back = SubscriptionGroupConfig::Decode(g.Encode());
  REQUIRE(back.ok());
  CHECK(*back == g);
}

TEST_CASE("SubscriptionGroupConfig decoding keeps defaults and ignores unknown members", "[subscription_group]") {
  // A 5.x mqadmin adds groupSysFlag, consumeMessageOrderly, attributes...; cpp sends booleans as digits.
  auto g = SubscriptionGroupConfig::Decode(
      R"({"groupName":"g","consumeEnable":"0","retryQueueNums":"2","groupSysFlag":0,"attributes":{},)"
      R"("consumeMessageOrderly":true})");
  REQUIRE(g.ok());
  CHECK(g->group_name == "g");
  CHECK_FALSE(g->consume_enable);
  CHECK(g->retry_queue_nums == 2);
  CHECK(g->retry_max_times == 16);
  CHECK(g->which_broker_when_consume_slowly == 1);
}

TEST_CASE("SubscriptionGroupConfig rejects bodies that are not a config", "[subscription_group]") {
  CHECK_FALSE(SubscriptionGroupConfig::Decode("").ok());
  CHECK_FALSE(SubscriptionGroupConfig::Decode("[1,2]").ok());
  CHECK_FALSE(SubscriptionGroupConfig::Decode(R"({"groupName":"g","retryMaxTimes":"many"})").ok());
  CHECK_FALSE(SubscriptionGroupConfig::Decode(R"({"groupName":"g")").ok());
}

TEST_CASE("SubscriptionGroupWrapper round trip, names from keys", "[subscription_group]") {
  SubscriptionGroupWrapper w;
  w.data_version = {.timestamp = 1795362002701, .counter = 1};
  w.subscription_group_table["a"] = {.group_name = "a"};
  w.subscription_group_table["b"] = {.group_name = "b", .consume_broadcast_enable = false};
  const std::string json = w.Encode();
  CHECK(json.rfind(R"({"dataVersion":{"counter":1,"timestamp":1795362002701},"subscriptionGroupTable":{"a":{)", 0) ==
        0);
  auto back = SubscriptionGroupWrapper::Decode(json);
  REQUIRE(back.ok());
  CHECK(*back == w);

  // subscriptionGroup.json as RocketMQ writes it (pretty, tabs), one entry without its groupName.
  auto file = SubscriptionGroupWrapper::Decode(
      "{\n\t\"dataVersion\":{\n\t\t\"counter\":1,\n\t\t\"timestamp\":5\n\t},\n\t\"subscriptionGroupTable\":{\n"
      "\t\t\"gen_store_cg\":{\n\t\t\t\"brokerId\":0,\n\t\t\t\"retryMaxTimes\":16\n\t\t}\n\t}\n}");
  REQUIRE(file.ok());
  REQUIRE(file->subscription_group_table.count("gen_store_cg") == 1);
  CHECK(file->subscription_group_table["gen_store_cg"] == SubscriptionGroupConfig{.group_name = "gen_store_cg"});
  CHECK(file->data_version == DataVersion{.timestamp = 5, .counter = 1});
}

}  // namespace
}  // namespace spool::protocol
