#include "spool/remoting/remoting_client.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "spool/remoting/remoting_server.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "testing/event_recorder.h"
#include "testing/test_sync.h"

namespace spool::remoting {
namespace {

using testing::Counter;
using testing::EventRecorder;

constexpr absl::Duration kRpcTimeout = absl::Seconds(10);
// Short, for the tests that wait for a timeout on purpose. Nothing asserts how long anything took.
constexpr absl::Duration kShortTimeout = absl::Milliseconds(100);

std::shared_ptr<BoundedThreadPool> Pool() { return std::make_shared<BoundedThreadPool>("test-proc", 2, 1000); }

// A server whose HEART_BEAT answers at once and whose PULL_MESSAGE never answers.
struct TestServer {
  explicit TestServer(uint16_t port = 0) : events(std::make_shared<EventRecorder>()) {
    RemotingServerOptions options;
    options.listen_host = "127.0.0.1";
    options.listen_port = port;
    options.io_threads = 1;
    options.callback_threads = 1;
    server = std::make_unique<RemotingServer>(options);
    server->SetChannelEventListener(events);
    auto pool = Pool();
    REQUIRE(server
                ->RegisterProcessor(request_code::kHeartBeat,
                                    MakeRequestProcessor([](const RequestContext& ctx, RemotingCommand request) {
                                      // Answers twice: the second response has no waiter and must be dropped.
                                      if (request.HasExtField("twice")) {
                                        (void)ctx.Respond(RemotingCommand::CreateResponse(response_code::kSuccess));
                                      }
                                      return ProcessResult(
                                          RemotingCommand::CreateResponse(request, response_code::kSuccess));
                                    }),
                                    pool)
                .ok());
    REQUIRE(server
                ->RegisterProcessor(request_code::kPullMessage,
                                    MakeRequestProcessor([this](const RequestContext&, RemotingCommand) {
                                      held.Increment();
                                      return ProcessResult(std::nullopt);
                                    }),
                                    pool)
                .ok());
    REQUIRE(server->Start().ok());
    address = "127.0.0.1:" + std::to_string(server->port());
  }

  std::shared_ptr<EventRecorder> events;
  std::unique_ptr<RemotingServer> server;
  std::string address;
  Counter held;
};

RemotingClientOptions TestClientOptions() {
  RemotingClientOptions options;
  options.callback_threads = 1;
  options.connect_timeout = absl::Seconds(10);
  return options;
}

RemotingCommand Heartbeat() { return RemotingCommand::CreateRequest(request_code::kHeartBeat); }
RemotingCommand Pull() { return RemotingCommand::CreateRequest(request_code::kPullMessage); }

TEST_CASE("client: timeouts fire with kDeadlineExceeded", "[transport][client]") {
  TestServer server;
  RemotingClient client(TestClientOptions());
  REQUIRE(client.Start().ok());

  Counter done;
  absl::Status async_status;
  REQUIRE(client
              .InvokeAsync(server.address, Pull(), kShortTimeout,
                           [&](absl::StatusOr<RemotingCommand> r) {
                             async_status = r.status();
                             done.Increment();
                           })
              .ok());
  REQUIRE(done.WaitFor(1));
  CHECK(absl::IsDeadlineExceeded(async_status));
  CHECK(server.events->closed_count() == 0);  // an async timeout keeps the connection

  const absl::StatusOr<RemotingCommand> sync = client.InvokeSync(server.address, Pull(), kShortTimeout);
  CHECK(absl::IsDeadlineExceeded(sync.status()));
  CHECK(std::string(sync.status().message()).find("PULL_MESSAGE") != std::string::npos);
  // A sync timeout closes the connection (clientCloseSocketIfTimeout); the next call reconnects.
  REQUIRE(server.events->WaitClosed(0).code() != absl::StatusCode::kUnknown);
  const absl::StatusOr<RemotingCommand> again = client.InvokeSync(server.address, Heartbeat(), kRpcTimeout);
  REQUIRE(again.ok());
  CHECK(again->code() == response_code::kSuccess);
  CHECK(server.events->WaitConnected(1) != nullptr);
}

TEST_CASE("client: a response nobody waits for is dropped", "[transport][client]") {
  TestServer server;
  RemotingClient client(TestClientOptions());
  REQUIRE(client.Start().ok());
  RemotingCommand twice = Heartbeat();
  twice.SetExtField("twice", "1");
  for (int i = 0; i < 3; ++i) {
    const absl::StatusOr<RemotingCommand> response = client.InvokeSync(server.address, twice, kRpcTimeout);
    REQUIRE(response.ok());
    CHECK(response->code() == response_code::kSuccess);
  }
  CHECK(server.events->closed_count() == 0);
}

TEST_CASE("client: connecting to nothing is kUnavailable", "[transport][client]") {
  std::string address;
  {
    TestServer gone;  // a port that was just free, and is free again
    address = gone.address;
  }
  RemotingClient client(TestClientOptions());
  REQUIRE(client.Start().ok());
  CHECK(absl::IsUnavailable(client.InvokeSync(address, Heartbeat(), kRpcTimeout).status()));
  // The refusal may come back before the request is queued (an immediate error, no callback) or after (the
  // callback); either way it is kUnavailable.
  Counter done;
  absl::Status status;
  const absl::Status sent =
      client.InvokeAsync(address, Heartbeat(), kRpcTimeout, [&](absl::StatusOr<RemotingCommand> r) {
        status = r.status();
        done.Increment();
      });
  if (sent.ok()) {
    REQUIRE(done.WaitFor(1));
    CHECK(absl::IsUnavailable(status));
  } else {
    CHECK(absl::IsUnavailable(sent));
  }
}

TEST_CASE("client: reconnects after the server restarts", "[transport][client]") {
  auto events = std::make_shared<EventRecorder>();
  RemotingClient client(TestClientOptions());
  client.SetChannelEventListener(events);
  REQUIRE(client.Start().ok());

  auto first = std::make_unique<TestServer>();
  const uint16_t port = first->server->port();
  const std::string address = first->address;
  REQUIRE(client.InvokeSync(address, Heartbeat(), kRpcTimeout).ok());
  first.reset();
  CHECK(absl::IsUnavailable(events->WaitClosed(0)));

  TestServer second(port);  // SO_REUSEADDR: the same port at once
  const absl::StatusOr<RemotingCommand> response = client.InvokeSync(address, Heartbeat(), kRpcTimeout);
  REQUIRE(response.ok());
  CHECK(response->code() == response_code::kSuccess);
  CHECK(events->WaitConnected(1) != nullptr);
}

TEST_CASE("client: shutdown with requests in flight cancels them", "[transport][client]") {
  TestServer server;
  auto client = std::make_unique<RemotingClient>(TestClientOptions());
  REQUIRE(client->Start().ok());
  Counter done;
  std::atomic<int> cancelled{0};
  for (int i = 0; i < 5; ++i) {
    REQUIRE(client
                ->InvokeAsync(server.address, Pull(), kRpcTimeout,
                              [&](absl::StatusOr<RemotingCommand> r) {
                                if (absl::IsCancelled(r.status())) cancelled.fetch_add(1);
                                done.Increment();
                              })
                .ok());
  }
  REQUIRE(server.held.WaitFor(5));
  client->Shutdown();
  CHECK(done.value() == 5);  // every callback ran before Shutdown returned
  CHECK(cancelled.load() == 5);
  CHECK(absl::IsFailedPrecondition(client->InvokeSync(server.address, Heartbeat(), kRpcTimeout).status()));
  CHECK(absl::IsFailedPrecondition(client->InvokeOneway(server.address, Heartbeat())));
  client.reset();
  CHECK(absl::IsUnavailable(server.events->WaitClosed(0)));
}

TEST_CASE("client: InvokeSync on an I/O thread is refused", "[transport][client]") {
  struct SyncInListener : ChannelEventListener {
    RemotingClient* client = nullptr;
    std::string address;
    Counter called;
    absl::Status status;
    void OnChannelConnected(const std::shared_ptr<Channel>& channel) override {
      status = client->InvokeSync(address, Heartbeat(), kRpcTimeout).status();
      if (status.ok()) status = channel->InvokeSync(Heartbeat(), kRpcTimeout).status();
      called.Increment();
    }
  };
  TestServer server;
  auto listener = std::make_shared<SyncInListener>();
  RemotingClient client(TestClientOptions());
  listener->client = &client;
  listener->address = server.address;
  client.SetChannelEventListener(listener);
  REQUIRE(client.Start().ok());
  REQUIRE(client.InvokeSync(server.address, Heartbeat(), kRpcTimeout).ok());
  REQUIRE(listener->called.WaitFor(1));
  CHECK(absl::IsFailedPrecondition(listener->status));
}

TEST_CASE("client: the async limit refuses extra requests", "[transport][client]") {
  TestServer server;
  RemotingClientOptions options = TestClientOptions();
  options.max_async_requests = 2;
  RemotingClient client(options);
  REQUIRE(client.Start().ok());
  Counter done;
  auto count = [&](absl::StatusOr<RemotingCommand>) { done.Increment(); };
  REQUIRE(client.InvokeAsync(server.address, Pull(), kShortTimeout, count).ok());
  REQUIRE(client.InvokeAsync(server.address, Pull(), kShortTimeout, count).ok());
  CHECK(absl::IsResourceExhausted(client.InvokeAsync(server.address, Pull(), kShortTimeout, count)));
  REQUIRE(done.WaitFor(2));  // both time out, freeing their permits
  CHECK(client.InvokeAsync(server.address, Pull(), kShortTimeout, count).ok());
  REQUIRE(done.WaitFor(3));
}

TEST_CASE("client: channels by address", "[transport][client]") {
  TestServer server;
  RemotingClient client(TestClientOptions());
  CHECK(absl::IsFailedPrecondition(client.GetChannel(server.address).status()));
  REQUIRE(client.Start().ok());
  const absl::StatusOr<std::shared_ptr<Channel>> channel = client.GetChannel(server.address);
  REQUIRE(channel.ok());
  CHECK((*channel)->remote_address() == server.address);
  CHECK(*client.GetChannel(server.address) == *channel);
  const absl::StatusOr<RemotingCommand> response = (*channel)->InvokeSync(Heartbeat(), kRpcTimeout);
  REQUIRE(response.ok());
  client.CloseChannel(server.address);
  CHECK(server.events->WaitClosed(0).code() != absl::StatusCode::kUnknown);
  // A new connection replaces the closed one.
  REQUIRE(client.InvokeSync(server.address, Heartbeat(), kRpcTimeout).ok());
  CHECK(*client.GetChannel(server.address) != *channel);

  CHECK(absl::IsInvalidArgument(client.InvokeSync("no-port", Heartbeat(), kRpcTimeout).status()));
  CHECK(absl::IsInvalidArgument(client.InvokeOneway("host:99999", Heartbeat())));
}

TEST_CASE("client: requests in ROCKETMQ serialization", "[transport][client]") {
  TestServer server;
  RemotingClient client(TestClientOptions());
  REQUIRE(client.Start().ok());
  RemotingCommand request = Heartbeat();
  request.set_serialize_type(SerializeType::kRocketMq);
  const absl::StatusOr<RemotingCommand> response = client.InvokeSync(server.address, request, kRpcTimeout);
  REQUIRE(response.ok());
  CHECK(response->serialize_type() == SerializeType::kRocketMq);
}

}  // namespace
}  // namespace spool::remoting
