// The smaller name-server bodies: ClusterInfo, TopicList, KVTable, DataVersion, TopicConfig, and the lenient field
// reads they share.
#include <catch2/catch.hpp>

#include "spool/protocol/cluster_info.h"
#include "spool/protocol/data_version.h"
#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/protocol/kv_table.h"
#include "spool/protocol/perm.h"
#include "spool/protocol/topic_config.h"
#include "spool/protocol/topic_list.h"

namespace spool::protocol {
namespace {

TEST_CASE("ClusterInfo: the spec's bytes, broker ids unquoted", "[bodies]") {
  ClusterInfo info;
  info.broker_addr_table["broker-a"] =
      BrokerData{.cluster = "DefaultCluster", .broker_name = "broker-a", .broker_addrs = {{0, "192.168.0.10:10911"}}};
  info.cluster_addr_table["DefaultCluster"] = {"broker-a"};
  const std::string json = info.Encode();
  CHECK(json ==
        R"({"brokerAddrTable":{"broker-a":{"brokerAddrs":{0:"192.168.0.10:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}},"clusterAddrTable":{"DefaultCluster":["broker-a"]}})");
  absl::StatusOr<ClusterInfo> back = ClusterInfo::Decode(json);
  REQUIRE(back.ok());
  CHECK(*back == info);
}

TEST_CASE("TopicList: brokerAddr only when set", "[bodies]") {
  TopicList list{.topic_list = {"TopicTest", "TBW102"}};
  CHECK(list.Encode() == R"({"topicList":["TBW102","TopicTest"]})");
  list.broker_addr = "10.0.0.1:10911";
  CHECK(list.Encode() == R"({"brokerAddr":"10.0.0.1:10911","topicList":["TBW102","TopicTest"]})");
  absl::StatusOr<TopicList> back = TopicList::Decode(list.Encode());
  REQUIRE(back.ok());
  CHECK(*back == list);
}

TEST_CASE("KVTable", "[bodies]") {
  KvTable kv{.table = {{"TopicA", "broker-a:4;broker-b:4"}}};
  CHECK(kv.Encode() == R"({"table":{"TopicA":"broker-a:4;broker-b:4"}})");
  absl::StatusOr<KvTable> back = KvTable::Decode(kv.Encode());
  REQUIRE(back.ok());
  CHECK(*back == kv);
}

TEST_CASE("DataVersion", "[bodies]") {
  DataVersion v{.timestamp = 1700000000000, .counter = 5};
  CHECK(v.Encode() == R"({"counter":5,"timestamp":1700000000000})");
  absl::StatusOr<DataVersion> back = DataVersion::Decode(R"({"timestamp":1700000000000,"counter":"5"})");
  REQUIRE(back.ok());
  CHECK(*back == v);
  CHECK_FALSE(DataVersion::Decode("[1]").ok());
  CHECK_FALSE(DataVersion::Decode(R"({"counter":1.5})").ok());
}

TEST_CASE("TopicConfig JSON and compact text", "[bodies]") {
  TopicConfig t{.topic_name = "TopicTest", .read_queue_nums = 4, .write_queue_nums = 4};
  JsonWriter w;
  t.WriteJson(&w);
  CHECK(w.text() ==
        R"({"order":false,"perm":6,"readQueueNums":4,"topicFilterType":"SINGLE_TAG","topicName":"TopicTest","topicSysFlag":0,"writeQueueNums":4})");
  CHECK(t.EncodeCompact() == "TopicTest 4 4 6 SINGLE_TAG");
  absl::StatusOr<TopicConfig> back = TopicConfig::DecodeCompact("TopicTest 4 4 6 SINGLE_TAG");
  REQUIRE(back.ok());
  CHECK(*back == t);
  CHECK_FALSE(TopicConfig::DecodeCompact("TopicTest 4 4 6 WHATEVER").ok());
  CHECK_FALSE(TopicConfig::DecodeCompact("TopicTest x 4 6 SINGLE_TAG").ok());
  CHECK_FALSE(TopicConfig::DecodeCompact("TopicTest  4 4 6 SINGLE_TAG").ok());
}

TEST_CASE("lenient field reads: numbers as strings, booleans as digits, scalars as strings", "[bodies]") {
  absl::StatusOr<JsonValue> v =
      ParseJson(R"({"i":"42","b1":"1","b0":0,"bt":"TRUE","s":7,"sb":false,"n":null,"big":4294967296})");
  REQUIRE(v.ok());
  absl::StatusOr<JsonFields> f = JsonFields::Of(*v, "X");
  REQUIRE(f.ok());
  int32_t i = 0;
  CHECK(f->Int32("i", &i).ok());
  CHECK(i == 42);
  bool b = false;
  CHECK(f->Bool("b1", &b).ok());
  CHECK(b);
  CHECK(f->Bool("b0", &b).ok());
  CHECK_FALSE(b);
  CHECK(f->Bool("bt", &b).ok());
  CHECK(b);
  std::string s;
  CHECK(f->String("s", &s).ok());
  CHECK(s == "7");
  CHECK(f->String("sb", &s).ok());
  CHECK(s == "false");
  int32_t untouched = 9;
  CHECK(f->Int32("n", &untouched).ok());
  CHECK(f->Int32("absent", &untouched).ok());
  CHECK(untouched == 9);
  absl::Status too_big = f->Int32("big", &i);
  CHECK(too_big.message() == "X.big: expected a 32-bit integer");
  int64_t wide = 0;
  CHECK(f->Int64("big", &wide).ok());
  CHECK(wide == 4294967296);
  CHECK(f->Bool("s", &b).message() == "X.s: expected a boolean");
  CHECK_FALSE(JsonFields::Of(JsonValue::Int(1), "Y").ok());
}

TEST_CASE("PermToString", "[bodies]") {
  CHECK(PermToString(6) == "RW-");
  CHECK(PermToString(4) == "R--");
  CHECK(PermToString(7) == "RWX");
  CHECK(PermToString(0) == "---");
}

}  // namespace
}  // namespace spool::protocol
