#include "spool/namesrv/route_info_manager.h"

#include <catch2/catch.hpp>

#include <memory>

#include "spool/protocol/perm.h"
#include "testing/fake_channel.h"

namespace spool::namesrv {
namespace {

using protocol::DataVersion;
using protocol::TopicConfig;
using testing::FakeChannel;

constexpr int64_t kT0 = 1'700'000'000'000;

TopicConfig Topic(const std::string& name, int32_t queues = 4, int32_t perm = 6, int32_t sys_flag = 0) {
  return TopicConfig{.topic_name = name,
                     .read_queue_nums = queues,
                     .write_queue_nums = queues,
                     .perm = perm,
                     .topic_sys_flag = sys_flag};
}

BrokerRegistration Broker(const std::string& name, int64_t id, const std::string& addr,
                          std::vector<TopicConfig> topics = {}, DataVersion version = {kT0, 1},
                          const std::string& cluster = "DefaultCluster") {
  protocol::TopicConfigSerializeWrapper wrapper;
  wrapper.data_version = version;
  for (TopicConfig& t : topics) wrapper.topic_config_table[t.topic_name] = t;
  return BrokerRegistration{.cluster_name = cluster,
                            .broker_addr = addr,
                            .broker_name = name,
                            .broker_id = id,
                            .ha_server_addr = addr + "-ha",
                            .topic_config_wrapper = std::move(wrapper),
                            .filter_server_list = std::vector<std::string>{}};
}

TEST_CASE("a registered master is routed to", "[routes]") {
  RouteInfoManager routes;
  protocol::RegisterBrokerResult r = routes.RegisterBroker(Broker("broker-a", 0, "10.0.0.1:10911", {Topic("T")}), kT0);
  CHECK_FALSE(r.master_addr.has_value());
  CHECK_FALSE(r.ha_server_addr.has_value());

  std::optional<protocol::TopicRouteData> route = routes.PickupTopicRouteData("T");
  REQUIRE(route.has_value());
  REQUIRE(route->queue_datas.size() == 1);
  CHECK(route->queue_datas[0] ==
        protocol::QueueData{.broker_name = "broker-a", .read_queue_nums = 4, .write_queue_nums = 4, .perm = 6});
  REQUIRE(route->broker_datas.size() == 1);
  CHECK(route->broker_datas[0].broker_addrs == std::map<int64_t, std::string>{{0, "10.0.0.1:10911"}});
  CHECK(route->broker_datas[0].cluster == "DefaultCluster");
  CHECK(route->filter_server_table.empty());
  CHECK_FALSE(routes.PickupTopicRouteData("Unknown").has_value());

  std::optional<BrokerLiveInfo> live = routes.FindLiveBroker("10.0.0.1:10911");
  REQUIRE(live.has_value());
  CHECK(live->last_update_timestamp == kT0);
  CHECK(live->data_version == DataVersion{kT0, 1});
  CHECK(live->ha_server_addr == "10.0.0.1:10911-ha");
}

TEST_CASE("queue data is rewritten only when the data version changes, and additively", "[routes]") {
  RouteInfoManager routes;
  routes.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T", 4)}, {kT0, 1}), kT0);

  // Same version, different table: ignored (a heartbeat re-sends what the name server already has).
  routes.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T", 8), Topic("U")}, {kT0, 1}), kT0 + 1);
  CHECK(routes.PickupTopicRouteData("T")->queue_datas[0].write_queue_nums == 4);
  CHECK_FALSE(routes.PickupTopicRouteData("U").has_value());
  CHECK(routes.FindLiveBroker("a:1")->last_update_timestamp == kT0 + 1);

  // New version: applied. A body holding only U (UPDATE_AND_CREATE_TOPIC) keeps T.
  routes.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("U", 2)}, {kT0, 2}), kT0 + 2);
  CHECK(routes.PickupTopicRouteData("T")->queue_datas[0].write_queue_nums == 4);
  CHECK(routes.PickupTopicRouteData("U")->queue_datas[0].write_queue_nums == 2);

  // A changed timestamp alone counts as a change too.
  routes.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T", 16)}, {kT0 + 5, 2}), kT0 + 3);
  CHECK(routes.PickupTopicRouteData("T")->queue_datas[0].write_queue_nums == 16);
}

TEST_CASE("QueryDataVersion reports changes and refreshes liveness only when unchanged", "[routes]") {
  RouteInfoManager routes;
  DataVersionCheck unknown = routes.QueryDataVersion("a:1", {kT0, 1}, kT0);
  CHECK(unknown.changed);
  CHECK_FALSE(unknown.stored.has_value());

  routes.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T")}, {kT0, 1}), kT0);
  DataVersionCheck same = routes.QueryDataVersion("a:1", {kT0, 1}, kT0 + 60'000);
  CHECK_FALSE(same.changed);
  CHECK(same.stored == DataVersion{kT0, 1});
  CHECK(routes.FindLiveBroker("a:1")->last_update_timestamp == kT0 + 60'000);

  DataVersionCheck differs = routes.QueryDataVersion("a:1", {kT0, 2}, kT0 + 90'000);
  CHECK(differs.changed);
  CHECK(routes.FindLiveBroker("a:1")->last_update_timestamp == kT0 + 60'000);
}

TEST_CASE("slaves: no queue data, master's addresses in the result, slave-to-master switch", "[routes]") {
  RouteInfoManager routes;
  // A slave before its master: nothing to report, and its topics are not published.
  protocol::RegisterBrokerResult early = routes.RegisterBroker(Broker("broker-a", 1, "s:1", {Topic("T")}), kT0);
  CHECK_FALSE(early.master_addr.has_value());
  CHECK_FALSE(routes.PickupTopicRouteData("T").has_value());

  routes.RegisterBroker(Broker("broker-a", 0, "m:1", {Topic("T")}), kT0);
  protocol::RegisterBrokerResult r = routes.RegisterBroker(Broker("broker-a", 1, "s:1", {Topic("T")}), kT0);
  CHECK(r.master_addr == "m:1");
  CHECK(r.ha_server_addr == "m:1-ha");
  CHECK(routes.PickupTopicRouteData("T")->broker_datas[0].broker_addrs ==
        std::map<int64_t, std::string>{{0, "m:1"}, {1, "s:1"}});

  // The master leaves and the slave comes back as id 0 at the same address: one entry per address.
  routes.UnregisterBroker("DefaultCluster", "m:1", "broker-a", 0);
  routes.RegisterBroker(Broker("broker-a", 0, "s:1", {Topic("T")}), kT0);
  CHECK(routes.GetAllClusterInfo().broker_addr_table.at("broker-a").broker_addrs ==
        std::map<int64_t, std::string>{{0, "s:1"}});
}

TEST_CASE("when the master goes, the topic stays routed to the slave", "[routes]") {
  RouteInfoManager routes;
  routes.RegisterBroker(Broker("broker-a", 0, "m:1", {Topic("T")}), kT0);
  routes.RegisterBroker(Broker("broker-a", 1, "s:1", {Topic("T")}), kT0);
  routes.UnregisterBroker("DefaultCluster", "m:1", "broker-a", 0);
  std::optional<protocol::TopicRouteData> route = routes.PickupTopicRouteData("T");
  REQUIRE(route.has_value());
  CHECK(route->broker_datas[0].broker_addrs == std::map<int64_t, std::string>{{1, "s:1"}});
}

TEST_CASE("unregistering the last address removes the broker name, its cluster and its topics", "[routes]") {
  RouteInfoManager routes;
  routes.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T"), Topic("OnlyA")}), kT0);
  routes.RegisterBroker(Broker("broker-b", 0, "b:1", {Topic("T")}), kT0);
  CHECK(routes.PickupTopicRouteData("T")->queue_datas.size() == 2);

  routes.UnregisterBroker("DefaultCluster", "a:1", "broker-a", 0);
  CHECK_FALSE(routes.FindLiveBroker("a:1").has_value());
  CHECK_FALSE(routes.PickupTopicRouteData("OnlyA").has_value());
  std::optional<protocol::TopicRouteData> t = routes.PickupTopicRouteData("T");
  REQUIRE(t.has_value());
  CHECK(t->queue_datas.size() == 1);
  CHECK(t->queue_datas[0].broker_name == "broker-b");
  CHECK(routes.GetAllClusterInfo().cluster_addr_table.at("DefaultCluster") == std::set<std::string>{"broker-b"});

  routes.UnregisterBroker("DefaultCluster", "b:1", "broker-b", 0);
  protocol::ClusterInfo empty = routes.GetAllClusterInfo();
  CHECK(empty.broker_addr_table.empty());
  CHECK(empty.cluster_addr_table.empty());
  CHECK(routes.GetAllTopicList().topic_list.empty());
  // Unknown brokers are fine.
  routes.UnregisterBroker("X", "x:1", "x", 0);
}

TEST_CASE("brokers silent for more than 120 s expire and their connections are closed", "[routes]") {
  RouteInfoManager routes;
  auto channel_a = std::make_shared<FakeChannel>("10.0.0.1:50001");
  auto channel_b = std::make_shared<FakeChannel>("10.0.0.2:50002");
  BrokerRegistration a = Broker("broker-a", 0, "a:1", {Topic("T")});
  a.channel = channel_a;
  BrokerRegistration b = Broker("broker-b", 0, "b:1", {Topic("T")});
  b.channel = channel_b;
  routes.RegisterBroker(a, kT0);
  routes.RegisterBroker(b, kT0 + 30'000);

  CHECK(routes.ScanNotActiveBrokers(kT0 + kBrokerChannelExpiredMillis).empty());  // exactly 120 s: still alive
  CHECK(routes.ScanNotActiveBrokers(kT0 + kBrokerChannelExpiredMillis + 1) == std::vector<std::string>{"a:1"});
  CHECK(channel_a->closed());
  CHECK_FALSE(channel_b->closed());
  CHECK(routes.PickupTopicRouteData("T")->queue_datas.size() == 1);

  // A heartbeat keeps b alive.
  routes.RegisterBroker(b, kT0 + 140'000);
  CHECK(routes.ScanNotActiveBrokers(kT0 + 200'000).empty());
  CHECK(routes.ScanNotActiveBrokers(kT0 + 260'001) == std::vector<std::string>{"b:1"});
  CHECK_FALSE(routes.PickupTopicRouteData("T").has_value());
  CHECK(routes.LiveBrokerCount() == 0);
  CHECK(routes.GetAllClusterInfo().cluster_addr_table.empty());
}

TEST_CASE("a closed connection drops the brokers registered on it", "[routes]") {
  RouteInfoManager routes;
  auto channel = std::make_shared<FakeChannel>("10.0.0.1:50001");
  auto other = std::make_shared<FakeChannel>("10.0.0.2:50002");
  BrokerRegistration a = Broker("broker-a", 0, "a:1", {Topic("T")});
  a.channel = channel;
  BrokerRegistration b = Broker("broker-b", 0, "b:1", {Topic("T")});
  b.channel = other;
  routes.RegisterBroker(a, kT0);
  routes.RegisterBroker(b, kT0);

  // A connection nobody registered on changes nothing.
  FakeChannel stranger("10.0.0.9:1");
  CHECK(routes.OnChannelDestroy(stranger.remote_address(), &stranger).empty());

  CHECK(routes.OnChannelDestroy(channel->remote_address(), channel.get()) == std::vector<std::string>{"a:1"});
  CHECK(routes.PickupTopicRouteData("T")->queue_datas.size() == 1);

  // A broker that re-registered on a new connection survives the old one closing.
  auto reconnect = std::make_shared<FakeChannel>("10.0.0.2:50003");
  b.channel = reconnect;
  routes.RegisterBroker(b, kT0 + 1);
  CHECK(routes.OnChannelDestroy(other->remote_address(), other.get()).empty());
  CHECK(routes.FindLiveBroker("b:1").has_value());

  // Without a channel match, the remote address names the broker (RocketMQ's fallback).
  CHECK(routes.OnChannelDestroy("b:1", nullptr) == std::vector<std::string>{"b:1"});
  CHECK(routes.LiveBrokerCount() == 0);
}

TEST_CASE("wipe and add write permission", "[routes]") {
  RouteInfoManager routes;
  routes.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T", 4, 6), Topic("R", 4, 4), Topic("I", 4, 7)}), kT0);
  routes.RegisterBroker(Broker("broker-b", 0, "b:1", {Topic("T", 4, 6)}), kT0);
  CHECK(routes.WipeWritePermOfBroker("broker-a") == 3);
  CHECK(routes.PickupTopicRouteData("T")->queue_datas[0].perm == 4);  // broker-a sorts first
  CHECK(routes.PickupTopicRouteData("T")->queue_datas[1].perm == 6);
  CHECK(routes.PickupTopicRouteData("I")->queue_datas[0].perm == 5);
  CHECK(routes.WipeWritePermOfBroker("nobody") == 0);

  CHECK(routes.AddWritePermOfBroker("broker-a") == 3);
  CHECK(routes.PickupTopicRouteData("I")->queue_datas[0].perm == 6);
  CHECK(routes.PickupTopicRouteData("R")->queue_datas[0].perm == 6);

  // The wipe holds until a registration with a new data version rewrites the queue data.
  routes.WipeWritePermOfBroker("broker-a");
  routes.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T", 4, 6)}, {kT0, 1}), kT0 + 1);
  CHECK(routes.PickupTopicRouteData("T")->queue_datas[0].perm == 4);
  routes.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T", 4, 6)}, {kT0, 2}), kT0 + 2);
  CHECK(routes.PickupTopicRouteData("T")->queue_datas[0].perm == 6);
}

TEST_CASE("cluster info and topic lists", "[routes]") {
  RouteInfoManager routes;
  routes.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T"), Topic("Unit", 4, 6, 1)}, {kT0, 1}, "C1"), kT0);
  routes.RegisterBroker(Broker("broker-a", 1, "a:2", {}, {kT0, 1}, "C1"), kT0);
  routes.RegisterBroker(
      Broker("broker-b", 0, "b:1", {Topic("U"), Topic("Sub", 4, 6, 2), Topic("Both", 4, 6, 3)}, {kT0, 1}, "C2"), kT0);

  protocol::ClusterInfo info = routes.GetAllClusterInfo();
  CHECK(info.cluster_addr_table == std::map<std::string, std::set<std::string>>{{"C1", {"broker-a"}},
                                                                                {"C2", {"broker-b"}}});
  CHECK(info.broker_addr_table.at("broker-a").broker_addrs ==
        std::map<int64_t, std::string>{{0, "a:1"}, {1, "a:2"}});
  CHECK(info.Encode() ==
        R"({"brokerAddrTable":{"broker-a":{"brokerAddrs":{0:"a:1",1:"a:2"},"brokerName":"broker-a","cluster":"C1"},"broker-b":{"brokerAddrs":{0:"b:1"},"brokerName":"broker-b","cluster":"C2"}},"clusterAddrTable":{"C1":["broker-a"],"C2":["broker-b"]}})");

  CHECK(routes.GetAllTopicList().topic_list == std::set<std::string>{"Both", "Sub", "T", "U", "Unit"});
  CHECK(routes.GetTopicsByCluster("C1").topic_list == std::set<std::string>{"T", "Unit"});
  CHECK(routes.GetTopicsByCluster("nope").topic_list.empty());
  protocol::TopicList system = routes.GetSystemTopicList();
  CHECK(system.topic_list == std::set<std::string>{"C1", "C2", "broker-a", "broker-b"});
  CHECK(system.broker_addr == "a:1");
  CHECK(routes.GetUnitTopics().topic_list == std::set<std::string>{"Both", "Unit"});
  CHECK(routes.GetHasUnitSubTopicList().topic_list == std::set<std::string>{"Both", "Sub"});
  CHECK(routes.GetHasUnitSubUnUnitTopicList().topic_list == std::set<std::string>{"Sub"});
}

TEST_CASE("delete a topic everywhere or in one cluster", "[routes]") {
  RouteInfoManager routes;
  routes.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T"), Topic("X")}, {kT0, 1}, "C1"), kT0);
  routes.RegisterBroker(Broker("broker-b", 0, "b:1", {Topic("T")}, {kT0, 1}, "C2"), kT0);
  routes.DeleteTopic("T", "C1");
  CHECK(routes.PickupTopicRouteData("T")->queue_datas.size() == 1);
  routes.DeleteTopic("T", "C2");
  CHECK_FALSE(routes.PickupTopicRouteData("T").has_value());
  routes.DeleteTopic("X");
  CHECK(routes.GetAllTopicList().topic_list.empty());
  routes.DeleteTopic("never-there");
  routes.DeleteTopic("never-there", "C1");
}

TEST_CASE("filter servers appear in routes and are cleared by an empty list", "[routes]") {
  RouteInfoManager routes;
  BrokerRegistration a = Broker("broker-a", 0, "a:1", {Topic("T")});
  a.filter_server_list = std::vector<std::string>{"a:30000"};
  routes.RegisterBroker(a, kT0);
  CHECK(routes.PickupTopicRouteData("T")->filter_server_table ==
        std::map<std::string, std::vector<std::string>>{{"a:1", {"a:30000"}}});
  a.filter_server_list.reset();  // an old-format registration leaves them alone
  routes.RegisterBroker(a, kT0);
  CHECK(routes.PickupTopicRouteData("T")->filter_server_table.size() == 1);
  a.filter_server_list = std::vector<std::string>{};
  routes.RegisterBroker(a, kT0);
  CHECK(routes.PickupTopicRouteData("T")->filter_server_table.empty());
}

TEST_CASE("a topic whose brokers are all unknown has no route", "[routes]") {
  RouteInfoManager routes;
  // A slave-only broker name publishes no queue data; a master's queue data outlives nothing else.
  routes.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T")}), kT0);
  routes.OnChannelDestroy("a:1", nullptr);
  CHECK_FALSE(routes.PickupTopicRouteData("T").has_value());
}

}  // namespace
}  // namespace spool::namesrv
