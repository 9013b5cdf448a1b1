// Admin bodies and headers mqadmin reads from brokers: TopicStatsTable, ConsumeStats, ConsumerConnection,
// GroupList, CreateTopicRequestHeader and friends. Golden JSON is what fastjson 1.2.69 writes (spec broker.md §15).
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>

#include "spool/protocol/admin_headers.h"
#include "spool/protocol/consume_stats.h"
#include "spool/protocol/consumer_connection.h"
#include "spool/protocol/group_list.h"
#include "spool/protocol/topic_stats_table.h"
#include "spool/remoting/request_code.h"

namespace spool::protocol {
namespace {

using remoting::RemotingCommand;

MessageQueue Mq(std::string topic, std::string broker, int32_t qid) {
  return MessageQueue{.topic = std::move(topic), .broker_name = std::move(broker), .queue_id = qid};
}

TEST_CASE("TopicStatsTable is written with inline MessageQueue keys, as fastjson does", "[admin]") {
  TopicStatsTable t;
  t.offset_table[Mq("T", "broker-a", 0)] = {.min_offset = 0, .max_offset = 10, .last_update_timestamp = 1700000000000};
  CHECK(t.Encode() ==
        R"({"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T"}:)"
        R"({"lastUpdateTimestamp":1700000000000,"maxOffset":10,"minOffset":0}}})");
  auto back = TopicStatsTable::Decode(t.Encode());
  REQUIRE(back.ok());
  CHECK(*back == t);
}

TEST_CASE("TopicStatsTable reads string-wrapped keys (standard JSON) too", "[admin]") {
  TopicStatsTable t;
  t.offset_table[Mq("T", "broker-a", 1)] = {.min_offset = 2, .max_offset = 3, .last_update_timestamp = 4};
  const std::string standard = t.Encode(JsonStyle::kStandard);
  CHECK(standard.find(R"("{\"brokerName\")") != std::string::npos);
  auto back = TopicStatsTable::Decode(standard);
  REQUIRE(back.ok());
  CHECK(*back == t);
}

TEST_CASE("TopicStatsTable round-trips random tables", "[admin]") {
  const uint32_t seed = GENERATE(1u, 2u, 3u, 42u);
  INFO("seed " << seed);
  std::mt19937_64 rng(seed);
  TopicStatsTable t;
  const int n = static_cast<int>(rng() % 20);
  for (int i = 0; i < n; ++i) {
    t.offset_table[Mq("Topic\"" + std::to_string(rng() % 3), "broker-" + std::to_string(rng() % 4),
                      static_cast<int32_t>(rng() % 16))] = {.min_offset = static_cast<int64_t>(rng() % 1000),
                                                            .max_offset = static_cast<int64_t>(rng()),
                                                            .last_update_timestamp = static_cast<int64_t>(rng() >> 1)};
  }
  auto back = TopicStatsTable::Decode(t.Encode());
  REQUIRE(back.ok());
  CHECK(*back == t);
}

TEST_CASE("Admin bodies reject malformed input with an error, never a crash", "[admin]") {
  CHECK_FALSE(TopicStatsTable::Decode("{").ok());
  CHECK_FALSE(TopicStatsTable::Decode(R"({"offsetTable":{0:{"minOffset":1}}})").ok());
  CHECK_FALSE(TopicStatsTable::Decode(R"({"offsetTable":{"not json":{"minOffset":1}}})").ok());
  CHECK_FALSE(TopicStatsTable::Decode(R"({"offsetTable":[]})").ok());
  CHECK_FALSE(ConsumeStats::Decode(R"({"consumeTps":"x"})").ok());
  CHECK_FALSE(ConsumerConnection::Decode(R"({"consumeType":"SOMETIMES"})").ok());
  CHECK_FALSE(GroupList::Decode("[").ok());
  CHECK(TopicStatsTable::Decode("{}").ok());
}

TEST_CASE("ConsumeStats golden JSON, diff and merge", "[admin]") {
  ConsumeStats s;
  s.offset_table[Mq("T", "broker-a", 0)] = {.broker_offset = 10, .consumer_offset = 7, .last_timestamp = 1700000000000};
  CHECK(s.Encode() ==
        R"({"consumeTps":0.0,"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T"}:)"
        R"({"brokerOffset":10,"consumerOffset":7,"lastTimestamp":1700000000000}}})");
  auto back = ConsumeStats::Decode(s.Encode());
  REQUIRE(back.ok());
  CHECK(*back == s);
  CHECK(s.ComputeTotalDiff() == 3);

  ConsumeStats other;
  other.consume_tps = 1.5;
  other.offset_table[Mq("T", "broker-b", 0)] = {.broker_offset = 5, .consumer_offset = 5};
  s.Merge(other);
  CHECK(s.offset_table.size() == 2);
  CHECK(s.consume_tps == 1.5);
  auto merged = ConsumeStats::Decode(s.Encode());
  REQUIRE(merged.ok());
  CHECK(*merged == s);
}

TEST_CASE("ConsumerConnection golden JSON and round trip", "[admin]") {
  ConsumerConnection cc;
  cc.connection_set.push_back(
      {.client_id = "127.0.0.1@123", .client_addr = "127.0.0.1:53412", .language = "JAVA", .version = 407});
  cc.subscription_table["T"] = BuildSubscriptionData("T", "*", 1700000000000);
  const std::string json = cc.Encode();
  CHECK(json.rfind(R"({"connectionSet":[{"clientAddr":"127.0.0.1:53412","clientId":"127.0.0.1@123",)"
                   R"("language":"JAVA","version":407}],"consumeFromWhere":"CONSUME_FROM_LAST_OFFSET",)"
                   R"("consumeType":"CONSUME_PASSIVELY","messageModel":"CLUSTERING","subscriptionTable":{"T":{)",
                   0) == 0);
  auto back = ConsumerConnection::Decode(json);
  REQUIRE(back.ok());
  CHECK(*back == cc);
  CHECK(back->ComputeMinVersion() == 407);

  // Ordinals (rocketmq-client-cpp style) are accepted.
  auto ordinals = ConsumerConnection::Decode(R"({"consumeType":0,"messageModel":0,"consumeFromWhere":4})");
  REQUIRE(ordinals.ok());
  CHECK(ordinals->consume_type == ConsumeType::kConsumeActively);
  CHECK(ordinals->message_model == MessageModel::kBroadcasting);
  CHECK(ordinals->consume_from_where == ConsumeFromWhere::kConsumeFromFirstOffset);
}

TEST_CASE("GroupList round trip", "[admin]") {
  GroupList g{.group_list = {"G2", "G1"}};
  CHECK(g.Encode() == R"({"groupList":["G1","G2"]})");
  auto back = GroupList::Decode(g.Encode());
  REQUIRE(back.ok());
  CHECK(*back == g);
}

TEST_CASE("CreateTopicRequestHeader carries what DefaultMQAdminExt sends", "[admin]") {
  TopicConfig config{.topic_name = "T", .read_queue_nums = 4, .write_queue_nums = 2, .perm = 6, .order = true};
  CreateTopicRequestHeader h = CreateTopicRequestHeader::FromTopicConfig(config);
  RemotingCommand cmd = RemotingCommand::CreateRequest(remoting::request_code::kUpdateAndCreateTopic);
  EncodeHeader(h, &cmd);
  const HeaderFields expected{{"defaultTopic", "TBW102"}, {"order", "true"},          {"perm", "6"},
                              {"readQueueNums", "4"},     {"topic", "T"},             {"topicFilterType", "SINGLE_TAG"},
                              {"topicSysFlag", "0"},      {"writeQueueNums", "2"}};
  CHECK(cmd.ext_fields() == expected);
  auto back = CreateTopicRequestHeader::FromExtFields(cmd);
  REQUIRE(back.ok());
  CHECK(*back == h);
  CHECK(back->ToTopicConfig() == config);

  SECTION("a missing field is named") {
    cmd.RemoveExtField("perm");
    auto bad = CreateTopicRequestHeader::FromExtFields(cmd);
    REQUIRE_FALSE(bad.ok());
    CHECK(std::string(bad.status().message()).find("perm") != std::string::npos);
  }
  SECTION("a bad filter type is refused") {
    cmd.SetExtField("topicFilterType", "ALL_TAGS");
    CHECK_FALSE(CreateTopicRequestHeader::FromExtFields(cmd).ok());
  }
}

TEST_CASE("Topic and consume-stats headers", "[admin]") {
  RemotingCommand cmd = RemotingCommand::CreateRequest(remoting::request_code::kGetConsumeStats);
  EncodeHeader(GetConsumeStatsRequestHeader{.consumer_group = "G"}, &cmd);
  CHECK(cmd.ext_fields() == HeaderFields{{"consumerGroup", "G"}});
  auto back = GetConsumeStatsRequestHeader::FromExtFields(cmd);
  REQUIRE(back.ok());
  CHECK_FALSE(back->topic.has_value());

  RemotingCommand del = RemotingCommand::CreateRequest(remoting::request_code::kDeleteTopicInBroker);
  CHECK_FALSE(DeleteTopicRequestHeader::FromExtFields(del).ok());
  EncodeHeader(DeleteTopicRequestHeader{.topic = "T"}, &del);
  auto t = DeleteTopicRequestHeader::FromExtFields(del);
  REQUIRE(t.ok());
  CHECK(t->topic == "T");
}

}  // namespace
}  // namespace spool::protocol
