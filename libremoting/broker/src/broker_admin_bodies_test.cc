// The typed admin bodies mqadmin reads: TopicStatsTable (202), ConsumeStats (208), ConsumerConnection (203).
#include "broker_test_fixture.h"
#include "spool/protocol/consume_stats.h"
#include "spool/protocol/consumer_connection.h"
#include "spool/protocol/group_list.h"
#include "spool/protocol/heartbeat_data.h"
#include "spool/protocol/producer_connection.h"
#include "spool/protocol/topic_stats_table.h"

namespace spool::broker::testing {
namespace {

protocol::MessageQueue Mq(const std::string& topic, int32_t queue_id) {
  return {.topic = topic, .broker_name = "broker-a", .queue_id = queue_id};
}

TEST_CASE("GET_TOPIC_STATS_INFO and GET_CONSUME_STATS answer typed bodies", "[broker][admin]") {
  BrokerFixture f;
  for (int i = 0; i < 3; ++i) {
    REQUIRE(f.SendV2("StatsT", 1, "m" + std::to_string(i)).code() == response_code::kSuccess);
  }
  f.WaitDispatched("StatsT", 1, 3);

  RemotingCommand stats = RemotingCommand::CreateRequest(request_code::kGetTopicStatsInfo);
  stats.SetExtField("topic", "StatsT");
  RemotingCommand stats_reply = f.Invoke(stats);
  REQUIRE(stats_reply.code() == response_code::kSuccess);
  // fastjson's inline bean keys.
  CHECK(stats_reply.body().rfind(R"({"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"StatsT"}:)", 0) ==
        0);
  auto table = protocol::TopicStatsTable::Decode(stats_reply.body());
  REQUIRE(table.ok());
  CHECK(table->offset_table.size() == 4);  // auto-created through TBW102 with 4 queues
  REQUIRE(table->offset_table.count(Mq("StatsT", 1)) == 1);
  const protocol::TopicOffset& q1 = table->offset_table[Mq("StatsT", 1)];
  CHECK(q1.min_offset == 0);
  CHECK(q1.max_offset == 3);
  CHECK(q1.last_update_timestamp > 0);
  CHECK(table->offset_table[Mq("StatsT", 0)] == protocol::TopicOffset{});

  RemotingCommand commit = RemotingCommand::CreateRequest(request_code::kUpdateConsumerOffset);
  commit.SetExtField("consumerGroup", "SG");
  commit.SetExtField("topic", "StatsT");
  commit.SetExtField("queueId", "1");
  commit.SetExtField("commitOffset", "2");
  REQUIRE(f.Invoke(commit).code() == response_code::kSuccess);

  RemotingCommand consume = RemotingCommand::CreateRequest(request_code::kGetConsumeStats);
  consume.SetExtField("consumerGroup", "SG");
  RemotingCommand consume_reply = f.Invoke(consume);  // no topic: every topic the group has offsets on
  REQUIRE(consume_reply.code() == response_code::kSuccess);
  CHECK(consume_reply.body().rfind(R"({"consumeTps":0.0,"offsetTable":{{"brokerName":"broker-a")", 0) == 0);
  auto cs = protocol::ConsumeStats::Decode(consume_reply.body());
  REQUIRE(cs.ok());
  CHECK(cs->offset_table.size() == 4);
  const protocol::OffsetWrapper& w1 = cs->offset_table[Mq("StatsT", 1)];
  CHECK(w1.broker_offset == 3);
  CHECK(w1.consumer_offset == 2);
  CHECK(w1.last_timestamp > 0);
  CHECK(cs->ComputeTotalDiff() == 1);
  consume.SetExtField("topic", "Unknown");
  auto none = protocol::ConsumeStats::Decode(f.Invoke(consume).body());
  REQUIRE(none.ok());
  CHECK(none->offset_table.empty());
}

TEST_CASE("GET_CONSUMER_CONNECTION_LIST answers a typed ConsumerConnection", "[broker][admin]") {
  BrokerFixture f;
  protocol::HeartbeatData hb;
  hb.client_id = "127.0.0.1@conn";
  protocol::ConsumerData& c = hb.consumer_data_set.emplace_back();
  c.group_name = "ConnG";
  c.consume_type = protocol::ConsumeType::kConsumeActively;
  c.message_model = protocol::MessageModel::kBroadcasting;
  c.subscription_data_set.push_back(protocol::BuildSubscriptionData("ConnT", "TagA || TagB", 7));
  RemotingCommand heartbeat = RemotingCommand::CreateRequest(request_code::kHeartBeat);
  heartbeat.set_body(hb.Encode());
  REQUIRE(f.Invoke(heartbeat).code() == response_code::kSuccess);

  RemotingCommand list = RemotingCommand::CreateRequest(request_code::kGetConsumerConnectionList);
  list.SetExtField("consumerGroup", "ConnG");
  RemotingCommand reply = f.Invoke(list);
  REQUIRE(reply.code() == response_code::kSuccess);
  auto conn = protocol::ConsumerConnection::Decode(reply.body());
  REQUIRE(conn.ok());
  REQUIRE(conn->connection_set.size() == 1);
  CHECK(conn->connection_set[0].client_id == "127.0.0.1@conn");
  CHECK(conn->connection_set[0].client_addr.rfind("127.0.0.1:", 0) == 0);
  CHECK(conn->consume_type == protocol::ConsumeType::kConsumeActively);
  CHECK(conn->message_model == protocol::MessageModel::kBroadcasting);
  REQUIRE(conn->subscription_table.count("ConnT") == 1);
  CHECK(conn->subscription_table["ConnT"].sub_version == 7);

  list.SetExtField("consumerGroup", "Offline");
  CHECK(f.Invoke(list).code() == response_code::kConsumerNotOnline);
}

TEST_CASE("GET_PRODUCER_CONNECTION_LIST and QUERY_TOPIC_CONSUME_BY_WHO", "[broker][admin]") {
  BrokerFixture f;
  protocol::HeartbeatData hb;
  hb.client_id = "127.0.0.1@who";
  hb.producer_data_set.push_back({.group_name = "PG1"});
  protocol::ConsumerData& c = hb.consumer_data_set.emplace_back();
  c.group_name = "LiveG";
  c.subscription_data_set.push_back(protocol::BuildSubscriptionData("WhoT", "*", 1));
  RemotingCommand heartbeat = RemotingCommand::CreateRequest(request_code::kHeartBeat);
  heartbeat.set_body(hb.Encode());
  REQUIRE(f.Invoke(heartbeat).code() == response_code::kSuccess);

  RemotingCommand producers = RemotingCommand::CreateRequest(request_code::kGetProducerConnectionList);
  producers.SetExtField("producerGroup", "PG1");
  RemotingCommand reply = f.Invoke(producers);
  REQUIRE(reply.code() == response_code::kSuccess);
  auto pc = protocol::ProducerConnection::Decode(reply.body());
  REQUIRE(pc.ok());
  REQUIRE(pc->connection_set.size() == 1);
  CHECK(pc->connection_set[0].client_id == "127.0.0.1@who");
  CHECK(pc->connection_set[0].language == "JAVA");
  producers.SetExtField("producerGroup", "NoSuchGroup");
  RemotingCommand unknown = f.Invoke(producers);
  CHECK(unknown.code() == response_code::kSystemError);
  CHECK(unknown.remark() == "the producer group[NoSuchGroup] not exist");

  // An offline group that committed an offset on the topic counts too.
  RemotingCommand commit = RemotingCommand::CreateRequest(request_code::kUpdateConsumerOffset);
  commit.SetExtField("consumerGroup", "OfflineG");
  commit.SetExtField("topic", "WhoT");
  commit.SetExtField("queueId", "0");
  commit.SetExtField("commitOffset", "0");
  REQUIRE(f.Invoke(commit).code() == response_code::kSuccess);
  commit.SetExtField("consumerGroup", "OtherTopicG");
  commit.SetExtField("topic", "WhoT2");
  REQUIRE(f.Invoke(commit).code() == response_code::kSuccess);

  RemotingCommand who = RemotingCommand::CreateRequest(request_code::kQueryTopicConsumeByWho);
  who.SetExtField("topic", "WhoT");
  RemotingCommand who_reply = f.Invoke(who);
  REQUIRE(who_reply.code() == response_code::kSuccess);
  auto groups = protocol::GroupList::Decode(who_reply.body());
  REQUIRE(groups.ok());
  CHECK(groups->group_list == std::set<std::string>{"LiveG", "OfflineG"});
}

}  // namespace
}  // namespace spool::broker::testing
