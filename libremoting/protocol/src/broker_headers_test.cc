#include "spool/protocol/broker_headers.h"

#include <catch2/catch.hpp>

#include "spool/protocol/pull_sys_flag.h"
#include "spool/remoting/request_code.h"

namespace spool::protocol {
namespace {

using remoting::RemotingCommand;
namespace request_code = remoting::request_code;

RemotingCommand WithFields(int32_t code, const HeaderFields& fields) {
  RemotingCommand cmd = RemotingCommand::CreateRequest(code);
  for (const auto& [k, v] : fields) cmd.SetExtField(k, v);
  return cmd;
}

SendMessageRequestHeader SampleSend() {
  SendMessageRequestHeader h;
  h.producer_group = "PG";
  h.topic = "T";
  h.default_topic = "TBW102";
  h.default_topic_queue_nums = 4;
  h.queue_id = 3;
  h.sys_flag = 0;
  h.born_timestamp = 1700000000000;
  h.flag = 7;
  h.properties = std::string("UNIQ_KEY\x01" "ABC\x02TAGS\x01TagA");
  h.reconsume_times = 0;
  h.max_reconsume_times = 16;
  return h;
}

TEST_CASE("SendMessageRequestHeader V1 uses the long names Java sends", "[headers]") {
  const HeaderFields f = SampleSend().ToExtFields();
  const HeaderFields expected = {{"batch", "false"},
                                 {"bornTimestamp", "1700000000000"},
                                 {"defaultTopic", "TBW102"},
                                 {"defaultTopicQueueNums", "4"},
                                 {"flag", "7"},
                                 {"maxReconsumeTimes", "16"},
                                 {"producerGroup", "PG"},
                                 {"properties", std::string("UNIQ_KEY\x01" "ABC\x02TAGS\x01TagA")},
                                 {"queueId", "3"},
                                 {"reconsumeTimes", "0"},
                                 {"sysFlag", "0"},
                                 {"topic", "T"},
                                 {"unitMode", "false"}};
  CHECK(f == expected);
  auto back = SendMessageRequestHeader::FromExtFields(WithFields(request_code::kSendMessage, f));
  REQUIRE(back.ok());
  CHECK(*back == SampleSend());
}

TEST_CASE("SendMessageRequestHeaderV2 uses a..m and converts to V1", "[headers]") {
  SendMessageRequestHeaderV2 v2 = SendMessageRequestHeaderV2::FromV1(SampleSend());
  v2.batch = true;
  const HeaderFields f = v2.ToExtFields();
  CHECK(f.at("a") == "PG");
  CHECK(f.at("b") == "T");
  CHECK(f.at("c") == "TBW102");
  CHECK(f.at("d") == "4");
  CHECK(f.at("e") == "3");
  CHECK(f.at("g") == "1700000000000");
  CHECK(f.at("h") == "7");
  CHECK(f.at("l") == "16");
  CHECK(f.at("m") == "true");
  CHECK(f.count("topic") == 0);
  RemotingCommand cmd = WithFields(request_code::kSendMessageV2, f);
  cmd.SetExtField("n", "broker-a");  // 4.9.7's brokerName: ignored
  auto back = DecodeSendMessageRequestHeader(cmd);
  REQUIRE(back.ok());
  SendMessageRequestHeader expected = SampleSend();
  expected.batch = true;
  CHECK(*back == expected);
}

TEST_CASE("Send header decoding names the missing or bad field", "[headers]") {
  HeaderFields f = SendMessageRequestHeaderV2::FromV1(SampleSend()).ToExtFields();
  f.erase("b");
  auto missing = DecodeSendMessageRequestHeader(WithFields(request_code::kSendBatchMessage, f));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(std::string(missing.status().message()).find("b") != std::string::npos);

  HeaderFields g = SampleSend().ToExtFields();
  g["queueId"] = "x1";
  auto bad = DecodeSendMessageRequestHeader(WithFields(request_code::kSendMessage, g));
  REQUIRE_FALSE(bad.ok());
  CHECK(std::string(bad.status().message()).find("queueId") != std::string::npos);
}

TEST_CASE("Booleans accept true/false and 1/0 (rocketmq-client-cpp 2.x)", "[headers]") {
  HeaderFields f = SendMessageRequestHeaderV2::FromV1(SampleSend()).ToExtFields();
  f["m"] = "1";
  f["k"] = "0";
  auto h = DecodeSendMessageRequestHeader(WithFields(request_code::kSendMessageV2, f));
  REQUIRE(h.ok());
  CHECK(h->batch);
  CHECK_FALSE(h->unit_mode);
  f["m"] = "TRUE";
  h = DecodeSendMessageRequestHeader(WithFields(request_code::kSendMessageV2, f));
  REQUIRE(h.ok());
  CHECK(h->batch);
  f["m"] = "yes";
  CHECK_FALSE(DecodeSendMessageRequestHeader(WithFields(request_code::kSendMessageV2, f)).ok());
}

TEST_CASE("Optional send fields stay absent", "[headers]") {
  SendMessageRequestHeader h = SampleSend();
  h.properties.reset();
  h.reconsume_times.reset();
  h.max_reconsume_times.reset();
  const HeaderFields f = h.ToExtFields();
  CHECK(f.count("properties") == 0);
  CHECK(f.count("reconsumeTimes") == 0);
  CHECK(f.count("maxReconsumeTimes") == 0);
  auto back = SendMessageRequestHeader::FromExtFields(WithFields(request_code::kSendMessage, f));
  REQUIRE(back.ok());
  CHECK(*back == h);
}

TEST_CASE("Send response header round trip with MSG_REGION and TRACE_ON", "[headers]") {
  SendMessageResponseHeader h{.msg_id = "0A00000100002A9F00000000000004D2", .queue_id = 1, .queue_offset = 9,
                              .transaction_id = std::nullopt, .msg_region = "DefaultRegion", .trace_on = "true"};
  RemotingCommand cmd = RemotingCommand::CreateResponse(0);
  EncodeHeader(h, &cmd);
  CHECK(*cmd.FindExtField("MSG_REGION") == "DefaultRegion");
  CHECK_FALSE(cmd.HasExtField("transactionId"));
  auto back = SendMessageResponseHeader::FromExtFields(cmd);
  REQUIRE(back.ok());
  CHECK(*back == h);
}

TEST_CASE("Pull headers round trip", "[headers]") {
  PullMessageRequestHeader h{.consumer_group = "G",
                             .topic = "T",
                             .queue_id = 2,
                             .queue_offset = 100,
                             .max_msg_nums = 32,
                             .sys_flag = BuildPullSysFlag(true, true, true, false),
                             .commit_offset = 90,
                             .suspend_timeout_millis = 15000,
                             .subscription = "TagA || TagB",
                             .sub_version = 1700000000000,
                             .expression_type = "TAG"};
  CHECK(h.sys_flag == 7);
  const HeaderFields f = h.ToExtFields();
  CHECK(f.at("suspendTimeoutMillis") == "15000");
  CHECK(f.at("subVersion") == "1700000000000");
  auto back = PullMessageRequestHeader::FromExtFields(WithFields(request_code::kPullMessage, f));
  REQUIRE(back.ok());
  CHECK(*back == h);

  HeaderFields no_group = f;
  no_group.erase("consumerGroup");
  auto missing = PullMessageRequestHeader::FromExtFields(WithFields(request_code::kPullMessage, no_group));
  REQUIRE_FALSE(missing.ok());
  CHECK(std::string(missing.status().message()) == "missing header field consumerGroup");

  PullMessageResponseHeader r{.suggest_which_broker_id = 0, .next_begin_offset = 5, .min_offset = 0, .max_offset = 5};
  RemotingCommand resp = RemotingCommand::CreateResponse(0);
  EncodeHeader(r, &resp);
  auto rback = PullMessageResponseHeader::FromExtFields(resp);
  REQUIRE(rback.ok());
  CHECK(*rback == r);
}

TEST_CASE("Offset, lookup and client headers round trip", "[headers]") {
  auto round = [](const auto& h) {
    using H = std::decay_t<decltype(h)>;
    RemotingCommand cmd = RemotingCommand::CreateRequest(0);
    EncodeHeader(h, &cmd);
    auto back = H::FromExtFields(cmd);
    REQUIRE(back.ok());
    CHECK(*back == h);
    return cmd;
  };
  round(QueryConsumerOffsetRequestHeader{.consumer_group = "G", .topic = "T", .queue_id = 1});
  RemotingCommand u =
      round(UpdateConsumerOffsetRequestHeader{.consumer_group = "G", .topic = "T", .queue_id = 1, .commit_offset = 7});
  CHECK(*u.FindExtField("commitOffset") == "7");
  round(OffsetResponseHeader{.offset = -1});
  round(TopicQueueRequestHeader{.topic = "T", .queue_id = 3});
  round(GetEarliestMsgStoretimeResponseHeader{.timestamp = 1700000000000});
  round(SearchOffsetRequestHeader{.topic = "T", .queue_id = 0, .timestamp = 1700000000000});
  round(ViewMessageRequestHeader{.offset = 1234});
  round(QueryMessageRequestHeader{.topic = "T", .key = "k", .max_num = 32, .begin_timestamp = 0,
                                  .end_timestamp = 99});
  round(QueryMessageResponseHeader{.index_last_update_timestamp = 5, .index_last_update_phyoffset = 6});
  round(ConsumerGroupHeader{.consumer_group = "G"});
  RemotingCommand un = round(UnregisterClientRequestHeader{.client_id = "c1", .producer_group = std::nullopt,
                                                           .consumer_group = "G"});
  CHECK(*un.FindExtField("clientID") == "c1");
  CHECK_FALSE(un.HasExtField("producerGroup"));
  round(ConsumerSendMsgBackRequestHeader{.offset = 1, .group = "G", .delay_level = 0, .origin_msg_id = "X",
                                         .origin_topic = "T", .unit_mode = false, .max_reconsume_times = 16});
}

}  // namespace
}  // namespace spool::protocol
