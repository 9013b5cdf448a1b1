// Send and pull through an embedded broker registered with an embedded name server.
#include <chrono>

#include "broker_test_fixture.h"
#include "spool/protocol/message_id.h"

namespace spool::broker::testing {
namespace {

TEST_CASE("Broker registers with the name server and routes appear", "[broker]") {
  BrokerFixture f;
  RemotingCommand route = RemotingCommand::CreateRequest(request_code::kGetRouteinfoByTopic);
  route.SetExtField("topic", "TBW102");
  absl::StatusOr<RemotingCommand> r = f.client().InvokeSync(f.namesrv_addr(), route, absl::Seconds(5));
  REQUIRE(r.ok());
  CHECK(r->code() == response_code::kSuccess);
  CHECK(r->body().find(f.addr()) != std::string::npos);

  // A topic created by a send is registered (oneway) right away; the periodic/explicit registration covers it too.
  CHECK(f.SendV2("RoutedTopic", 0, "x").code() == response_code::kSuccess);
  REQUIRE(f.broker().RegisterBrokerAll().ok());
  route.SetExtField("topic", "RoutedTopic");
  r = f.client().InvokeSync(f.namesrv_addr(), route, absl::Seconds(5));
  REQUIRE(r.ok());
  CHECK(r->code() == response_code::kSuccess);
}

TEST_CASE("Send V1, V2 and batch, then pull the records back", "[broker]") {
  BrokerFixture f;
  // V1 to an auto-created topic (through TBW102: 4 queues requested).
  RemotingCommand v1 = RemotingCommand::CreateRequest(request_code::kSendMessage);
  protocol::EncodeHeader(BrokerFixture::SendHeader("T1", 1, "TagA"), &v1);
  v1.set_body("hello-v1");
  RemotingCommand r1 = f.Invoke(v1);
  REQUIRE(r1.code() == response_code::kSuccess);
  CHECK(*r1.FindExtField("MSG_REGION") == "DefaultRegion");
  CHECK(*r1.FindExtField("TRACE_ON") == "true");
  auto h1 = protocol::SendMessageResponseHeader::FromExtFields(r1);
  REQUIRE(h1.ok());
  CHECK(h1->queue_id == 1);
  CHECK(h1->queue_offset == 0);
  auto id = protocol::DecodeOffsetMessageId(h1->msg_id);
  REQUIRE(id.ok());
  CHECK(id->Address() == f.addr());

  RemotingCommand r2 = f.SendV2("T1", 1, "hello-v2", "TagB");
  REQUIRE(r2.code() == response_code::kSuccess);
  CHECK(protocol::SendMessageResponseHeader::FromExtFields(r2)->queue_offset == 1);

  std::vector<protocol::BatchMessage> batch;
  for (int i = 0; i < 3; ++i) {
    batch.push_back({.flag = i, .body = "batch-" + std::to_string(i),
                     .properties = protocol::EncodeMessageProperties({{"UNIQ_KEY", "B" + std::to_string(i)}})});
  }
  RemotingCommand b = RemotingCommand::CreateRequest(request_code::kSendBatchMessage);
  protocol::SendMessageRequestHeader bh = BrokerFixture::SendHeader("T1", 1);
  bh.batch = true;
  bh.properties.reset();
  protocol::EncodeHeader(protocol::SendMessageRequestHeaderV2::FromV1(bh), &b);
  b.set_body(*protocol::EncodeMessageBatch(batch));
  RemotingCommand rb = f.Invoke(b);
  REQUIRE(rb.code() == response_code::kSuccess);
  auto hb = protocol::SendMessageResponseHeader::FromExtFields(rb);
  CHECK(hb->queue_offset == 2);
  CHECK(std::count(hb->msg_id.begin(), hb->msg_id.end(), ',') == 2);

  f.WaitDispatched("T1", 1, 5);
  RemotingCommand pulled = f.Pull("G1", "T1", 1, 0);
  REQUIRE(pulled.code() == response_code::kSuccess);
  auto ph = protocol::PullMessageResponseHeader::FromExtFields(pulled);
  REQUIRE(ph.ok());
  CHECK(ph->next_begin_offset == 5);
  CHECK(ph->max_offset == 5);
  std::vector<store::MessageRecord> records = BrokerFixture::DecodeRecords(pulled.body());
  REQUIRE(records.size() == 5);
  CHECK(records[0].body == "hello-v1");
  CHECK(records[0].UniqKey() == "UNIQ-T1-1");  // kept as the client sent it
  CHECK(records[0].properties.Get("CLUSTER") == "DefaultCluster");
  CHECK(records[1].Tags() == "TagB");
  CHECK(records[2].body == "batch-0");
  CHECK(records[4].UniqKey() == "B2");
  CHECK(records[4].flag == 2);

  // The topic got min(4, TBW102's 8) queues.
  RemotingCommand bad_queue = f.Pull("G1", "T1", 4, 0);
  CHECK(bad_queue.code() == response_code::kSystemError);
}

TEST_CASE("Tag filtering through the consume queue hash", "[broker]") {
  BrokerFixture f;
  for (const char* tag : {"TagA", "TagB", "TagA", "TagC"}) REQUIRE(f.SendV2("TT", 0, tag, tag).code() == 0);
  f.WaitDispatched("TT", 0, 4);
  RemotingCommand pulled = f.Pull("G", "TT", 0, 0, "TagA || TagC");
  REQUIRE(pulled.code() == response_code::kSuccess);
  std::vector<store::MessageRecord> records = BrokerFixture::DecodeRecords(pulled.body());
  REQUIRE(records.size() == 3);
  for (const auto& r : records) CHECK(r.Tags() != "TagB");

  RemotingCommand none = f.Pull("G", "TT", 0, 0, "TagZ");
  CHECK(none.code() == response_code::kPullRetryImmediately);
  CHECK(protocol::PullMessageResponseHeader::FromExtFields(none)->next_begin_offset == 4);
}

TEST_CASE("Pull status mapping: not found, offset moved, unknown topic", "[broker]") {
  BrokerFixture f;
  REQUIRE(f.SendV2("PM", 0, "a").code() == 0);
  f.WaitDispatched("PM", 0, 1);
  CHECK(f.Pull("G", "PM", 0, 1).code() == response_code::kPullNotFound);      // OFFSET_OVERFLOW_ONE
  RemotingCommand moved = f.Pull("G", "PM", 0, 50);                             // OFFSET_OVERFLOW_BADLY
  CHECK(moved.code() == response_code::kPullOffsetMoved);
  CHECK(moved.remark() == std::optional<std::string>("OFFSET_OVERFLOW_BADLY"));
  CHECK(f.Pull("G", "PM", 1, 0).code() == response_code::kPullNotFound);      // empty queue at 0
  CHECK(f.Pull("G", "PM", 1, 3).code() == response_code::kPullOffsetMoved);   // empty queue, offset != 0
  CHECK(f.Pull("G", "NoSuchTopic", 0, 0).code() == response_code::kTopicNotExist);
}

TEST_CASE("Long polling: a held pull is woken by a send before its timeout", "[broker][longpoll]") {
  BrokerFixture f;
  REQUIRE(f.SendV2("LP", 0, "first").code() == 0);
  f.WaitDispatched("LP", 0, 1);
  constexpr int64_t kSuspendMs = 20000;
  absl::Mutex mu;
  std::optional<absl::StatusOr<RemotingCommand>> answer;
  const auto start = std::chrono::steady_clock::now();
  RemotingCommand pull = BrokerFixture::PullRequest(
      "G", "LP", 0, 1, protocol::kPullSysFlagSuspend | protocol::kPullSysFlagSubscription, kSuspendMs);
  REQUIRE(f.client()
              .InvokeAsync(f.addr(), pull, absl::Seconds(30),
                           [&](absl::StatusOr<RemotingCommand> r) {
                             absl::MutexLock lock(&mu);
                             answer = std::move(r);
                           })
              .ok());
  REQUIRE(f.broker().WaitForHeldPulls(1, absl::Seconds(10)));
  REQUIRE(f.SendV2("LP", 0, "second").code() == 0);
  absl::MutexLock lock(&mu);
  auto arrived = [&]() { return answer.has_value(); };
  REQUIRE(mu.AwaitWithTimeout(absl::Condition(&arrived), absl::Seconds(25)));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE(answer->ok());
  const RemotingCommand& r = **answer;
  CHECK(r.code() == response_code::kSuccess);
  CHECK(elapsed < std::chrono::milliseconds(kSuspendMs));
  std::vector<store::MessageRecord> records = BrokerFixture::DecodeRecords(r.body());
  REQUIRE(records.size() == 1);
  CHECK(records[0].body == "second");
}

TEST_CASE("Long polling: a held pull is answered PULL_NOT_FOUND at its timeout", "[broker][longpoll]") {
  BrokerFixture f;
  RemotingCommand pull = BrokerFixture::PullRequest(
      "G", "SELF_TEST_TOPIC", 0, 0, protocol::kPullSysFlagSuspend | protocol::kPullSysFlagSubscription, 300);
  RemotingCommand r = f.Invoke(pull, absl::Seconds(10));
  CHECK(r.code() == response_code::kPullNotFound);
  CHECK(protocol::PullMessageResponseHeader::FromExtFields(r)->next_begin_offset == 0);
  CHECK(f.broker().held_pull_count() == 0);
}

TEST_CASE("Send errors: bad topic, forbidden topic, bad queue, oversized body, missing field", "[broker]") {
  BrokerFixture f;
  CHECK(f.SendV2("bad topic!", 0, "x").code() == response_code::kSystemError);
  RemotingCommand forbidden = f.SendV2("SCHEDULE_TOPIC_XXXX", 0, "x");
  CHECK(forbidden.code() == response_code::kNoPermission);
  CHECK(forbidden.remark()->find("forbidden") != std::string::npos);
  RemotingCommand bad_queue = f.SendV2("SELF_TEST_TOPIC_2", 99, "x");
  CHECK(bad_queue.code() == response_code::kSystemError);
  CHECK(bad_queue.remark()->find("queueId[99]") != std::string::npos);
  RemotingCommand big = f.SendV2("Big", 0, std::string(300 * 1024, 'x'));
  CHECK(big.code() == response_code::kMessageIllegal);

  RemotingCommand missing = RemotingCommand::CreateRequest(request_code::kSendMessageV2);
  auto fields = protocol::SendMessageRequestHeaderV2::FromV1(BrokerFixture::SendHeader("T", 0)).ToExtFields();
  fields.erase("b");
  for (const auto& [k, v] : fields) missing.SetExtField(k, v);
  RemotingCommand r = f.Invoke(missing);
  CHECK(r.code() == response_code::kSystemError);
  CHECK(r.remark() == std::optional<std::string>("missing header field b"));

  RemotingCommand pull = RemotingCommand::CreateRequest(request_code::kPullMessage);
  pull.SetExtField("topic", "T");
  RemotingCommand pr = f.Invoke(pull);
  CHECK(pr.code() == response_code::kSystemError);
  CHECK(pr.remark()->find("consumerGroup") != std::string::npos);

  // No auto-create when the template does not exist.
  protocol::SendMessageRequestHeader h = BrokerFixture::SendHeader("NoTemplate", 0);
  h.default_topic = "NOPE";
  RemotingCommand nt = RemotingCommand::CreateRequest(request_code::kSendMessage);
  protocol::EncodeHeader(h, &nt);
  CHECK(f.Invoke(nt).code() == response_code::kTopicNotExist);
}

TEST_CASE("Unknown request code is REQUEST_CODE_NOT_SUPPORTED", "[broker]") {
  BrokerFixture f;
  RemotingCommand r = f.Invoke(RemotingCommand::CreateRequest(9999));
  CHECK(r.code() == response_code::kRequestCodeNotSupported);
  CHECK(r.remark() == std::optional<std::string>(" request type 9999 not supported"));
}

TEST_CASE("A second broker on the same store directory is refused", "[broker]") {
  BrokerFixture f;
  BrokerOptions options;
  options.config = TestBrokerConfig(f.dir().Sub("store"), "");
  options.listen_host = "127.0.0.1";
  Broker second(std::move(options));
  absl::Status s = second.Start();
  CHECK_FALSE(s.ok());
  CHECK(std::string(s.message()).find("cannot open the message store") != std::string::npos);
}

TEST_CASE("WAIT leaves a plain send's stored properties whatever its value; a batch keeps it", "[broker]") {
  BrokerFixture f;
  for (const char* wait : {"false", "true"}) {
    RemotingCommand send = RemotingCommand::CreateRequest(request_code::kSendMessage);
    protocol::SendMessageRequestHeader h = BrokerFixture::SendHeader("TW", 0);
    h.properties = protocol::EncodeMessageProperties({{"WAIT", wait}, {"UNIQ_KEY", std::string("W-") + wait}});
    protocol::EncodeHeader(h, &send);
    send.set_body(std::string("wait-") + wait);
    REQUIRE(f.Invoke(send).code() == response_code::kSuccess);
  }
  RemotingCommand b = RemotingCommand::CreateRequest(request_code::kSendBatchMessage);
  protocol::SendMessageRequestHeader bh = BrokerFixture::SendHeader("TW", 0);
  bh.batch = true;
  bh.properties.reset();
  protocol::EncodeHeader(protocol::SendMessageRequestHeaderV2::FromV1(bh), &b);
  b.set_body(*protocol::EncodeMessageBatch(
      {{.body = "batched", .properties = protocol::EncodeMessageProperties({{"WAIT", "true"}, {"UNIQ_KEY", "WB"}})}}));
  REQUIRE(f.Invoke(b).code() == response_code::kSuccess);

  f.WaitDispatched("TW", 0, 3);
  RemotingCommand pulled = f.Pull("GW", "TW", 0, 0);
  REQUIRE(pulled.code() == response_code::kSuccess);
  std::vector<store::MessageRecord> records = BrokerFixture::DecodeRecords(pulled.body());
  REQUIRE(records.size() == 3);
  CHECK(records[0].body == "wait-false");
  CHECK(records[0].properties.Find("WAIT") == nullptr);
  CHECK(records[1].properties.Find("WAIT") == nullptr);
  CHECK(records[2].body == "batched");
  CHECK(records[2].properties.Get("WAIT") == "true");
}

}  // namespace
}  // namespace spool::broker::testing
