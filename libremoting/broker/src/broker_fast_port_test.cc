// The fast (VIP) listener: every code but PULL_MESSAGE, stopped with the broker.
#include "broker_test_fixture.h"
#include "spool/protocol/message_id.h"

namespace spool::broker::testing {
namespace {

TEST_CASE("The fast port serves sends and admin calls but not pulls", "[broker][fast]") {
  BrokerFixture f;
  REQUIRE(f.broker().fast_port() != 0);
  REQUIRE(f.broker().fast_port() != f.broker().port());

  RemotingCommand send = RemotingCommand::CreateRequest(request_code::kSendMessageV2);
  protocol::EncodeHeader(protocol::SendMessageRequestHeaderV2::FromV1(BrokerFixture::SendHeader("FastT", 0)), &send);
  send.set_body("via-vip");
  RemotingCommand sent = f.InvokeAt(f.fast_addr(), send);
  REQUIRE(sent.code() == response_code::kSuccess);
  // The message id still names the main listener: that is where clients read it back.
  auto header = protocol::SendMessageResponseHeader::FromExtFields(sent);
  REQUIRE(header.ok());
  CHECK(header->queue_offset == 0);
  auto id = protocol::DecodeOffsetMessageId(header->msg_id);
  REQUIRE(id.ok());
  CHECK(id->Address() == f.addr());

  RemotingCommand max = RemotingCommand::CreateRequest(request_code::kGetMaxOffset);
  max.SetExtField("topic", "FastT");
  max.SetExtField("queueId", "0");
  f.WaitDispatched("FastT", 0, 1);
  RemotingCommand max_reply = f.InvokeAt(f.fast_addr(), max);
  REQUIRE(max_reply.code() == response_code::kSuccess);
  CHECK(*max_reply.FindExtField("offset") == "1");

  RemotingCommand config = RemotingCommand::CreateRequest(request_code::kGetAllTopicConfig);
  RemotingCommand config_reply = f.InvokeAt(f.fast_addr(), config);
  REQUIRE(config_reply.code() == response_code::kSuccess);
  CHECK(config_reply.body().find("FastT") != std::string::npos);

  // PULL_MESSAGE is not registered there: it falls to the admin default processor.
  RemotingCommand pull = BrokerFixture::PullRequest("CG", "FastT", 0, 0, protocol::kPullSysFlagSubscription);
  RemotingCommand refused = f.InvokeAt(f.fast_addr(), pull);
  CHECK(refused.code() == response_code::kRequestCodeNotSupported);
  CHECK(refused.remark() == " request type 11 not supported");
  // ...and the same pull on the main port finds the message.
  CHECK(f.Invoke(pull).code() == response_code::kSuccess);
}

TEST_CASE("Shutdown closes both listeners", "[broker][fast]") {
  BrokerFixture f;
  const std::string main_addr = f.addr();
  const std::string fast_addr = f.fast_addr();
  RemotingCommand ping = RemotingCommand::CreateRequest(request_code::kGetBrokerRuntimeInfo);
  REQUIRE(f.InvokeAt(fast_addr, ping).code() == response_code::kSuccess);
  f.StopBroker();

  remoting::RemotingClient fresh;
  REQUIRE(fresh.Start().ok());
  for (const std::string& address : {main_addr, fast_addr}) {
    INFO(address);
    absl::StatusOr<RemotingCommand> r =
        fresh.InvokeSync(address, RemotingCommand::CreateRequest(request_code::kGetBrokerRuntimeInfo),
                         absl::Seconds(2));
    CHECK_FALSE(r.ok());
  }
  fresh.Shutdown();
}

}  // namespace
}  // namespace spool::broker::testing
