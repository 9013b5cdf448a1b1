// mqadmin end to end: bin/mqadmin run as a child process against an in-process name server and broker on
// 127.0.0.1 (ports picked at run time, temp stores); each test checks the exit code and what the tool prints,
// which follows RocketMQ 4.9.7's tools (spec clients.md §6).
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "server_process.h"
#include "spool/broker/broker.h"
#include "spool/namesrv/name_server.h"
#include "spool/protocol/broker_headers.h"
#include "spool/protocol/message_id.h"
#include "spool/remoting/remoting_client.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "temp_dir.h"

namespace spool::testing {
namespace {

struct AdminRun {
  int exit_code = -1;
  // stdout and stderr, interleaved.
  std::string output;
};

// Runs bin/mqadmin with `args` and waits for it (at most 60 s: each of its calls times out after 5 s).
AdminRun RunAdmin(const TempDir& dir, const std::vector<std::string>& args) {
  static int counter = 0;
  const std::string log = dir.Sub("mqadmin-" + std::to_string(++counter) + ".log");
  std::vector<std::string> argv = {std::string(SPOOL_BIN_DIR) + "/mqadmin"};
  argv.insert(argv.end(), args.begin(), args.end());
  ServerProcess p;
  const std::string err = p.Start(argv, log);
  REQUIRE(err.empty());
  const int status = p.Wait(std::chrono::seconds(60));
  AdminRun run;
  run.output = ReadFileOrEmpty(log);
  if (status != -1 && WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  INFO("mqadmin " << absl::StrJoin(args, " ") << "\n" << run.output);
  // SPOOL_TEST_VERBOSE=1 shows every run, to eyeball the output against RocketMQ's.
  if (std::getenv("SPOOL_TEST_VERBOSE") != nullptr) {
    std::fprintf(stderr, "$ mqadmin %s  [exit %d]\n%s\n", absl::StrJoin(args, " ").c_str(), run.exit_code,
                 run.output.c_str());
  }
  REQUIRE(status != -1);
  return run;
}

// A name server and one broker ("broker-a" of DefaultCluster), both in-process.
class AdminCluster {
 public:
  AdminCluster() {
    namesrv::NameServerOptions ns;
    ns.config.listen_port = 0;
    ns.config.kv_config_path = dir_.Sub("namesrv/kvConfig.json");
    ns.listen_host = "127.0.0.1";
    namesrv_ = std::make_unique<namesrv::NameServer>(std::move(ns));
    REQUIRE(namesrv_->Start().ok());

    broker::BrokerOptions options;
    broker::BrokerConfig& c = options.config;
    c = broker::DefaultBrokerConfig();
    c.listen_port = 0;
    c.broker_ip1 = "127.0.0.1";
    c.broker_ip2 = "127.0.0.1";
    c.broker_name = "broker-a";
    c.namesrv_addr = namesrv_addr();
    c.store.store_path_root_dir = dir_.Sub("store");
    c.store.mapped_file_size_commit_log = 4 << 20;
    c.store.mapped_file_size_consume_queue = 20 * 1000;
    c.store.max_index_num = 1000;
    c.store.max_hash_slot_num = 100;
    options.listen_host = "127.0.0.1";
    broker_ = std::make_unique<broker::Broker>(std::move(options));
    const absl::Status s = broker_->Start();
    INFO(s.ToString());
    REQUIRE(s.ok());
  }
  ~AdminCluster() {
    broker_->Shutdown();
    namesrv_->Shutdown();
  }

  std::string namesrv_addr() const { return "127.0.0.1:" + std::to_string(namesrv_->port()); }
  broker::Broker& broker() { return *broker_; }
  const TempDir& dir() const { return dir_; }

  AdminRun Run(std::vector<std::string> args) {
    args.push_back("-n");
    args.push_back(namesrv_addr());
    return RunAdmin(dir_, args);
  }

 private:
  TempDir dir_;
  std::unique_ptr<namesrv::NameServer> namesrv_;
  std::unique_ptr<broker::Broker> broker_;
};

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The value after `marker` up to the next space or comma.
std::string ValueAfter(const std::string& text, const std::string& marker) {
  const size_t at = text.find(marker);
  if (at == std::string::npos) return "";
  const size_t start = at + marker.size();
  const size_t end = text.find_first_of(" ,\n", start);
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

TEST_CASE("mqadmin without a command lists the commands", "[mqadmin]") {
  TempDir dir;
  AdminRun run = RunAdmin(dir, {});
  CHECK(run.exit_code == 0);
  CHECK(Contains(run.output, "The most commonly used mqadmin commands are:"));
  for (const char* cmd : {"updateTopic", "deleteTopic", "topicList", "topicRoute", "topicStatus", "clusterList",
                          "brokerStatus", "consumerProgress", "queryMsgById", "queryMsgByKey", "sendMessage",
                          "consumeMessage"}) {
    CHECK(Contains(run.output, cmd));
  }
}

TEST_CASE("mqadmin refuses bad command lines with a message and a non-zero exit", "[mqadmin]") {
  TempDir dir;
  AdminRun missing = RunAdmin(dir, {"topicRoute", "-n", "127.0.0.1:9"});
  CHECK(missing.exit_code == 2);
  CHECK(Contains(missing.output, "--topic is required"));

  AdminRun unknown = RunAdmin(dir, {"noSuchCommand"});
  CHECK(unknown.exit_code == 2);
  CHECK(Contains(unknown.output, "The sub command noSuchCommand not exist."));

  AdminRun stray = RunAdmin(dir, {"topicList", "-n", "127.0.0.1:9", "--bogus"});
  CHECK(stray.exit_code == 2);

  AdminRun bad_number = RunAdmin(dir, {"updateTopic", "-n", "127.0.0.1:9", "-t", "T", "-b", "127.0.0.1:9", "-r", "x"});
  CHECK(bad_number.exit_code == 1);
  CHECK(Contains(bad_number.output, "'x' is not an integer"));
}

TEST_CASE("mqadmin reports an unreachable name server", "[mqadmin]") {
  TempDir dir;
  const int port = FreePort();
  REQUIRE(port > 0);
  AdminRun run = RunAdmin(dir, {"topicList", "-n", "127.0.0.1:" + std::to_string(port)});
  CHECK(run.exit_code == 1);
  CHECK(Contains(run.output, "connect to name server <127.0.0.1:" + std::to_string(port) + "> failed"));
}

TEST_CASE("mqadmin creates a topic and shows it in clusterList topicRoute topicList topicStatus", "[mqadmin]") {
  AdminCluster cluster;
  const std::string broker_addr = cluster.broker().broker_addr();

  AdminRun list = cluster.Run({"clusterList"});
  CHECK(list.exit_code == 0);
  CHECK(Contains(list.output, "#Cluster Name"));
  CHECK(Contains(list.output, "DefaultCluster"));
  CHECK(Contains(list.output, "broker-a"));
  CHECK(Contains(list.output, broker_addr));

  AdminRun created = cluster.Run({"updateTopic", "-c", "DefaultCluster", "-t", "AdminTopic", "-r", "4", "-w", "4"});
  REQUIRE(created.exit_code == 0);
  CHECK(Contains(created.output, "create topic to " + broker_addr + " success."));
  CHECK(Contains(created.output, "TopicConfig [topicName=AdminTopic, readQueueNums=4, writeQueueNums=4, perm=RW-"));
  // The broker registers the new topic itself; registering again here makes the route's arrival deterministic.
  REQUIRE(cluster.broker().RegisterBrokerAll().ok());

  AdminRun route = cluster.Run({"topicRoute", "-t", "AdminTopic"});
  CHECK(route.exit_code == 0);
  CHECK(Contains(route.output, "\"brokerAddrs\":{0:\"" + broker_addr + "\""));
  CHECK(Contains(route.output, "\t\t\t\"brokerName\":\"broker-a\""));
  CHECK(Contains(route.output, "\"readQueueNums\":4"));

  AdminRun route_list = cluster.Run({"topicRoute", "-t", "AdminTopic", "-l"});
  CHECK(route_list.exit_code == 0);
  CHECK(Contains(route_list.output, "#ClusterName"));
  CHECK(Contains(route_list.output, "{0=" + broker_addr + "}"));

  AdminRun topics = cluster.Run({"topicList"});
  CHECK(topics.exit_code == 0);
  CHECK(Contains(topics.output, "AdminTopic\n"));

  AdminRun status = cluster.Run({"topicStatus", "-t", "AdminTopic"});
  CHECK(status.exit_code == 0);
  CHECK(Contains(status.output, "#Broker Name"));
  CHECK(Contains(status.output, "#Min Offset"));
  int queue_lines = 0;
  for (absl::string_view line : absl::StrSplit(status.output, '\n')) {
    if (absl::StartsWith(line, "broker-a")) ++queue_lines;
  }
  CHECK(queue_lines == 4);

  AdminRun unknown = cluster.Run({"topicRoute", "-t", "NoSuchTopic"});
  CHECK(unknown.exit_code == 1);
  CHECK(Contains(unknown.output, "CODE: 17"));
  CHECK(Contains(unknown.output, "No topic route info in name server for the topic: NoSuchTopic"));

  AdminRun no_cluster = cluster.Run({"updateTopic", "-c", "NoSuchCluster", "-t", "AdminTopic"});
  CHECK(no_cluster.exit_code == 1);
  CHECK(Contains(no_cluster.output, "Make sure the specified clusterName exists"));
}

TEST_CASE("mqadmin sends a message that queryMsgByKey consumeMessage queryMsgById find then deleteTopic", "[mqadmin]") {
  AdminCluster cluster;
  const std::string broker_addr = cluster.broker().broker_addr();
  REQUIRE(cluster.Run({"updateTopic", "-b", broker_addr, "-t", "MsgTopic", "-r", "2", "-w", "2"}).exit_code == 0);
  REQUIRE(cluster.broker().RegisterBrokerAll().ok());

  AdminRun sent = cluster.Run({"sendMessage", "-t", "MsgTopic", "-p", "hello admin", "-k", "order-42", "-c", "TagA"});
  REQUIRE(sent.exit_code == 0);
  CHECK(Contains(sent.output, "#Send Result"));
  CHECK(Contains(sent.output, "SEND_OK"));
  // The last word of the result line is the client msgId (UNIQ_KEY).
  std::vector<std::string> words = absl::StrSplit(sent.output, absl::ByAnyChar(" \n"), absl::SkipEmpty());
  REQUIRE_FALSE(words.empty());
  const std::string uniq_key = words.back();
  CHECK(uniq_key.size() == 32);

  AdminRun by_key = cluster.Run({"queryMsgByKey", "-t", "MsgTopic", "-k", "order-42"});
  CHECK(by_key.exit_code == 0);
  CHECK(Contains(by_key.output, "#Message ID"));
  CHECK(Contains(by_key.output, uniq_key));

  AdminRun no_key = cluster.Run({"queryMsgByKey", "-t", "MsgTopic", "-k", "no-such-key"});
  CHECK(no_key.exit_code == 1);
  CHECK(Contains(no_key.output, "no message"));

  AdminRun consumed = cluster.Run({"consumeMessage", "-t", "MsgTopic"});
  CHECK(consumed.exit_code == 0);
  CHECK(Contains(consumed.output, "Consume ok"));
  CHECK(Contains(consumed.output, "MSGID: " + uniq_key));
  CHECK(Contains(consumed.output, "BODY: hello admin"));
  const std::string offset_msg_id = ValueAfter(consumed.output, "msgId=");
  REQUIRE(offset_msg_id.size() == 32);
  auto decoded = protocol::DecodeOffsetMessageId(offset_msg_id);
  REQUIRE(decoded.ok());
  CHECK(decoded->Address() == broker_addr);

  AdminRun by_id = cluster.Run({"queryMsgById", "-i", offset_msg_id});
  CHECK(by_id.exit_code == 0);
  CHECK(Contains(by_id.output, "OffsetID:            " + offset_msg_id));
  CHECK(Contains(by_id.output, "Topic:               MsgTopic"));
  CHECK(Contains(by_id.output, "Tags:                [TagA]"));
  CHECK(Contains(by_id.output, "Keys:                [order-42]"));
  CHECK(Contains(by_id.output, "Store Host:          " + broker_addr));

  AdminRun by_uniq = cluster.Run({"queryMsgById", "-i", uniq_key, "-t", "MsgTopic"});
  CHECK(by_uniq.exit_code == 0);
  CHECK(Contains(by_uniq.output, "OffsetID:            " + offset_msg_id));

  // An offsetMsgId pointing past the end of the commit log.
  auto missing_id = protocol::EncodeOffsetMessageId(broker_addr, int64_t{1} << 40);
  REQUIRE(missing_id.ok());
  AdminRun missing = cluster.Run({"queryMsgById", "-i", *missing_id});
  CHECK(missing.exit_code == 1);
  CHECK(Contains(missing.output, "not found"));

  AdminRun deleted = cluster.Run({"deleteTopic", "-t", "MsgTopic", "-c", "DefaultCluster"});
  CHECK(deleted.exit_code == 0);
  CHECK(Contains(deleted.output, "delete topic [MsgTopic] from cluster [DefaultCluster] success."));
  CHECK(Contains(deleted.output, "delete topic [MsgTopic] from NameServer success."));
  AdminRun gone = cluster.Run({"topicRoute", "-t", "MsgTopic"});
  CHECK(gone.exit_code == 1);
  CHECK(Contains(gone.output, "No topic route info"));
  AdminRun listed = cluster.Run({"topicList"});
  CHECK_FALSE(Contains(listed.output, "MsgTopic\n"));
}

TEST_CASE("mqadmin brokerStatus and consumerProgress", "[mqadmin]") {
  AdminCluster cluster;
  const std::string broker_addr = cluster.broker().broker_addr();

  AdminRun status = cluster.Run({"brokerStatus", "-b", broker_addr});
  CHECK(status.exit_code == 0);
  CHECK(Contains(status.output, "brokerVersionDesc"));
  AdminRun status_c = cluster.Run({"brokerStatus", "-c", "DefaultCluster"});
  CHECK(status_c.exit_code == 0);
  CHECK(Contains(status_c.output, broker_addr));
  AdminRun status_none = cluster.Run({"brokerStatus"});
  CHECK(status_none.exit_code == 1);

  REQUIRE(cluster.Run({"updateTopic", "-b", broker_addr, "-t", "ProgressTopic", "-r", "2", "-w", "2"}).exit_code == 0);
  REQUIRE(cluster.Run({"sendMessage", "-t", "ProgressTopic", "-p", "m1", "-b", "broker-a", "-i", "0"}).exit_code == 0);
  REQUIRE(cluster.Run({"sendMessage", "-t", "ProgressTopic", "-p", "m2", "-b", "broker-a", "-i", "0"}).exit_code == 0);
  // Pulling as group G makes the broker create %RETRY%G, the topic mqadmin finds the group's brokers by.
  REQUIRE(cluster.Run({"consumeMessage", "-t", "ProgressTopic", "-g", "G"}).exit_code == 0);
  remoting::RemotingClient client;
  REQUIRE(client.Start().ok());
  remoting::RemotingCommand commit = remoting::RemotingCommand::CreateRequest(remoting::request_code::kUpdateConsumerOffset);
  protocol::EncodeHeader(
      protocol::UpdateConsumerOffsetRequestHeader{.consumer_group = "G", .topic = "ProgressTopic", .queue_id = 0,
                                                  .commit_offset = 1},
      &commit);
  auto committed = client.InvokeSync(broker_addr, commit, absl::Seconds(5));
  REQUIRE(committed.ok());
  REQUIRE(committed->code() == remoting::response_code::kSuccess);
  client.Shutdown();
  REQUIRE(cluster.broker().RegisterBrokerAll().ok());

  AdminRun progress = cluster.Run({"consumerProgress", "-g", "G"});
  CHECK(progress.exit_code == 0);
  CHECK(Contains(progress.output, "#Consumer Offset"));
  CHECK(Contains(progress.output, "ProgressTopic"));
  CHECK(Contains(progress.output, "Diff Total: 1"));

  AdminRun unknown_group = cluster.Run({"consumerProgress", "-g", "NoSuchGroup"});
  CHECK(unknown_group.exit_code == 1);
  CHECK(Contains(unknown_group.output, "CODE: 17"));

  AdminRun all_groups = cluster.Run({"consumerProgress"});
  CHECK(all_groups.exit_code == 0);
  CHECK(Contains(all_groups.output, "#Group"));
}

}  // namespace
}  // namespace spool::testing
