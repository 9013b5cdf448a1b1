// File: spool/namesrv/namesrv_config.h
// NamesrvConfig: the name server's settings under their RocketMQ 4.9.7 property names (NamesrvConfig plus the
// NettyServerConfig keys, spec config.md §6-§7), as `mqnamesrv -c namesrv.properties` reads them.
//
//   NamesrvConfig config = DefaultNamesrvConfig();           // listenPort 9876, ~/namesrv/kvConfig.json
//   std::vector<std::string> unknown;
//   SPOOL_RETURN_IF_ERROR(ApplyNamesrvProperties(props, &config, &unknown));
//   std::cout << DescribeNamesrvConfig(config);              // key=value lines, as `mqnamesrv -p`
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace spool::namesrv {

struct NamesrvConfig {
  // --- NamesrvConfig ---
  // rocketmqHome: env ROCKETMQ_HOME. Only informational here (RocketMQ finds its logback config there).
  std::string rocketmq_home;
  // kvConfigPath: ${HOME}/namesrv/kvConfig.json. Where the KV config is persisted.
  std::string kv_config_path;
  // configStorePath: ${HOME}/namesrv/namesrv.properties (mqnamesrv -c sets it to the file). Where
  // UPDATE_NAMESRV_CONFIG persists the whole config; empty: not persisted.
  std::string config_store_path;
  // productEnvName: "center". Only reported.
  std::string product_env_name = "center";
  // clusterTest: false. Accepted and reported; the ClusterTestRequestProcessor it selects in RocketMQ is not
  // implemented (routes come only from this name server).
  bool cluster_test = false;
  // orderMessageEnable: false. When true, route answers carry orderTopicConf from KV namespace ORDER_TOPIC_CONFIG.
  bool order_message_enable = false;

  // --- NettyServerConfig ---
  // listenPort: 9876 for the name server (NettyServerConfig's own default is 8888). 0 picks a free port.
  int32_t listen_port = 9876;
  // serverWorkerThreads: 8. Threads running requests.
  int32_t server_worker_threads = 8;
  // serverCallbackExecutorThreads: 0 (= 4).
  int32_t server_callback_executor_threads = 0;
  // serverSelectorThreads: 3. I/O threads.
  int32_t server_selector_threads = 3;
  // serverOnewaySemaphoreValue: 256. Accepted, not used (a name server never sends requests).
  int32_t server_oneway_semaphore_value = 256;
  // serverAsyncSemaphoreValue: 64.
  int32_t server_async_semaphore_value = 64;
  // serverChannelMaxIdleTimeSeconds: 120. Idle connections are closed (and a broker on one is dropped).
  int32_t server_channel_max_idle_time_seconds = 120;
  // serverSocketBacklog: 1024.
  int32_t server_socket_backlog = 1024;

  friend bool operator==(const NamesrvConfig& a, const NamesrvConfig& b) = default;
};

// The defaults, with rocketmqHome from $ROCKETMQ_HOME and the two paths under $HOME (as Java's user.home).
NamesrvConfig DefaultNamesrvConfig();

// Applies the known keys of a parsed properties file. Unknown keys are ignored as RocketMQ's
// MixAll.properties2Object ignores them, and listed in `unknown_keys` if given (mqnamesrv warns about them). A
// known key with an unparsable value is kInvalidArgument naming the key (RocketMQ silently keeps the default, which
// hides typos). Keys RocketMQ accepts but Spool does not use (serverSocketSndBufSize, useEpollNativeSelector, ...)
// count as known.
absl::Status ApplyNamesrvProperties(const std::map<std::string, std::string>& props, NamesrvConfig* config,
                                    std::vector<std::string>* unknown_keys = nullptr);

// Every key as "key=value\n", NamesrvConfig keys first, in a fixed order (what `mqnamesrv -p` prints and
// GET_NAMESRV_CONFIG returns).
std::string DescribeNamesrvConfig(const NamesrvConfig& config);

}  // namespace spool::namesrv
