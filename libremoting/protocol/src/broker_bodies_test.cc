// Client <-> broker bodies and codecs: heartbeat, consumer list, lock bodies, batch bodies, offsetMsgId,
// properties strings.
#include <catch2/catch.hpp>

#include "spool/protocol/consumer_list_body.h"
#include "spool/protocol/heartbeat_data.h"
#include "spool/protocol/lock_batch_body.h"
#include "spool/protocol/message_batch_codec.h"
#include "spool/protocol/message_id.h"
#include "spool/protocol/message_properties.h"

namespace spool::protocol {
namespace {

// The Java 4.9.7 example of spec broker.md §10.1, compact.
constexpr char kJavaHeartbeat[] =
    R"({"clientID":"192.168.0.2@12345#8830284474410","consumerDataSet":[{"consumeFromWhere":"CONSUME_FROM_LAST_OFFSET",)"
    R"("consumeType":"CONSUME_PASSIVELY","groupName":"G1","messageModel":"CLUSTERING","subscriptionDataSet":[)"
    R"({"classFilterMode":false,"codeSet":[2598919],"expressionType":"TAG","subString":"TagA",)"
    R"("subVersion":1700000000000,"tagsSet":["TagA"],"topic":"T1"},{"classFilterMode":false,"codeSet":[],)"
    R"("expressionType":"TAG","subString":"*","subVersion":1700000000001,"tagsSet":[],"topic":"%RETRY%G1"}],)"
    R"("unitMode":false}],"producerDataSet":[{"groupName":"CLIENT_INNER_PRODUCER"},{"groupName":"P1"}]})";

TEST_CASE("Java String.hashCode of tags", "[heartbeat]") {
  CHECK(JavaStringHashCode("TagA") == 2598919);
  CHECK(JavaStringHashCode("") == 0);
  CHECK(JavaStringHashCode("\xE4\xB8\xAD") == 20013);                // U+4E2D
  CHECK(JavaStringHashCode("\xF0\x9F\x98\x80") == 55357 * 31 + 56832);  // U+1F600 as a surrogate pair
  // Wraps like a Java int.
  CHECK(JavaStringHashCode("polygenelubricants") == std::numeric_limits<int32_t>::min());
}

TEST_CASE("HeartbeatData decodes the Java example and re-encodes it byte for byte", "[heartbeat]") {
  auto hb = HeartbeatData::Decode(kJavaHeartbeat);
  REQUIRE(hb.ok());
  CHECK(hb->client_id == "192.168.0.2@12345#8830284474410");
  REQUIRE(hb->consumer_data_set.size() == 1);
  const ConsumerData& c = hb->consumer_data_set[0];
  CHECK(c.consume_type == ConsumeType::kConsumePassively);
  CHECK(c.message_model == MessageModel::kClustering);
  REQUIRE(c.subscription_data_set.size() == 2);
  CHECK(c.subscription_data_set[0].code_set == std::vector<int32_t>{2598919});
  CHECK(c.subscription_data_set[1].SubscribesAll());
  CHECK(hb->producer_data_set.size() == 2);
  CHECK(hb->Encode() == kJavaHeartbeat);
}

TEST_CASE("HeartbeatData accepts cpp 2.x ordinals, string numbers and missing fields", "[heartbeat]") {
  constexpr char kCpp[] =
      R"({"clientID":"c","consumerDataSet":[{"consumeFromWhere":4,"consumeType":"1","groupName":"G",)"
      R"("messageModel":0,"subscriptionDataSet":[{"codeSet":["12"],"subString":"a","subVersion":"17",)"
      R"("tagsSet":["a"],"topic":"T","unknownField":3}]}],"producerDataSet":[]})";
  auto hb = HeartbeatData::Decode(kCpp);
  REQUIRE(hb.ok());
  const ConsumerData& c = hb->consumer_data_set.at(0);
  CHECK(c.consume_from_where == ConsumeFromWhere::kConsumeFromFirstOffset);
  CHECK(c.consume_type == ConsumeType::kConsumePassively);
  CHECK(c.message_model == MessageModel::kBroadcasting);
  CHECK_FALSE(c.unit_mode);
  const SubscriptionData& s = c.subscription_data_set.at(0);
  CHECK(s.code_set == std::vector<int32_t>{12});
  CHECK(s.sub_version == 17);
  CHECK(s.expression_type == "TAG");

  auto bad = HeartbeatData::Decode(R"({"consumerDataSet":[{"messageModel":"SIDEWAYS"}]})");
  REQUIRE_FALSE(bad.ok());
  CHECK(std::string(bad.status().message()).find("messageModel") != std::string::npos);
  CHECK_FALSE(HeartbeatData::Decode("{not json").ok());
}

TEST_CASE("BuildSubscriptionData splits, trims and hashes tags", "[heartbeat]") {
  SubscriptionData s = BuildSubscriptionData("T", " TagA || TagB ||  ", 5);
  CHECK(s.tags_set == std::vector<std::string>{"TagA", "TagB"});
  CHECK(s.code_set == std::vector<int32_t>{JavaStringHashCode("TagA"), JavaStringHashCode("TagB")});
  CHECK_FALSE(s.SubscribesAll());
  CHECK(BuildSubscriptionData("T", "", 0).sub_string == "*");
  CHECK(BuildSubscriptionData("T", "*", 0).SubscribesAll());
  SubscriptionData sql = BuildSubscriptionData("T", "a > 1", 0, "SQL92");
  CHECK(sql.sub_string == "a > 1");
  CHECK(sql.tags_set.empty());
}

TEST_CASE("Consumer list body", "[bodies]") {
  ConsumerListBody b{.consumer_id_list = {"c1", "c2"}};
  CHECK(b.Encode() == R"({"consumerIdList":["c1","c2"]})");
  auto back = ConsumerListBody::Decode(b.Encode());
  REQUIRE(back.ok());
  CHECK(*back == b);
}

TEST_CASE("Lock batch bodies", "[bodies]") {
  LockBatchRequestBody req{.consumer_group = "G", .client_id = "c1",
                           .mq_set = {{.topic = "T", .broker_name = "broker-a", .queue_id = 0}}};
  CHECK(req.Encode() ==
        R"({"clientId":"c1","consumerGroup":"G","mqSet":[{"brokerName":"broker-a","queueId":0,"topic":"T"}]})");
  auto back = LockBatchRequestBody::Decode(req.Encode());
  REQUIRE(back.ok());
  CHECK(*back == req);
  LockBatchResponseBody resp{.lock_ok_mq_set = req.mq_set};
  CHECK(resp.Encode() == R"({"lockOKMQSet":[{"brokerName":"broker-a","queueId":0,"topic":"T"}]})");
  auto rback = LockBatchResponseBody::Decode(resp.Encode());
  REQUIRE(rback.ok());
  CHECK(*rback == resp);
  CHECK_FALSE(LockBatchRequestBody::Decode(R"({"mqSet":[{"queueId":"x"}]})").ok());
}

TEST_CASE("Batch body: golden bytes of MessageDecoder.encodeMessages", "[batch]") {
  std::vector<BatchMessage> batch = {{.flag = 1, .body = "ab", .properties = "K\x01V"}};
  auto bytes = EncodeMessageBatch(batch);
  REQUIRE(bytes.ok());
  const std::string expected("\x00\x00\x00\x1B"   // totalSize 27 = 20 + 2 + 2 + 3
                             "\x00\x00\x00\x00"   // magic
                             "\x00\x00\x00\x00"   // body CRC
                             "\x00\x00\x00\x01"   // flag
                             "\x00\x00\x00\x02"   // bodyLen
                             "ab"
                             "\x00\x03"
                             "K\x01V",
                             27);
  CHECK(*bytes == expected);
}

TEST_CASE("Batch body round trip and hostile inputs", "[batch]") {
  std::vector<BatchMessage> batch;
  for (int i = 0; i < 5; ++i) {
    batch.push_back({.flag = i, .body = std::string(static_cast<size_t>(i) * 10, 'x'),
                     .properties = EncodeMessageProperties({{"UNIQ_KEY", std::to_string(i)}, {"TAGS", "T"}})});
  }
  auto bytes = EncodeMessageBatch(batch);
  REQUIRE(bytes.ok());
  auto back = DecodeMessageBatch(*bytes);
  REQUIRE(back.ok());
  CHECK(*back == batch);
  // Every truncation is an error (never a crash), except at record boundaries.
  for (size_t cut = 1; cut < bytes->size(); ++cut) {
    auto r = DecodeMessageBatch(std::string_view(*bytes).substr(0, cut));
    if (!r.ok()) CHECK(r.status().code() == absl::StatusCode::kInvalidArgument);
  }
  std::string corrupt = *bytes;
  corrupt[3] = '\x7F';  // totalSize of the first record too large
  CHECK_FALSE(DecodeMessageBatch(corrupt).ok());
  std::string neg = *bytes;
  neg[16] = '\xFF';  // negative bodyLen
  CHECK_FALSE(DecodeMessageBatch(neg).ok());
  CHECK(DecodeMessageBatch("")->empty());
  CHECK_FALSE(EncodeMessageBatch({{.flag = 0, .body = "", .properties = std::string(40000, 'p')}}).ok());
}

TEST_CASE("offsetMsgId golden value and round trips", "[message_id]") {
  auto id = EncodeOffsetMessageId("10.0.0.1:10911", 1234);
  REQUIRE(id.ok());
  CHECK(*id == "0A00000100002A9F00000000000004D2");
  auto parts = DecodeOffsetMessageId(*id);
  REQUIRE(parts.ok());
  CHECK(parts->host == "10.0.0.1");
  CHECK(parts->port == 10911);
  CHECK(parts->commit_log_offset == 1234);
  CHECK(parts->Address() == "10.0.0.1:10911");
  auto lower = DecodeOffsetMessageId("0a00000100002a9f00000000000004d2");
  REQUIRE(lower.ok());
  CHECK(*lower == *parts);

  auto v6 = EncodeOffsetMessageId("[::1]:10911", 5);
  REQUIRE(v6.ok());
  CHECK(v6->size() == 56);
  auto v6parts = DecodeOffsetMessageId(*v6);
  REQUIRE(v6parts.ok());
  CHECK(v6parts->Address() == "[::1]:10911");
  CHECK(v6parts->commit_log_offset == 5);

  CHECK_FALSE(DecodeOffsetMessageId("XYZ").ok());
  CHECK_FALSE(DecodeOffsetMessageId("0A00000100002A9F00000000000004DG").ok());
  CHECK_FALSE(EncodeOffsetMessageId("localhost:1", 0).ok());
  CHECK_FALSE(EncodeOffsetMessageId("1.2.3.4", 0).ok());
}

TEST_CASE("Message properties string", "[properties]") {
  MessagePropertyList p = {{"UNIQ_KEY", "ABC"}, {"TAGS", "TagA"}};
  CHECK(EncodeMessageProperties(p) == std::string("UNIQ_KEY\x01" "ABC\x02TAGS\x01TagA"));
  CHECK(DecodeMessageProperties(EncodeMessageProperties(p)) == p);
  // Older clients keep a trailing separator; malformed items are skipped as Java skips them.
  CHECK(DecodeMessageProperties(std::string("TAGS\x01TagA\x02")) == MessagePropertyList{{"TAGS", "TagA"}});
  CHECK(DecodeMessageProperties(std::string("junk\x02" "A\x01" "1\x01" "2\x02" "B\x01" "2")) ==
        MessagePropertyList{{"B", "2"}});
  SetMessageProperty(&p, "TAGS", "TagB");
  SetMessageProperty(&p, "DELAY", "3");
  CHECK(*FindMessageProperty(p, "TAGS") == "TagB");
  CHECK(p.back().first == "DELAY");
  EraseMessageProperty(&p, "UNIQ_KEY");
  CHECK(FindMessageProperty(p, "UNIQ_KEY") == nullptr);
}

}  // namespace
}  // namespace spool::protocol
