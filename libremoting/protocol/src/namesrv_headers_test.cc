#include "spool/protocol/namesrv_headers.h"

#include <catch2/catch.hpp>

#include "spool/remoting/request_code.h"

namespace spool::protocol {
namespace {

using remoting::RemotingCommand;

TEST_CASE("RegisterBrokerRequestHeader carries the seven keys a 4.9.7 broker sends", "[headers]") {
  RegisterBrokerRequestHeader h{.broker_name = "broker-a",
                                .broker_addr = "10.0.0.1:10911",
                                .cluster_name = "DefaultCluster",
                                .ha_server_addr = "10.0.0.1:10912",
                                .broker_id = 0,
                                .compressed = false,
                                .body_crc32 = 123456};
  RemotingCommand cmd = RemotingCommand::CreateRequest(remoting::request_code::kRegisterBroker);
  h.EncodeTo(&cmd);
  const RemotingCommand::ExtFields expected = {
      {"bodyCrc32", "123456"},          {"brokerAddr", "10.0.0.1:10911"}, {"brokerId", "0"},
      {"brokerName", "broker-a"},       {"clusterName", "DefaultCluster"}, {"compressed", "false"},
      {"haServerAddr", "10.0.0.1:10912"}};
  CHECK(cmd.ext_fields() == expected);
  absl::StatusOr<RegisterBrokerRequestHeader> back = RegisterBrokerRequestHeader::DecodeFrom(cmd);
  REQUIRE(back.ok());
  CHECK(back->broker_name == "broker-a");
  CHECK(back->body_crc32 == 123456);
  CHECK_FALSE(back->compressed);
}

TEST_CASE("RegisterBrokerRequestHeader: optional keys default, required ones are reported", "[headers]") {
  RemotingCommand cmd = RemotingCommand::CreateRequest(remoting::request_code::kRegisterBroker);
  cmd.SetExtField("brokerName", "b");
  cmd.SetExtField("brokerAddr", "a:1");
  cmd.SetExtField("clusterName", "c");
  cmd.SetExtField("haServerAddr", "a:2");
  cmd.SetExtField("brokerId", "1");
  absl::StatusOr<RegisterBrokerRequestHeader> h = RegisterBrokerRequestHeader::DecodeFrom(cmd);
  REQUIRE(h.ok());
  CHECK(h->broker_id == 1);
  CHECK(h->body_crc32 == 0);
  CHECK_FALSE(h->compressed);

  cmd.RemoveExtField("brokerId");
  CHECK(RegisterBrokerRequestHeader::DecodeFrom(cmd).status().message() == "missing header field brokerId");
  cmd.SetExtField("brokerId", "zero");
  CHECK(RegisterBrokerRequestHeader::DecodeFrom(cmd).status().message().find("bad value for brokerId") == 0);
}

TEST_CASE("response headers leave absent values out", "[headers]") {
  RemotingCommand r = RemotingCommand::CreateResponse(0);
  RegisterBrokerResponseHeader{}.EncodeTo(&r);
  CHECK(r.ext_fields().empty());
  RegisterBrokerResponseHeader{.ha_server_addr = "m:10912", .master_addr = "m:10911"}.EncodeTo(&r);
  absl::StatusOr<RegisterBrokerResponseHeader> h = RegisterBrokerResponseHeader::DecodeFrom(r);
  REQUIRE(h.ok());
  CHECK(h->master_addr == "m:10911");
  CHECK(h->ha_server_addr == "m:10912");

  RemotingCommand q = RemotingCommand::CreateResponse(0);
  QueryDataVersionResponseHeader{.changed = true}.EncodeTo(&q);
  CHECK(*q.FindExtField("changed") == "true");
}

TEST_CASE("GetRouteInfoRequestHeader: acceptStandardJsonOnly only when sent", "[headers]") {
  RemotingCommand cmd = RemotingCommand::CreateRequest(remoting::request_code::kGetRouteinfoByTopic);
  GetRouteInfoRequestHeader{.topic = "TopicTest"}.EncodeTo(&cmd);
  CHECK(cmd.ext_fields() == RemotingCommand::ExtFields{{"topic", "TopicTest"}});
  absl::StatusOr<GetRouteInfoRequestHeader> h = GetRouteInfoRequestHeader::DecodeFrom(cmd);
  REQUIRE(h.ok());
  CHECK_FALSE(h->accept_standard_json_only.has_value());
  cmd.SetExtField("acceptStandardJsonOnly", "true");
  h = GetRouteInfoRequestHeader::DecodeFrom(cmd);
  REQUIRE(h.ok());
  CHECK(h->accept_standard_json_only == true);
  // Extra keys from clients (bname, ACL) are ignored.
  cmd.SetExtField("AccessKey", "");
  CHECK(GetRouteInfoRequestHeader::DecodeFrom(cmd).ok());
}

TEST_CASE("KV config headers use Java's field names", "[headers]") {
  RemotingCommand cmd = RemotingCommand::CreateRequest(remoting::request_code::kPutKvConfig);
  PutKvConfigRequestHeader{.namespace_ = "ORDER_TOPIC_CONFIG", .key = "T", .value = "broker-a:4"}.EncodeTo(&cmd);
  CHECK(cmd.ext_fields() ==
        RemotingCommand::ExtFields{{"key", "T"}, {"namespace", "ORDER_TOPIC_CONFIG"}, {"value", "broker-a:4"}});
  absl::StatusOr<PutKvConfigRequestHeader> h = PutKvConfigRequestHeader::DecodeFrom(cmd);
  REQUIRE(h.ok());
  CHECK(h->value == "broker-a:4");
  cmd.RemoveExtField("namespace");
  CHECK(KvConfigKeyHeader::DecodeFrom(cmd).status().message() == "missing header field namespace");
}

TEST_CASE("the remaining request headers round-trip", "[headers]") {
  RemotingCommand cmd;
  BrokerIdentityHeader{.broker_name = "b", .broker_addr = "a:1", .cluster_name = "c", .broker_id = 2}.EncodeTo(&cmd);
  absl::StatusOr<BrokerIdentityHeader> id = BrokerIdentityHeader::DecodeFrom(cmd);
  REQUIRE(id.ok());
  CHECK(id->broker_id == 2);

  RemotingCommand del;
  DeleteTopicFromNamesrvRequestHeader{.topic = "T"}.EncodeTo(&del);
  absl::StatusOr<DeleteTopicFromNamesrvRequestHeader> d = DeleteTopicFromNamesrvRequestHeader::DecodeFrom(del);
  REQUIRE(d.ok());
  CHECK_FALSE(d->cluster_name.has_value());

  RemotingCommand wipe;
  WipeWritePermOfBrokerResponseHeader{.wipe_topic_count = 3}.EncodeTo(&wipe);
  CHECK(WipeWritePermOfBrokerResponseHeader::DecodeFrom(wipe)->wipe_topic_count == 3);

  RemotingCommand cluster;
  GetTopicsByClusterRequestHeader{.cluster = "DefaultCluster"}.EncodeTo(&cluster);
  CHECK(GetTopicsByClusterRequestHeader::DecodeFrom(cluster)->cluster == "DefaultCluster");
}

}  // namespace
}  // namespace spool::protocol
