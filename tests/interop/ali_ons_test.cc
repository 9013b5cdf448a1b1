// Interop with a stock RocketMQ client: the npm package ali-ons (installed by the CTest fixture
// interop.ali_ons.npm_install) produces and consumes through the real mqnamesrv and mqbroker executables.
// What the client does is in ali_ons/interop.js; this test runs the servers around it.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "server_process.h"
#include "spool/remoting/remoting_client.h"
#include "spool/remoting/remoting_command.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "temp_dir.h"

namespace {

using spool::remoting::RemotingClient;
using spool::remoting::RemotingCommand;
using spool::testing::ServerProcess;
using spool::testing::TempDir;

constexpr char kTopic[] = "InteropTopic";
constexpr int kQueues = 4;

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

// UPDATE_AND_CREATE_TOPIC, as `mqadmin updateTopic -b` sends it: ali-ons cannot auto-create topics.
void CreateTopic(RemotingClient& client, const std::string& broker) {
  RemotingCommand request = RemotingCommand::CreateRequest(spool::remoting::request_code::kUpdateAndCreateTopic);
  request.SetExtField("topic", kTopic);
  request.SetExtField("defaultTopic", "TBW102");
  request.SetExtField("readQueueNums", std::to_string(kQueues));
  request.SetExtField("writeQueueNums", std::to_string(kQueues));
  request.SetExtField("perm", "6");
  request.SetExtField("topicFilterType", "SINGLE_TAG");
  request.SetExtField("topicSysFlag", "0");
  request.SetExtField("order", "false");
  absl::StatusOr<RemotingCommand> response = client.InvokeSync(broker, std::move(request), absl::Seconds(5));
  REQUIRE(response.ok());
  INFO("remark: " << response->remark().value_or(""));
  REQUIRE(response->code() == spool::remoting::response_code::kSuccess);
}

// The broker registers a new topic with the name server at once (registerIncrementBrokerData); wait for it.
bool WaitForRoute(RemotingClient& client, const std::string& namesrv) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(40);
  while (std::chrono::steady_clock::now() < deadline) {
    RemotingCommand request = RemotingCommand::CreateRequest(spool::remoting::request_code::kGetRouteinfoByTopic);
    request.SetExtField("topic", kTopic);
    absl::StatusOr<RemotingCommand> response = client.InvokeSync(namesrv, std::move(request), absl::Seconds(3));
    if (response.ok() && response->code() == spool::remoting::response_code::kSuccess) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

// Prints the servers' and the client's output when the test is failing (a REQUIRE throws through it).
class LogsOnFailure {
 public:
  explicit LogsOnFailure(std::vector<std::pair<std::string, const ServerProcess*>> processes)
      : processes_(std::move(processes)) {}
  ~LogsOnFailure() {
    if (std::uncaught_exceptions() == 0) return;
    for (const auto& [name, process] : processes_) {
      std::fprintf(stderr, "----- %s -----\n%s\n", name.c_str(), process->log().c_str());
    }
  }

 private:
  std::vector<std::pair<std::string, const ServerProcess*>> processes_;
};

}  // namespace

TEST_CASE("ali-ons produces and consumes through mqnamesrv and mqbroker: tags, keys, clustering, resume",
          "[interop]") {
  TempDir dir;
  const int namesrv_port = spool::testing::FreePort();
  const int broker_port = spool::testing::FreePort({-2, 1});
  REQUIRE(namesrv_port > 0);
  REQUIRE(broker_port > 0);
  const std::string namesrv = "127.0.0.1:" + std::to_string(namesrv_port);
  const std::string broker = "127.0.0.1:" + std::to_string(broker_port);

  WriteFile(dir.Sub("namesrv.properties"),
            "listenPort=" + std::to_string(namesrv_port) + "\nkvConfigPath=" + dir.Sub("kvConfig.json") + "\n");
  WriteFile(dir.Sub("broker.properties"),
            "brokerClusterName=InteropCluster\nbrokerName=interop-broker-a\nbrokerId=0\nbrokerIP1=127.0.0.1\n"
            "listenPort=" + std::to_string(broker_port) + "\nnamesrvAddr=" + namesrv + "\n" +
            "storePathRootDir=" + dir.Sub("store") + "\nflushDiskType=ASYNC_FLUSH\n"
            "mappedFileSizeCommitLog=16777216\nmappedFileSizeConsumeQueue=60000\n");

  ServerProcess namesrv_process;
  ServerProcess broker_process;
  ServerProcess node;
  LogsOnFailure logs({{"mqnamesrv", &namesrv_process}, {"mqbroker", &broker_process}, {"ali-ons", &node}});
  REQUIRE(namesrv_process.Start({SPOOL_BIN_DIR "/mqnamesrv", "-c", dir.Sub("namesrv.properties")},
                                dir.Sub("namesrv.log")) == "");
  REQUIRE(spool::testing::WaitForListener(namesrv_port, std::chrono::seconds(20)));

  REQUIRE(broker_process.Start({SPOOL_BIN_DIR "/mqbroker", "-c", dir.Sub("broker.properties")}, dir.Sub("broker.log")) ==
          "");
  REQUIRE(spool::testing::WaitForListener(broker_port, std::chrono::seconds(30)));

  RemotingClient client;
  REQUIRE(client.Start().ok());
  CreateTopic(client, broker);
  REQUIRE(WaitForRoute(client, namesrv));

  const std::string script = std::string(SPOOL_INTEROP_DIR) + "/interop.js";
  REQUIRE(node.Start({"node", script, namesrv, kTopic, "GID_SPOOL_INTEROP", std::to_string(kQueues)},
                     dir.Sub("node.log"), SPOOL_INTEROP_DIR) == "");
  const int status = node.Wait(std::chrono::seconds(150));
  REQUIRE(status != -1);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  CHECK(node.log().find("\"ok\":true") != std::string::npos);
  std::printf("ali-ons transcript:\n%s", node.log().c_str());

  // Both servers shut down cleanly on SIGTERM.
  CHECK(broker_process.Stop() == 0);
  CHECK(namesrv_process.Stop() == 0);
}
