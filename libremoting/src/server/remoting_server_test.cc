#include "spool/remoting/remoting_server.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "spool/remoting/remoting_client.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "testing/event_recorder.h"
#include "testing/raw_peer.h"
#include "testing/test_sync.h"
#include "util/big_endian.h"
#include "spool/status_macros.h"

namespace spool::remoting {
namespace {

using testing::Counter;
using testing::EventRecorder;
using testing::kTestWait;
using testing::RawPeer;

constexpr absl::Duration kRpcTimeout = absl::Seconds(10);

RemotingServerOptions LocalOptions() {
  RemotingServerOptions options;
  options.listen_host = "127.0.0.1";
  options.listen_port = 0;
  options.io_threads = 2;
  options.callback_threads = 1;
  return options;
}

std::string Address(const RemotingServer& server) { return "127.0.0.1:" + std::to_string(server.port()); }

std::shared_ptr<BoundedThreadPool> Pool(int threads = 2, size_t capacity = 1000) {
  return std::make_shared<BoundedThreadPool>("test-proc", threads, capacity);
}

// Answers GET_ROUTEINFO_BY_TOPIC with the topic as body; a missing topic is an error (-> SYSTEM_ERROR).
std::shared_ptr<RequestProcessor> EchoTopic() {
  return MakeRequestProcessor([](const RequestContext&, RemotingCommand request) -> ProcessResult {
    SPOOL_ASSIGN_OR_RETURN(std::string topic, request.GetString("topic"));
    RemotingCommand response = RemotingCommand::CreateResponse(request, response_code::kSuccess);
    response.set_body(topic);
    return response;
  });
}

RemotingCommand RouteRequest(std::string topic) {
  RemotingCommand request = RemotingCommand::CreateRequest(request_code::kGetRouteinfoByTopic);
  request.SetExtField("topic", std::move(topic));
  return request;
}

std::unique_ptr<RemotingClient> StartedClient(RemotingClientOptions options = {}) {
  options.callback_threads = 1;
  auto client = std::make_unique<RemotingClient>(options);
  REQUIRE(client->Start().ok());
  return client;
}

TEST_CASE("server: sync, async and oneway round trips", "[transport][server]") {
  RemotingServer server(LocalOptions());
  Counter oneways;
  REQUIRE(server.RegisterProcessor(request_code::kGetRouteinfoByTopic, EchoTopic(), Pool()).ok());
  REQUIRE(server
              .RegisterProcessor(request_code::kUpdateConsumerOffset,
                                 MakeRequestProcessor([&](const RequestContext& ctx, RemotingCommand) {
                                   CHECK(ctx.oneway());
                                   oneways.Increment();
                                   return ProcessResult(RemotingCommand::CreateResponse(0));  // dropped: oneway
                                 }),
                                 Pool())
              .ok());
  REQUIRE(server.Start().ok());
  REQUIRE(server.port() != 0);
  auto client = StartedClient();

  const absl::StatusOr<RemotingCommand> sync = client->InvokeSync(Address(server), RouteRequest("T1"), kRpcTimeout);
  REQUIRE(sync.ok());
  CHECK(sync->code() == response_code::kSuccess);
  CHECK(sync->is_response());
  CHECK(sync->body() == "T1");
  CHECK(sync->version() == 407);

  Counter done;
  std::vector<std::string> bodies(20);
  for (int i = 0; i < 20; ++i) {
    REQUIRE(client
                ->InvokeAsync(Address(server), RouteRequest("A" + std::to_string(i)), kRpcTimeout,
                              [&, i](absl::StatusOr<RemotingCommand> response) {
                                if (response.ok()) bodies[i] = response->body();
                                done.Increment();
                              })
                .ok());
  }
  REQUIRE(done.WaitFor(20));
  for (int i = 0; i < 20; ++i) CHECK(bodies[i] == "A" + std::to_string(i));

  REQUIRE(
      client->InvokeOneway(Address(server), RemotingCommand::CreateRequest(request_code::kUpdateConsumerOffset)).ok());
  CHECK(oneways.WaitFor(1));
}

TEST_CASE("server: answers in the request's serialization, never to oneway requests", "[transport][server]") {
  RemotingServer server(LocalOptions());
  Counter oneways;
  REQUIRE(server.RegisterProcessor(request_code::kGetRouteinfoByTopic, EchoTopic(), Pool(1)).ok());
  REQUIRE(server.Start().ok());
  RawPeer peer;
  REQUIRE(peer.Connect(server.port()).ok());

  for (SerializeType type : {SerializeType::kRocketMq, SerializeType::kJson}) {
    RemotingCommand request = RouteRequest("T");
    request.set_serialize_type(type);
    request.set_opaque(41);
    REQUIRE(peer.Send(request).ok());
    const absl::StatusOr<RemotingCommand> response = peer.Read();
    REQUIRE(response.ok());
    CHECK(response->serialize_type() == type);
    CHECK(response->opaque() == 41);
    CHECK(response->body() == "T");
  }

  // A oneway request is processed (single-threaded executor: in order) but not answered, so the next thing
  // read is the answer to the request after it.
  RemotingCommand oneway = RouteRequest("oneway");
  oneway.MarkOneway();
  oneway.set_opaque(1);
  RemotingCommand normal = RouteRequest("normal");
  normal.set_opaque(2);
  REQUIRE(peer.Send(oneway).ok());
  REQUIRE(peer.Send(normal).ok());
  const absl::StatusOr<RemotingCommand> response = peer.Read();
  REQUIRE(response.ok());
  CHECK(response->opaque() == 2);
  CHECK(response->body() == "normal");
}

TEST_CASE("server: unknown codes get REQUEST_CODE_NOT_SUPPORTED, failures SYSTEM_ERROR", "[transport][server]") {
  RemotingServer server(LocalOptions());
  REQUIRE(server.RegisterProcessor(request_code::kGetRouteinfoByTopic, EchoTopic(), Pool()).ok());
  REQUIRE(server.Start().ok());
  auto client = StartedClient();

  const absl::StatusOr<RemotingCommand> unknown =
      client->InvokeSync(Address(server), RemotingCommand::CreateRequest(999), kRpcTimeout);
  REQUIRE(unknown.ok());
  CHECK(unknown->code() == response_code::kRequestCodeNotSupported);
  CHECK(unknown->remark() == " request type 999 not supported");

  const absl::StatusOr<RemotingCommand> failed = client->InvokeSync(
      Address(server), RemotingCommand::CreateRequest(request_code::kGetRouteinfoByTopic), kRpcTimeout);
  REQUIRE(failed.ok());
  CHECK(failed->code() == response_code::kSystemError);
  CHECK(failed->remark() == "missing header field topic");
}

TEST_CASE("server: a default processor takes the codes without their own", "[transport][server]") {
  RemotingServer server(LocalOptions());
  REQUIRE(server
              .RegisterDefaultProcessor(MakeRequestProcessor([](const RequestContext&, RemotingCommand request) {
                                          return ProcessResult(RemotingCommand::CreateResponse(
                                              request, response_code::kSuccess, std::to_string(request.code())));
                                        }),
                                        Pool())
              .ok());
  REQUIRE(server.Start().ok());
  auto client = StartedClient();
  const absl::StatusOr<RemotingCommand> response =
      client->InvokeSync(Address(server), RemotingCommand::CreateRequest(12345), kRpcTimeout);
  REQUIRE(response.ok());
  CHECK(response->remark() == "12345");
}

TEST_CASE("server: a full executor queue answers SYSTEM_BUSY", "[transport][server]") {
  RemotingServer server(LocalOptions());
  absl::Notification first_started;
  absl::Notification release;
  auto pool = Pool(/*threads=*/1, /*capacity=*/1);
  REQUIRE(server
              .RegisterProcessor(request_code::kSendMessageV2,
                                 MakeRequestProcessor([&](const RequestContext&, RemotingCommand request) {
                                   if (!first_started.HasBeenNotified()) first_started.Notify();
                                   release.WaitForNotification();
                                   return ProcessResult(
                                       RemotingCommand::CreateResponse(request, response_code::kSuccess));
                                 }),
                                 pool)
              .ok());
  REQUIRE(server.Start().ok());
  auto client = StartedClient();

  Counter done;
  std::vector<absl::StatusOr<RemotingCommand>> results(3, absl::UnknownError("not yet"));
  auto invoke = [&](int i) {
    REQUIRE(client
                ->InvokeAsync(Address(server), RemotingCommand::CreateRequest(request_code::kSendMessageV2),
                              kRpcTimeout,
                              [&, i](absl::StatusOr<RemotingCommand> r) {
                                results[i] = std::move(r);
                                done.Increment();
                              })
                .ok());
  };
  invoke(0);
  REQUIRE(first_started.WaitForNotificationWithTimeout(kTestWait));  // the only worker is busy, queue empty
  invoke(1);                                                         // fills the queue
  invoke(2);                                                         // same connection, so dispatched after #1: refused
  REQUIRE(done.WaitFor(1));
  REQUIRE(results[2].ok());
  CHECK(results[2]->code() == response_code::kSystemBusy);
  CHECK(results[2]->remark() == "[OVERLOAD]system busy, start flow control for a while");
  release.Notify();
  REQUIRE(done.WaitFor(3));
  CHECK(results[0]->code() == response_code::kSuccess);
  CHECK(results[1]->code() == response_code::kSuccess);
}

TEST_CASE("server: RejectRequest answers SYSTEM_BUSY without queueing", "[transport][server]") {
  struct Busy : RequestProcessor {
    std::atomic<int> processed{0};
    ProcessResult Process(const RequestContext&, RemotingCommand) override {
      processed.fetch_add(1);
      return std::nullopt;
    }
    bool RejectRequest() const override { return true; }
  };
  auto busy = std::make_shared<Busy>();
  RemotingServer server(LocalOptions());
  REQUIRE(server.RegisterProcessor(request_code::kSendMessage, busy, Pool()).ok());
  REQUIRE(server.Start().ok());
  auto client = StartedClient();
  const absl::StatusOr<RemotingCommand> response =
      client->InvokeSync(Address(server), RemotingCommand::CreateRequest(request_code::kSendMessage), kRpcTimeout);
  REQUIRE(response.ok());
  CHECK(response->code() == response_code::kSystemBusy);
  CHECK(response->remark() == "[REJECTREQUEST]system busy, start flow control for a while");
  CHECK(busy->processed.load() == 0);
}

TEST_CASE("server: a processor answers later, from another thread (long polling)", "[transport][server]") {
  absl::Mutex mu;
  std::vector<std::pair<RequestContext, RemotingCommand>> held;
  Counter suspended;
  RemotingServer server(LocalOptions());
  REQUIRE(server
              .RegisterProcessor(request_code::kPullMessage,
                                 MakeRequestProcessor([&](const RequestContext& ctx, RemotingCommand request) {
                                   {
                                     absl::MutexLock lock(&mu);
                                     held.emplace_back(ctx, std::move(request));
                                   }
                                   suspended.Increment();
                                   return ProcessResult(std::nullopt);
                                 }),
                                 Pool())
              .ok());
  REQUIRE(server.Start().ok());
  auto client = StartedClient();

  Counter done;
  std::vector<std::string> remarks(2);
  for (int i = 0; i < 2; ++i) {
    RemotingCommand pull = RemotingCommand::CreateRequest(request_code::kPullMessage);
    pull.SetExtFieldInt("n", i);
    REQUIRE(client
                ->InvokeAsync(Address(server), std::move(pull), kRpcTimeout,
                              [&, i](absl::StatusOr<RemotingCommand> r) {
                                if (r.ok()) remarks[i] = r->remark().value_or("");
                                done.Increment();
                              })
                .ok());
  }
  REQUIRE(suspended.WaitFor(2));
  {
    absl::MutexLock lock(&mu);
    // Answer in the opposite order of arrival: matching is by opaque, not by order.
    for (auto it = held.rbegin(); it != held.rend(); ++it) {
      const auto& [ctx, request] = *it;
      REQUIRE(
          ctx.Respond(RemotingCommand::CreateResponse(response_code::kSuccess, "answer to " + *request.GetString("n")))
              .ok());
    }
  }
  REQUIRE(done.WaitFor(2));
  CHECK(remarks[0] == "answer to 0");
  CHECK(remarks[1] == "answer to 1");
}

TEST_CASE("server: requests to a client, sync and oneway", "[transport][server]") {
  auto events = std::make_shared<EventRecorder>();
  RemotingServer server(LocalOptions());
  server.SetChannelEventListener(events);
  REQUIRE(server
              .RegisterProcessor(
                  request_code::kHeartBeat, MakeRequestProcessor([](const RequestContext&, RemotingCommand request) {
                    return ProcessResult(RemotingCommand::CreateResponse(request, response_code::kSuccess));
                  }),
                  Pool())
              .ok());
  REQUIRE(server.Start().ok());

  RemotingClientOptions client_options;
  client_options.callback_threads = 1;
  RemotingClient client(client_options);
  Counter notified;
  std::atomic<bool> notify_was_oneway{false};
  auto client_pool = Pool();
  REQUIRE(client
              .RegisterProcessor(request_code::kNotifyConsumerIdsChanged,
                                 MakeRequestProcessor([&](const RequestContext& ctx, RemotingCommand request) {
                                   notify_was_oneway = ctx.oneway();
                                   CHECK(*request.GetString("consumerGroup") == "cg");
                                   notified.Increment();
                                   return ProcessResult(std::nullopt);
                                 }),
                                 client_pool)
              .ok());
  REQUIRE(client
              .RegisterProcessor(request_code::kGetConsumerRunningInfo,
                                 MakeRequestProcessor([](const RequestContext&, RemotingCommand request) {
                                   RemotingCommand response =
                                       RemotingCommand::CreateResponse(request, response_code::kSuccess);
                                   response.set_body(R"({"properties":{}})");
                                   return ProcessResult(std::move(response));
                                 }),
                                 client_pool)
              .ok());
  REQUIRE(client.Start().ok());
  REQUIRE(
      client.InvokeSync(Address(server), RemotingCommand::CreateRequest(request_code::kHeartBeat), kRpcTimeout).ok());

  std::shared_ptr<Channel> channel = events->WaitConnected(0);
  REQUIRE(channel != nullptr);
  CHECK(channel->IsOpen());
  CHECK(channel->remote_address().rfind("127.0.0.1:", 0) == 0);
  REQUIRE(server.Channels().size() == 1);
  CHECK(server.Channels()[0] == channel);  // one handle per connection

  RemotingCommand notify = RemotingCommand::CreateRequest(request_code::kNotifyConsumerIdsChanged);
  notify.SetExtField("consumerGroup", "cg");
  REQUIRE(channel->InvokeOneway(std::move(notify)).ok());
  REQUIRE(notified.WaitFor(1));
  CHECK(notify_was_oneway.load());

  const absl::StatusOr<RemotingCommand> info =
      channel->InvokeSync(RemotingCommand::CreateRequest(request_code::kGetConsumerRunningInfo), kRpcTimeout);
  REQUIRE(info.ok());
  CHECK(info->code() == response_code::kSuccess);
  CHECK(info->body() == R"({"properties":{}})");

  // A code the client has no processor for: the client answers like a server.
  const absl::StatusOr<RemotingCommand> unsupported =
      channel->InvokeSync(RemotingCommand::CreateRequest(request_code::kCheckTransactionState), kRpcTimeout);
  REQUIRE(unsupported.ok());
  CHECK(unsupported->code() == response_code::kRequestCodeNotSupported);

  client.Shutdown();
  const absl::Status reason = events->WaitClosed(0);
  CHECK(absl::IsUnavailable(reason));  // the peer went away
  CHECK(events->closed_channel(0) == channel);
  CHECK_FALSE(channel->IsOpen());
  CHECK(absl::IsUnavailable(channel->InvokeOneway(RemotingCommand::CreateRequest(40))));
}

TEST_CASE("server: idle connections are closed", "[transport][server]") {
  auto events = std::make_shared<EventRecorder>();
  RemotingServerOptions options = LocalOptions();
  options.channel_idle_timeout = absl::Milliseconds(200);
  RemotingServer server(options);
  server.SetChannelEventListener(events);
  REQUIRE(server.Start().ok());
  RawPeer peer;
  REQUIRE(peer.Connect(server.port()).ok());
  CHECK(absl::IsDeadlineExceeded(events->WaitClosed(0)));
  CHECK(peer.WaitForClose());
}

TEST_CASE("server: garbage closes that connection only", "[transport][server]") {
  const std::string garbage = GENERATE(std::string("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),  // length 0x47455420: too big
                                       std::string("\x00\x00\x00\x02zz", 6),              // length < 4
                                       std::string("\x00\x00\x00\x10\x05\x00\x00\x02{}abcdefghij", 20),  // type 5
                                       std::string("\x00\x00\x00\x0c\x00\x00\x00\x08{\"code\":", 16));   // bad JSON
  CAPTURE(garbage);
  auto events = std::make_shared<EventRecorder>();
  RemotingServer server(LocalOptions());
  server.SetChannelEventListener(events);
  REQUIRE(server.RegisterProcessor(request_code::kGetRouteinfoByTopic, EchoTopic(), Pool()).ok());
  REQUIRE(server.Start().ok());
  auto client = StartedClient();
  REQUIRE(client->InvokeSync(Address(server), RouteRequest("before"), kRpcTimeout).ok());

  RawPeer bad;
  REQUIRE(bad.Connect(server.port()).ok());
  REQUIRE(bad.Write(garbage).ok());
  CHECK(bad.WaitForClose());
  const absl::Status reason = events->WaitClosed(0);
  CHECK((absl::IsInvalidArgument(reason) || absl::IsResourceExhausted(reason)));

  const absl::StatusOr<RemotingCommand> after = client->InvokeSync(Address(server), RouteRequest("after"), kRpcTimeout);
  REQUIRE(after.ok());
  CHECK(after->body() == "after");
}

TEST_CASE("server: a frame over max_frame_size closes the connection", "[transport][server]") {
  RemotingServerOptions options = LocalOptions();
  options.max_frame_size = 1024;
  RemotingServer server(options);
  REQUIRE(server.RegisterProcessor(request_code::kGetRouteinfoByTopic, EchoTopic(), Pool()).ok());
  REQUIRE(server.Start().ok());
  RawPeer peer;
  REQUIRE(peer.Connect(server.port()).ok());
  RemotingCommand big = RouteRequest("big");
  big.set_body(std::string(2000, 'x'));
  REQUIRE(peer.Send(big).ok());
  CHECK(peer.WaitForClose());
}

TEST_CASE("server: shutdown with requests in flight", "[transport][server]") {
  auto server = std::make_unique<RemotingServer>(LocalOptions());
  Counter held;
  std::vector<RequestContext> contexts;
  absl::Mutex mu;
  REQUIRE(server
              ->RegisterProcessor(request_code::kPullMessage,
                                  MakeRequestProcessor([&](const RequestContext& ctx, RemotingCommand) {
                                    {
                                      absl::MutexLock lock(&mu);
                                      contexts.push_back(ctx);
                                    }
                                    held.Increment();
                                    return ProcessResult(std::nullopt);  // never answered
                                  }),
                                  Pool())
              .ok());
  auto events = std::make_shared<EventRecorder>();
  server->SetChannelEventListener(events);
  REQUIRE(server->Start().ok());
  auto client = StartedClient();
  const std::string address = Address(*server);

  Counter failed;
  std::atomic<int> unavailable{0};
  for (int i = 0; i < 5; ++i) {
    REQUIRE(client
                ->InvokeAsync(address, RemotingCommand::CreateRequest(request_code::kPullMessage), kRpcTimeout,
                              [&](absl::StatusOr<RemotingCommand> r) {
                                if (absl::IsUnavailable(r.status())) unavailable.fetch_add(1);
                                failed.Increment();
                              })
                .ok());
  }
  REQUIRE(held.WaitFor(5));

  // The server is waiting for the client too.
  std::shared_ptr<Channel> channel = events->WaitConnected(0);
  REQUIRE(channel != nullptr);
  Counter server_side;
  absl::Status server_side_status;
  REQUIRE(channel
              ->InvokeAsync(RemotingCommand::CreateRequest(request_code::kGetConsumerRunningInfo), kRpcTimeout,
                            [&](absl::StatusOr<RemotingCommand> r) {
                              server_side_status = r.status();
                              server_side.Increment();
                            })
              .ok());

  server->Shutdown();
  REQUIRE(server_side.WaitFor(1));
  // The client answers REQUEST_CODE_NOT_SUPPORTED unless the shutdown overtook it.
  CHECK((server_side_status.ok() || absl::IsCancelled(server_side_status)));
  REQUIRE(failed.WaitFor(5));
  CHECK(unavailable.load() == 5);
  // Answers after shutdown fail quietly.
  absl::MutexLock lock(&mu);
  CHECK(absl::IsUnavailable(contexts[0].Respond(RemotingCommand::CreateResponse(0))));
  server.reset();
  // Channels outlive their server.
  CHECK_FALSE(channel->IsOpen());
  CHECK(absl::IsUnavailable(channel->Send(RemotingCommand::CreateResponse(0))));
}

TEST_CASE("server: lifecycle errors", "[transport][server]") {
  RemotingServer server(LocalOptions());
  CHECK(server.port() == 0);
  CHECK(absl::IsInvalidArgument(server.RegisterProcessor(1, nullptr, Pool())));
  CHECK(absl::IsInvalidArgument(server.RegisterProcessor(1, EchoTopic(), nullptr)));
  REQUIRE(server.Start().ok());
  CHECK(absl::IsFailedPrecondition(server.Start()));
  CHECK(absl::IsFailedPrecondition(server.RegisterProcessor(1, EchoTopic(), Pool())));

  RemotingServerOptions same_port = LocalOptions();
  same_port.listen_port = server.port();
  RemotingServer second(same_port);
  CHECK(absl::IsUnavailable(second.Start()));

  RemotingServerOptions bad_host = LocalOptions();
  bad_host.listen_host = "not-an-ip";
  CHECK(absl::IsInvalidArgument(RemotingServer(bad_host).Start()));

  server.Shutdown();
  server.Shutdown();
  CHECK(absl::IsFailedPrecondition(server.Start()));

  RemotingServer never_started(LocalOptions());
  never_started.Shutdown();
}

}  // namespace
}  // namespace spool::remoting
