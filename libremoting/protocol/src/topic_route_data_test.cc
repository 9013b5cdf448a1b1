#include "spool/protocol/topic_route_data.h"

#include <catch2/catch.hpp>

#include "spool/remoting/version.h"

namespace spool::protocol {
namespace {

namespace mq_version = remoting::mq_version;

// spec namesrv.md §6: the bytes a 4.9.7 name server sends, fastjson-default (cpp 2.x, Go v2, ali-ons, Java < 4.9.4)
// and standard (Java >= 4.9.4).
constexpr std::string_view kFastjsonRoute =
    R"({"brokerDatas":[{"brokerAddrs":{0:"192.168.0.10:10911",1:"192.168.0.11:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]})";
constexpr std::string_view kStandardRoute =
    R"({"brokerDatas":[{"brokerAddrs":{"0":"192.168.0.10:10911","1":"192.168.0.11:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]})";

TopicRouteData SpecRoute() {
  TopicRouteData route;
  route.broker_datas.push_back(BrokerData{.cluster = "DefaultCluster",
                                          .broker_name = "broker-a",
                                          .broker_addrs = {{0, "192.168.0.10:10911"}, {1, "192.168.0.11:10911"}}});
  route.queue_datas.push_back(QueueData{
      .broker_name = "broker-a", .read_queue_nums = 4, .write_queue_nums = 4, .perm = 6, .topic_sys_flag = 0});
  return route;
}

TEST_CASE("TopicRouteData encodes the spec's bytes in both styles", "[route]") {
  CHECK(SpecRoute().Encode(JsonStyle::kFastjson) == kFastjsonRoute);
  CHECK(SpecRoute().Encode(JsonStyle::kStandard) == kStandardRoute);
}

TEST_CASE("TopicRouteData decodes both styles to the same value", "[route]") {
  absl::StatusOr<TopicRouteData> a = TopicRouteData::Decode(kFastjsonRoute);
  absl::StatusOr<TopicRouteData> b = TopicRouteData::Decode(kStandardRoute);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(*a == SpecRoute());
  CHECK(*b == SpecRoute());
}

TEST_CASE("orderTopicConf is written before queueDatas only when set", "[route]") {
  TopicRouteData route = SpecRoute();
  route.order_topic_conf = "broker-a:4";
  route.filter_server_table["192.168.0.10:10911"] = {"192.168.0.10:30000"};
  const std::string json = route.Encode();
  CHECK(json ==
        R"({"brokerDatas":[{"brokerAddrs":{0:"192.168.0.10:10911",1:"192.168.0.11:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}],"filterServerTable":{"192.168.0.10:10911":["192.168.0.10:30000"]},"orderTopicConf":"broker-a:4","queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]})");
  absl::StatusOr<TopicRouteData> back = TopicRouteData::Decode(json);
  REQUIRE(back.ok());
  CHECK(*back == route);
}

TEST_CASE("the fastjson route text survives rocketmq-client-go's brokerAddrs surgery", "[route]") {
  // internal/route.go: take the brokerAddrs object text, strip braces, split on ',' then at the first ':', drop '"'.
  const std::string json = SpecRoute().Encode(JsonStyle::kFastjson);
  const size_t start = json.find("\"brokerAddrs\":{") + std::string("\"brokerAddrs\":{").size();
  const size_t end = json.find('}', start);
  std::string inner = json.substr(start, end - start);
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t pos = 0;
  while (pos <= inner.size()) {
    size_t comma = inner.find(',', pos);
    if (comma == std::string::npos) comma = inner.size();
    std::string item = inner.substr(pos, comma - pos);
    const size_t colon = item.find(':');
    std::string k = item.substr(0, colon), v = item.substr(colon + 1);
    std::erase(k, '"');
    std::erase(v, '"');
    pairs.emplace_back(k, v);
    pos = comma + 1;
  }
  REQUIRE(pairs.size() == 2);
  CHECK(pairs[0] == std::make_pair(std::string("0"), std::string("192.168.0.10:10911")));
  CHECK(pairs[1] == std::make_pair(std::string("1"), std::string("192.168.0.11:10911")));
}

TEST_CASE("RouteJsonStyle follows the request version and acceptStandardJsonOnly", "[route]") {
  CHECK(RouteJsonStyle(mq_version::kV4_9_7, false) == JsonStyle::kStandard);
  CHECK(RouteJsonStyle(mq_version::kV4_9_4, false) == JsonStyle::kStandard);
  CHECK(RouteJsonStyle(mq_version::kV4_9_3, false) == JsonStyle::kFastjson);
  CHECK(RouteJsonStyle(mq_version::kV4_6_0, false) == JsonStyle::kFastjson);  // rocketmq-client-cpp 2.x
  CHECK(RouteJsonStyle(mq_version::kV4_5_2, false) == JsonStyle::kFastjson);  // rocketmq-client-go v2
  CHECK(RouteJsonStyle(mq_version::kV3_4_9, false) == JsonStyle::kFastjson);  // ali-ons
  CHECK(RouteJsonStyle(mq_version::kV3_4_9, true) == JsonStyle::kStandard);
}

TEST_CASE("TopicRouteData decoding is lenient and reports bad shapes", "[route]") {
  // Old name of the sys flag, numbers as strings, missing lists.
  absl::StatusOr<TopicRouteData> r = TopicRouteData::Decode(
      R"({"queueDatas":[{"brokerName":"b","perm":"6","readQueueNums":2,"writeQueueNums":2,"topicSynFlag":1}]})");
  REQUIRE(r.ok());
  CHECK(r->queue_datas.at(0).perm == 6);
  CHECK(r->queue_datas.at(0).topic_sys_flag == 1);
  CHECK(r->broker_datas.empty());

  absl::StatusOr<TopicRouteData> bad = TopicRouteData::Decode(R"({"brokerDatas":[{"brokerAddrs":{x:"a"}}]})");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "TopicRouteData.brokerDatas[0].brokerAddrs: key \"x\" is not an integer");
  absl::StatusOr<TopicRouteData> bad_type = TopicRouteData::Decode(R"({"queueDatas":{}})");
  REQUIRE_FALSE(bad_type.ok());
  CHECK(bad_type.status().message() == "TopicRouteData.queueDatas: expected an array");
  CHECK_FALSE(TopicRouteData::Decode("[]").ok());
}

}  // namespace
}  // namespace spool::protocol
