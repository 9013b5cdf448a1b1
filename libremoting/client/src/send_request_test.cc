#include "send_request.h"

#include <catch2/catch.hpp>

#include "compression.h"
#include "spool/protocol/broker_headers.h"
#include "spool/protocol/message_batch_codec.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"

namespace spool::client::internal {
namespace {

namespace rc = remoting::request_code;
namespace resp = remoting::response_code;

TEST_CASE("PrepareSend: V2 header with UNIQ_KEY, WAIT, tags and the producer group", "[send]") {
  Message msg("TopicTest", "TagA", "hello");
  msg.SetKeys("k1 k2");
  absl::StatusOr<PreparedSend> p = PrepareSend(msg, "PG", ProducerOptions{});
  REQUIRE(p.ok());
  CHECK(p->request.code() == rc::kSendMessageV2);
  CHECK(p->uniq_id.size() >= 32);
  remoting::RemotingCommand req = RequestForQueue(*p, MessageQueue{"TopicTest", "broker-a", 3});
  absl::StatusOr<protocol::SendMessageRequestHeaderV2> h = protocol::SendMessageRequestHeaderV2::FromExtFields(req);
  REQUIRE(h.ok());
  CHECK(h->producer_group == "PG");
  CHECK(h->topic == "TopicTest");
  CHECK(h->queue_id == 3);
  CHECK(h->default_topic == "TBW102");
  CHECK(h->sys_flag == 0);
  CHECK_FALSE(h->batch);
  CHECK(*req.FindExtField("bname") == "broker-a");
  protocol::MessagePropertyList props = protocol::DecodeMessageProperties(*h->properties);
  CHECK(*protocol::FindMessageProperty(props, "UNIQ_KEY") == p->uniq_id);
  CHECK(*protocol::FindMessageProperty(props, "TAGS") == "TagA");
  CHECK(*protocol::FindMessageProperty(props, "KEYS") == "k1 k2");
  CHECK(*protocol::FindMessageProperty(props, "WAIT") == "true");
  CHECK(req.body() == "hello");
}

TEST_CASE("PrepareSend: a user-set UNIQ_KEY is kept", "[send]") {
  Message msg("T", "x");
  msg.SetProperty("UNIQ_KEY", "MYKEY");
  absl::StatusOr<PreparedSend> p = PrepareSend(msg, "PG", ProducerOptions{});
  REQUIRE(p.ok());
  CHECK(p->uniq_id == "MYKEY");
}

TEST_CASE("PrepareSend: bodies of 4 KiB and more are zlib-compressed and flagged", "[send]") {
  const std::string big(4096, 'a');
  absl::StatusOr<PreparedSend> p = PrepareSend(Message("T", big), "PG", ProducerOptions{});
  REQUIRE(p.ok());
  absl::StatusOr<protocol::SendMessageRequestHeaderV2> h =
      protocol::SendMessageRequestHeaderV2::FromExtFields(p->request);
  REQUIRE(h.ok());
  CHECK((h->sys_flag & 0x1) == 0x1);
  CHECK(p->request.body().size() < big.size());
  absl::StatusOr<std::string> inflated = ZlibInflate(p->request.body());
  REQUIRE(inflated.ok());
  CHECK(*inflated == big);

  absl::StatusOr<PreparedSend> small = PrepareSend(Message("T", std::string(4095, 'a')), "PG", ProducerOptions{});
  REQUIRE(small.ok());
  CHECK(small->request.body().size() == 4095);
}

TEST_CASE("PrepareSend: refuses bad topics, empty and oversized bodies", "[send]") {
  ProducerOptions options;
  options.max_message_size = 10;
  CHECK(absl::IsInvalidArgument(PrepareSend(Message("", "x"), "PG", options).status()));
  CHECK(absl::IsInvalidArgument(PrepareSend(Message("bad topic", "x"), "PG", options).status()));
  CHECK(absl::IsInvalidArgument(PrepareSend(Message(std::string(128, 'a'), "x"), "PG", options).status()));
  CHECK(absl::IsInvalidArgument(PrepareSend(Message("T", ""), "PG", options).status()));
  CHECK(absl::IsInvalidArgument(PrepareSend(Message("T", std::string(11, 'x')), "PG", options).status()));
  CHECK(PrepareSend(Message("%RETRY%g|x_y-1", std::string(10, 'x')), "PG", options).ok());
}

TEST_CASE("PrepareBatchSend: one SEND_BATCH_MESSAGE body of MessageDecoder.encodeMessages records", "[send]") {
  std::vector<Message> batch = {Message("T", "TagA", "one"), Message("T", "TagB", "two")};
  absl::StatusOr<PreparedSend> p = PrepareBatchSend(batch, "PG", ProducerOptions{});
  REQUIRE(p.ok());
  CHECK(p->request.code() == rc::kSendBatchMessage);
  absl::StatusOr<protocol::SendMessageRequestHeaderV2> h =
      protocol::SendMessageRequestHeaderV2::FromExtFields(p->request);
  REQUIRE(h.ok());
  CHECK(h->batch);
  absl::StatusOr<std::vector<protocol::BatchMessage>> decoded = protocol::DecodeMessageBatch(p->request.body());
  REQUIRE(decoded.ok());
  REQUIRE(decoded->size() == 2);
  CHECK((*decoded)[1].body == "two");
  protocol::MessagePropertyList props = protocol::DecodeMessageProperties((*decoded)[0].properties);
  CHECK(*protocol::FindMessageProperty(props, "TAGS") == "TagA");
  const std::string uniq0 = *protocol::FindMessageProperty(props, "UNIQ_KEY");
  CHECK(p->uniq_id.rfind(uniq0 + ",", 0) == 0);
}

TEST_CASE("PrepareBatchSend: mixed topics, delays and empty batches are refused", "[send]") {
  CHECK(absl::IsInvalidArgument(PrepareBatchSend({}, "PG", ProducerOptions{}).status()));
  CHECK(absl::IsInvalidArgument(
      PrepareBatchSend({Message("A", "x"), Message("B", "y")}, "PG", ProducerOptions{}).status()));
  Message delayed("A", "x");
  delayed.SetDelayTimeLevel(3);
  CHECK(absl::IsInvalidArgument(PrepareBatchSend({delayed}, "PG", ProducerOptions{}).status()));
}

TEST_CASE("ProcessSendResponse: statuses and errors by response code", "[send]") {
  const MessageQueue q{"T", "broker-a", 0};
  remoting::RemotingCommand ok = remoting::RemotingCommand::CreateResponse(resp::kSuccess);
  protocol::SendMessageResponseHeader h{.msg_id = "7F000001000051AF0000000000000000", .queue_id = 2,
                                        .queue_offset = 42};
  protocol::EncodeHeader(h, &ok);
  absl::StatusOr<SendResult> r = ProcessSendResponse(ok, q, "UNIQ");
  REQUIRE(r.ok());
  CHECK(r->status == SendStatus::kSendOk);
  CHECK(r->msg_id == "UNIQ");
  CHECK(r->offset_msg_id == h.msg_id);
  CHECK(r->queue == MessageQueue{"T", "broker-a", 2});
  CHECK(r->queue_offset == 42);

  remoting::RemotingCommand flush = ok;
  flush.set_code(resp::kFlushDiskTimeout);
  CHECK(ProcessSendResponse(flush, q, "U")->status == SendStatus::kFlushDiskTimeout);

  remoting::RemotingCommand illegal = remoting::RemotingCommand::CreateResponse(resp::kMessageIllegal, "too big");
  absl::Status s = ProcessSendResponse(illegal, q, "U").status();
  CHECK(absl::IsInvalidArgument(s));
  CHECK(std::string(s.message()).find("too big") != std::string::npos);
  CHECK(IsRetriableSendCode(resp::kSystemError));
  CHECK_FALSE(IsRetriableSendCode(resp::kMessageIllegal));
}

}  // namespace
}  // namespace spool::client::internal
