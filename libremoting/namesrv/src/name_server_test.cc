// End to end: a NameServer on 127.0.0.1 (free port), driven over TCP with RemotingClient exactly as a Java 4.9.7
// broker and stock clients drive RocketMQ's name server. Time is a fake clock; expiry scans are run by hand.
#include "spool/namesrv/name_server.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <memory>

#include "absl/synchronization/mutex.h"
#include "spool/protocol/body_crc32.h"
#include "spool/protocol/register_broker_body.h"
#include "spool/protocol/register_broker_result.h"
#include "spool/protocol/topic_route_data.h"
#include "spool/remoting/remoting_client.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "spool/remoting/version.h"
#include "temp_dir.h"

namespace spool::namesrv {
namespace {

using remoting::LanguageCode;
using remoting::RemotingClient;
using remoting::RemotingCommand;
namespace request_code = remoting::request_code;
namespace response_code = remoting::response_code;

constexpr absl::Duration kTimeout = absl::Seconds(10);
constexpr int64_t kT0 = 1'700'000'000'000;

// The body a 4.9.7 broker sends (spec namesrv.md §3.2), byte for byte, for a broker at `addr`.
constexpr std::string_view kJavaRegisterBody =
    R"({"filterServerList":[],"topicConfigSerializeWrapper":{"dataVersion":{"counter":5,"timestamp":1700000000000},"topicConfigTable":{"TopicTest":{"order":false,"perm":6,"readQueueNums":4,"topicFilterType":"SINGLE_TAG","topicName":"TopicTest","topicSysFlag":0,"writeQueueNums":4},"TBW102":{"order":false,"perm":7,"readQueueNums":8,"topicFilterType":"SINGLE_TAG","topicName":"TBW102","topicSysFlag":0,"writeQueueNums":8}}}})";

constexpr std::string_view kBrokerAddr = "127.0.0.1:10911";

// What a 4.9.7 client at version >= 401 receives for TopicTest, and what older clients receive.
constexpr std::string_view kStandardRoute =
    R"({"brokerDatas":[{"brokerAddrs":{"0":"127.0.0.1:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]})";
constexpr std::string_view kFastjsonRoute =
    R"({"brokerDatas":[{"brokerAddrs":{0:"127.0.0.1:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]})";

// Counts closed connections so a test can wait for one without sleeping.
class CloseCounter : public remoting::ChannelEventListener {
 public:
  void OnChannelClosed(const std::shared_ptr<remoting::Channel>&, const absl::Status&) override {
    absl::MutexLock lock(&mu_);
    ++closed_;
  }
  bool WaitFor(int n) {
    absl::MutexLock lock(&mu_);
    auto reached = [this, n]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return closed_ >= n; };
    return mu_.AwaitWithTimeout(absl::Condition(&reached), absl::Seconds(20));
  }

 private:
  absl::Mutex mu_;
  int closed_ ABSL_GUARDED_BY(mu_) = 0;
};

class Fixture {
 public:
  Fixture(bool order_message_enable = false) {
    NameServerOptions options;
    options.config = DefaultNamesrvConfig();
    options.config.listen_port = 0;
    options.config.kv_config_path = dir_.Sub("namesrv/kvConfig.json");
    options.config.config_store_path = dir_.Sub("namesrv/namesrv.properties");
    options.config.order_message_enable = order_message_enable;
    options.config.server_worker_threads = 2;
    options.config.server_selector_threads = 1;
    options.listen_host = "127.0.0.1";
    options.now_millis = [this] { return now_.load(); };
    options.scan_interval = absl::ZeroDuration();
    options.channel_listener = closes_;
    server_ = std::make_unique<NameServer>(std::move(options));
    REQUIRE(server_->Start().ok());
    addr_ = "127.0.0.1:" + std::to_string(server_->port());
    REQUIRE(client_.Start().ok());
  }

  ~Fixture() {
    client_.Shutdown();
    server_->Shutdown();
  }

  RemotingCommand Call(RemotingCommand request, RemotingClient* client = nullptr) {
    absl::StatusOr<RemotingCommand> response =
        (client != nullptr ? client : &client_)->InvokeSync(addr_, std::move(request), kTimeout);
    REQUIRE(response.ok());
    return *std::move(response);
  }

  // REGISTER_BROKER exactly as BrokerOuterAPI.registerBroker sends it: JSON header, version 407, the seven
  // extFields as strings, the body with its CRC.
  static RemotingCommand JavaRegisterRequest(std::string_view body, bool compressed = false, int64_t broker_id = 0,
                                             std::string_view broker_addr = kBrokerAddr) {
    RemotingCommand request = RemotingCommand::CreateRequest(request_code::kRegisterBroker);
    request.SetExtField("brokerName", "broker-a");
    request.SetExtField("brokerAddr", std::string(broker_addr));
    request.SetExtField("clusterName", "DefaultCluster");
    request.SetExtField("haServerAddr", "127.0.0.1:10912");
    request.SetExtField("brokerId", std::to_string(broker_id));
    request.SetExtField("compressed", compressed ? "true" : "false");
    request.SetExtField("bodyCrc32", std::to_string(protocol::BodyCrc32(body)));
    request.set_body(std::string(body));
    return request;
  }

  RemotingCommand RouteRequest(std::string_view topic, int32_t version = remoting::mq_version::kV4_9_7,
                               LanguageCode language = LanguageCode::kJava) {
    RemotingCommand request = RemotingCommand::CreateRequest(request_code::kGetRouteinfoByTopic);
    request.SetExtField("topic", std::string(topic));
    request.set_version(version);
    request.set_language(language);
    return request;
  }

  NameServer& server() { return *server_; }
  RemotingClient& client() { return client_; }
  const std::string& addr() const { return addr_; }
  CloseCounter& closes() { return *closes_; }
  std::atomic<int64_t>& now() { return now_; }

 private:
  spool::testing::TempDir dir_;
  std::atomic<int64_t> now_{kT0};
  std::shared_ptr<CloseCounter> closes_ = std::make_shared<CloseCounter>();
  std::unique_ptr<NameServer> server_;
  RemotingClient client_;
  std::string addr_;
};

TEST_CASE("a Java 4.9.7 broker registers and is routed to, in each client's JSON dialect", "[namesrv][e2e]") {
  Fixture f;
  RemotingCommand registered = f.Call(Fixture::JavaRegisterRequest(kJavaRegisterBody));
  CHECK(registered.code() == response_code::kSuccess);
  CHECK(registered.ext_fields().empty());  // a master: no masterAddr / haServerAddr
  CHECK(registered.body().empty());        // no ORDER_TOPIC_CONFIG namespace yet
  CHECK(registered.version() == remoting::mq_version::kV4_9_7);

  SECTION("Java 4.9.7 client: standard JSON, quoted broker ids") {
    RemotingCommand route = f.Call(f.RouteRequest("TopicTest"));
    CHECK(route.code() == response_code::kSuccess);
    CHECK(route.body() == kStandardRoute);
  }
  SECTION("rocketmq-client-cpp 2.x (version 333): fastjson JSON, bare broker ids") {
    RemotingCommand route = f.Call(f.RouteRequest("TopicTest", remoting::mq_version::kV4_6_0, LanguageCode::kCpp));
    CHECK(route.code() == response_code::kSuccess);
    CHECK(route.body() == kFastjsonRoute);
  }
  SECTION("ali-ons (version 121) asking for standard JSON explicitly") {
    RemotingCommand request = f.RouteRequest("TopicTest", remoting::mq_version::kV3_4_9);
    request.SetExtField("acceptStandardJsonOnly", "true");
    CHECK(f.Call(std::move(request)).body() == kStandardRoute);
  }
  SECTION("TBW102, which a Java producer asks for when its topic is unknown") {
    absl::StatusOr<protocol::TopicRouteData> route =
        protocol::TopicRouteData::Decode(f.Call(f.RouteRequest("TBW102")).body());
    REQUIRE(route.ok());
    CHECK(route->queue_datas.at(0).perm == 7);
    CHECK(route->queue_datas.at(0).write_queue_nums == 8);
  }
  SECTION("an unknown topic is TOPIC_NOT_EXIST with RocketMQ's remark") {
    RemotingCommand route = f.Call(f.RouteRequest("NoSuchTopic"));
    CHECK(route.code() == response_code::kTopicNotExist);
    REQUIRE(route.remark().has_value());
    CHECK(route.remark()->find("No topic route info in name server for the topic: NoSuchTopic") == 0);
    CHECK(route.body().empty());
  }
  SECTION("cluster info and topic lists") {
    RemotingCommand cluster = f.Call(RemotingCommand::CreateRequest(request_code::kGetBrokerClusterInfo));
    CHECK(cluster.body() ==
          R"({"brokerAddrTable":{"broker-a":{"brokerAddrs":{0:"127.0.0.1:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}},"clusterAddrTable":{"DefaultCluster":["broker-a"]}})");
    RemotingCommand topics = f.Call(RemotingCommand::CreateRequest(request_code::kGetAllTopicListFromNameserver));
    CHECK(topics.body() == R"({"topicList":["TBW102","TopicTest"]})");
    RemotingCommand by_cluster = RemotingCommand::CreateRequest(request_code::kGetTopicsByCluster);
    by_cluster.SetExtField("cluster", "DefaultCluster");
    CHECK(f.Call(std::move(by_cluster)).body() == R"({"topicList":["TBW102","TopicTest"]})");
    RemotingCommand system = f.Call(RemotingCommand::CreateRequest(request_code::kGetSystemTopicListFromNs));
    CHECK(system.body() == R"({"brokerAddr":"127.0.0.1:10911","topicList":["DefaultCluster","broker-a"]})");
  }
  SECTION("QUERY_DATA_VERSION: unchanged keeps the broker alive, changed says so") {
    RemotingCommand query = RemotingCommand::CreateRequest(request_code::kQueryDataVersion);
    query.SetExtField("brokerName", "broker-a");
    query.SetExtField("brokerAddr", std::string(kBrokerAddr));
    query.SetExtField("clusterName", "DefaultCluster");
    query.SetExtField("brokerId", "0");
    RemotingCommand changed = query;
    query.set_body(R"({"counter":5,"timestamp":1700000000000})");
    f.now() = kT0 + 100'000;
    RemotingCommand same = f.Call(std::move(query));
    CHECK(same.code() == response_code::kSuccess);
    CHECK(*same.FindExtField("changed") == "false");
    CHECK(same.body() == R"({"counter":5,"timestamp":1700000000000})");
    CHECK(f.server().route_info().FindLiveBroker(kBrokerAddr)->last_update_timestamp == kT0 + 100'000);

    changed.set_body(R"({"counter":6,"timestamp":1700000000000})");
    CHECK(*f.Call(std::move(changed)).FindExtField("changed") == "true");
  }
  SECTION("wipe write permission") {
    RemotingCommand wipe = RemotingCommand::CreateRequest(request_code::kWipeWritePermOfBroker);
    wipe.SetExtField("brokerName", "broker-a");
    RemotingCommand response = f.Call(std::move(wipe));
    CHECK(response.code() == response_code::kSuccess);
    CHECK(*response.FindExtField("wipeTopicCount") == "2");
    absl::StatusOr<protocol::TopicRouteData> route =
        protocol::TopicRouteData::Decode(f.Call(f.RouteRequest("TopicTest")).body());
    REQUIRE(route.ok());
    CHECK(route->queue_datas.at(0).perm == 4);
  }
}

TEST_CASE("unknown codes, bad CRCs and bad bodies get clear answers", "[namesrv][e2e]") {
  Fixture f;
  SECTION("unknown request code: REQUEST_CODE_NOT_SUPPORTED") {
    RemotingCommand response = f.Call(RemotingCommand::CreateRequest(9999));
    CHECK(response.code() == response_code::kRequestCodeNotSupported);
    CHECK(response.remark() == " request type 9999 not supported");
    // A broker-only code is unknown here too.
    CHECK(f.Call(RemotingCommand::CreateRequest(request_code::kSendMessageV2)).code() ==
          response_code::kRequestCodeNotSupported);
  }
  SECTION("a body whose CRC does not match registers nothing") {
    RemotingCommand request = Fixture::JavaRegisterRequest(kJavaRegisterBody);
    request.SetExtField("bodyCrc32", "12345");
    RemotingCommand response = f.Call(std::move(request));
    CHECK(response.code() == response_code::kSystemError);
    CHECK(response.remark() == "crc32 not match");
    CHECK(f.server().route_info().LiveBrokerCount() == 0);
  }
  SECTION("bodyCrc32 0 skips the check (brokers before 4.9)") {
    RemotingCommand request = Fixture::JavaRegisterRequest(kJavaRegisterBody);
    request.SetExtField("bodyCrc32", "0");
    CHECK(f.Call(std::move(request)).code() == response_code::kSuccess);
  }
  SECTION("an undecodable body is SYSTEM_ERROR naming the problem") {
    RemotingCommand response = f.Call(Fixture::JavaRegisterRequest("{\"topicConfigSerializeWrapper\":["));
    CHECK(response.code() == response_code::kSystemError);
    REQUIRE(response.remark().has_value());
    CHECK(response.remark()->find("Failed to decode RegisterBrokerBody") != std::string::npos);
  }
  SECTION("a missing header field is SYSTEM_ERROR naming it") {
    RemotingCommand request = Fixture::JavaRegisterRequest(kJavaRegisterBody);
    request.RemoveExtField("brokerAddr");
    RemotingCommand response = f.Call(std::move(request));
    CHECK(response.code() == response_code::kSystemError);
    CHECK(response.remark() == "missing header field brokerAddr");
    CHECK(f.Call(RemotingCommand::CreateRequest(request_code::kGetRouteinfoByTopic)).remark() ==
          "missing header field topic");
  }
}

TEST_CASE("a compressed registration from a broker with compressedRegister=true", "[namesrv][e2e]") {
  Fixture f;
  absl::StatusOr<protocol::RegisterBrokerBody> body = protocol::RegisterBrokerBody::Decode(kJavaRegisterBody, false);
  REQUIRE(body.ok());
  RemotingCommand response = f.Call(Fixture::JavaRegisterRequest(body->Encode(/*compressed=*/true), true));
  CHECK(response.code() == response_code::kSuccess);
  CHECK(f.Call(f.RouteRequest("TopicTest")).body() == kStandardRoute);
}

TEST_CASE("a slave learns its master's addresses", "[namesrv][e2e]") {
  Fixture f;
  REQUIRE(f.Call(Fixture::JavaRegisterRequest(kJavaRegisterBody)).code() == response_code::kSuccess);
  RemotingCommand slave = f.Call(Fixture::JavaRegisterRequest(kJavaRegisterBody, false, 1, "127.0.0.1:10921"));
  CHECK(slave.code() == response_code::kSuccess);
  CHECK(*slave.FindExtField("masterAddr") == kBrokerAddr);
  CHECK(*slave.FindExtField("haServerAddr") == "127.0.0.1:10912");
  absl::StatusOr<protocol::RegisterBrokerResult> result = protocol::RegisterBrokerResult::FromResponse(slave);
  REQUIRE(result.ok());
  CHECK(result->master_addr == kBrokerAddr);
  CHECK(result->kv_table.table.empty());
}

TEST_CASE("brokers that stop heartbeating expire after 120 s", "[namesrv][e2e]") {
  Fixture f;
  // The broker has its own connection: expiry closes it, as RocketMQ does.
  RemotingClient broker;
  REQUIRE(broker.Start().ok());
  REQUIRE(f.Call(Fixture::JavaRegisterRequest(kJavaRegisterBody), &broker).code() == response_code::kSuccess);

  f.now() = kT0 + 90'000;  // a heartbeat at 90 s
  REQUIRE(f.Call(Fixture::JavaRegisterRequest(kJavaRegisterBody), &broker).code() == response_code::kSuccess);
  f.now() = kT0 + 200'000;
  CHECK(f.server().ScanNotActiveBrokers() == 0);  // 110 s since the last heartbeat
  CHECK(f.Call(f.RouteRequest("TopicTest")).code() == response_code::kSuccess);

  f.now() = kT0 + 90'000 + kBrokerChannelExpiredMillis + 1;
  CHECK(f.server().ScanNotActiveBrokers() == 1);
  CHECK(f.Call(f.RouteRequest("TopicTest")).code() == response_code::kTopicNotExist);
  CHECK(f.Call(RemotingCommand::CreateRequest(request_code::kGetBrokerClusterInfo)).body() ==
        R"({"brokerAddrTable":{},"clusterAddrTable":{}})");
  REQUIRE(f.closes().WaitFor(1));  // the expired broker's connection was closed

  // The broker comes back and is routed to again. Its client may not have seen the close yet: the first attempt
  // can fail on the dead connection, the next one reconnects.
  absl::StatusOr<RemotingCommand> again = absl::UnavailableError("not tried");
  for (int attempt = 0; attempt < 3 && !again.ok(); ++attempt) {
    again = broker.InvokeSync(f.addr(), Fixture::JavaRegisterRequest(kJavaRegisterBody), kTimeout);
  }
  REQUIRE(again.ok());
  CHECK(again->code() == response_code::kSuccess);
  CHECK(f.Call(f.RouteRequest("TopicTest")).code() == response_code::kSuccess);
  broker.Shutdown();
}

TEST_CASE("UNREGISTER_BROKER removes the broker", "[namesrv][e2e]") {
  Fixture f;
  REQUIRE(f.Call(Fixture::JavaRegisterRequest(kJavaRegisterBody)).code() == response_code::kSuccess);
  RemotingCommand unregister = RemotingCommand::CreateRequest(request_code::kUnregisterBroker);
  unregister.SetExtField("brokerName", "broker-a");
  unregister.SetExtField("brokerAddr", std::string(kBrokerAddr));
  unregister.SetExtField("clusterName", "DefaultCluster");
  unregister.SetExtField("brokerId", "0");
  CHECK(f.Call(std::move(unregister)).code() == response_code::kSuccess);
  CHECK(f.Call(f.RouteRequest("TopicTest")).code() == response_code::kTopicNotExist);
  CHECK(f.server().route_info().LiveBrokerCount() == 0);
}

TEST_CASE("a broker whose connection closes is dropped at once", "[namesrv][e2e]") {
  Fixture f;
  RemotingClient broker;
  REQUIRE(broker.Start().ok());
  REQUIRE(f.Call(Fixture::JavaRegisterRequest(kJavaRegisterBody), &broker).code() == response_code::kSuccess);
  CHECK(f.Call(f.RouteRequest("TopicTest")).code() == response_code::kSuccess);

  broker.Shutdown();  // the broker process goes away
  REQUIRE(f.closes().WaitFor(1));
  CHECK(f.server().route_info().LiveBrokerCount() == 0);
  CHECK(f.Call(f.RouteRequest("TopicTest")).code() == response_code::kTopicNotExist);
}

TEST_CASE("KV config over the wire, and ordered topics in registrations and routes", "[namesrv][e2e]") {
  Fixture f(/*order_message_enable=*/true);
  auto kv_request = [](int32_t code, std::string ns, std::string key) {
    RemotingCommand r = RemotingCommand::CreateRequest(code);
    r.SetExtField("namespace", std::move(ns));
    if (!key.empty()) r.SetExtField("key", std::move(key));
    return r;
  };
  RemotingCommand put = kv_request(request_code::kPutKvConfig, "ORDER_TOPIC_CONFIG", "TopicTest");
  put.SetExtField("value", "broker-a:4");
  CHECK(f.Call(std::move(put)).code() == response_code::kSuccess);

  RemotingCommand get = f.Call(kv_request(request_code::kGetKvConfig, "ORDER_TOPIC_CONFIG", "TopicTest"));
  CHECK(get.code() == response_code::kSuccess);
  CHECK(*get.FindExtField("value") == "broker-a:4");
  RemotingCommand missing = f.Call(kv_request(request_code::kGetKvConfig, "ORDER_TOPIC_CONFIG", "Other"));
  CHECK(missing.code() == response_code::kQueryNotFound);
  CHECK(missing.remark() == "No config item, Namespace: ORDER_TOPIC_CONFIG Key: Other");
  CHECK(f.Call(kv_request(request_code::kGetKvlistByNamespace, "ORDER_TOPIC_CONFIG", "")).body() ==
        R"({"table":{"TopicTest":"broker-a:4"}})");
  CHECK(f.Call(kv_request(request_code::kGetKvlistByNamespace, "nope", "")).code() == response_code::kQueryNotFound);
  RemotingCommand no_key = kv_request(request_code::kPutKvConfig, "ns", "");
  CHECK(f.Call(std::move(no_key)).remark() == "namespace or key is null");

  // The broker learns the ordered topics from its registration answer; clients get orderTopicConf.
  RemotingCommand registered = f.Call(Fixture::JavaRegisterRequest(kJavaRegisterBody));
  CHECK(registered.body() == R"({"table":{"TopicTest":"broker-a:4"}})");
  absl::StatusOr<protocol::RegisterBrokerResult> result = protocol::RegisterBrokerResult::FromResponse(registered);
  REQUIRE(result.ok());
  CHECK(result->kv_table.table.at("TopicTest") == "broker-a:4");
  CHECK_FALSE(result->master_addr.has_value());
  absl::StatusOr<protocol::TopicRouteData> route =
      protocol::TopicRouteData::Decode(f.Call(f.RouteRequest("TopicTest")).body());
  REQUIRE(route.ok());
  CHECK(route->order_topic_conf == "broker-a:4");

  CHECK(f.Call(kv_request(request_code::kDeleteKvConfig, "ORDER_TOPIC_CONFIG", "TopicTest")).code() ==
        response_code::kSuccess);
  CHECK(f.Call(kv_request(request_code::kGetKvConfig, "ORDER_TOPIC_CONFIG", "TopicTest")).code() ==
        response_code::kQueryNotFound);
}

TEST_CASE("name server config over the wire", "[namesrv][e2e]") {
  Fixture f;
  RemotingCommand get = f.Call(RemotingCommand::CreateRequest(request_code::kGetNamesrvConfig));
  CHECK(get.body().find("orderMessageEnable=false\n") != std::string::npos);

  RemotingCommand update = RemotingCommand::CreateRequest(request_code::kUpdateNamesrvConfig);
  update.set_body("orderMessageEnable=true\n");
  CHECK(f.Call(std::move(update)).code() == response_code::kSuccess);
  CHECK(f.server().config().order_message_enable);

  RemotingCommand path = RemotingCommand::CreateRequest(request_code::kUpdateNamesrvConfig);
  path.set_body("kvConfigPath=/etc/passwd\n");
  RemotingCommand refused = f.Call(std::move(path));
  CHECK(refused.code() == response_code::kNoPermission);
  CHECK(refused.remark() == "Can not update config path");
}

TEST_CASE("a started name server cannot be started again, and a busy port is reported", "[namesrv]") {
  Fixture f;
  CHECK(f.server().Start().code() == absl::StatusCode::kFailedPrecondition);
  spool::testing::TempDir dir;
  NameServerOptions options;
  options.config = DefaultNamesrvConfig();
  options.config.listen_port = f.server().port();
  options.config.kv_config_path = dir.Sub("kv.json");
  options.listen_host = "127.0.0.1";
  NameServer second(std::move(options));
  CHECK(second.Start().code() == absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace spool::namesrv
