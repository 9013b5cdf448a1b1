// File: spool/broker/broker_config.h
// BrokerConfig: the broker's settings under their RocketMQ 4.9.7 property names (BrokerConfig, the
// NettyServerConfig keys and, in `store`, every MessageStoreConfig key; spec config.md §4-§6), as
// `mqbroker -c broker.properties` reads them.
//
//   BrokerConfig config = DefaultBrokerConfig();          // listenPort 10911, brokerIP1 = a local address
//   std::vector<std::string> unknown;
//   SPOOL_RETURN_IF_ERROR(ApplyBrokerProperties(props, &config, &unknown));
//   std::cout << DescribeBrokerConfig(config);            // key=value lines, as `mqbroker -p`
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "spool/store/options.h"

namespace spool::broker {

struct BrokerConfig {
  // --- Identity and name server ---
  // rocketmqHome: env ROCKETMQ_HOME. Informational.
  std::string rocketmq_home;
  // namesrvAddr: `;`-separated "host:port" list; env NAMESRV_ADDR. Empty: no registration.
  std::string namesrv_addr;
  // brokerClusterName: DefaultCluster (also a topic).
  std::string broker_cluster_name = "DefaultCluster";
  // brokerName: the local host name (also a topic).
  std::string broker_name;
  // brokerId: 0 = master.
  int64_t broker_id = 0;
  // brokerIP1: the advertised address (a local IPv4 by RocketMQ's rule). Store host of every record.
  std::string broker_ip1;
  // brokerIP2: the HA address registered with the name server; default brokerIP1.
  std::string broker_ip2;
  // brokerPermission: 6 (read + write) for the whole broker.
  int32_t broker_permission = 6;
  // registerNameServerPeriod (ms): 30000, clamped to [10000, 60000].
  int32_t register_name_server_period = 30000;
  // registerBrokerTimeoutMills: 6000.
  int32_t register_broker_timeout_mills = 6000;
  // compressedRegister: false.
  bool compressed_register = false;
  // regionId: DefaultRegion (MSG_REGION of send answers).
  std::string region_id = "DefaultRegion";

  // --- Topics, groups, features ---
  bool auto_create_topic_enable = true;         // autoCreateTopicEnable
  int32_t default_topic_queue_nums = 8;         // defaultTopicQueueNums (TBW102's queues)
  bool cluster_topic_enable = true;             // clusterTopicEnable
  bool broker_topic_enable = true;              // brokerTopicEnable
  bool auto_create_subscription_group = true;   // autoCreateSubscriptionGroup
  bool trace_topic_enable = false;              // traceTopicEnable
  std::string msg_trace_topic_name = "RMQ_SYS_TRACE_TOPIC";  // msgTraceTopicName
  bool trace_on = true;                         // traceOn (TRACE_ON of send answers)
  bool enable_property_filter = false;          // enablePropertyFilter (SQL92)
  bool reject_transaction_message = false;      // rejectTransactionMessage

  // --- Consumption ---
  bool long_polling_enable = true;                // longPollingEnable
  int64_t short_polling_time_mills = 1000;        // shortPollingTimeMills
  bool slave_read_enable = false;                 // slaveReadEnable
  bool notify_consumer_ids_changed_enable = true; // notifyConsumerIdsChangedEnable
  int32_t flush_consumer_offset_interval = 5000;  // flushConsumerOffsetInterval (ms)
  int64_t start_accept_send_request_time_stamp = 0;  // startAcceptSendRequestTimeStamp

  // --- Thread pools (RocketMQ's defaults computed from the CPU count) ---
  int32_t send_message_thread_pool_nums = 4;      // sendMessageThreadPoolNums: min(cpus, 4)
  int32_t pull_message_thread_pool_nums = 20;     // pullMessageThreadPoolNums: 16 + 2 * cpus
  int32_t query_message_thread_pool_nums = 10;    // queryMessageThreadPoolNums: 8 + cpus
  int32_t admin_broker_thread_pool_nums = 16;     // adminBrokerThreadPoolNums
  int32_t client_manage_thread_pool_nums = 32;    // clientManageThreadPoolNums
  int32_t consumer_manage_thread_pool_nums = 32;  // consumerManageThreadPoolNums
  int32_t heartbeat_thread_pool_nums = 2;         // heartbeatThreadPoolNums: min(32, cpus)
  int32_t send_thread_pool_queue_capacity = 10000;               // sendThreadPoolQueueCapacity
  int32_t pull_thread_pool_queue_capacity = 100000;              // pullThreadPoolQueueCapacity
  int32_t query_thread_pool_queue_capacity = 20000;              // queryThreadPoolQueueCapacity
  int32_t client_manager_thread_pool_queue_capacity = 1000000;   // clientManagerThreadPoolQueueCapacity
  int32_t consumer_manager_thread_pool_queue_capacity = 1000000; // consumerManagerThreadPoolQueueCapacity
  int32_t heartbeat_thread_pool_queue_capacity = 50000;          // heartbeatThreadPoolQueueCapacity

  // --- NettyServerConfig ---
  int32_t listen_port = 10911;                        // listenPort; 0 picks a free port
  int32_t server_selector_threads = 3;                // serverSelectorThreads
  int32_t server_channel_max_idle_time_seconds = 120; // serverChannelMaxIdleTimeSeconds

  // --- MessageStoreConfig (storePathRootDir, flushDiskType, brokerRole, ...) ---
  store::StoreOptions store;
};

// RocketMQ's defaults: brokerName = host name, brokerIP1/2 = a local address, storePathRootDir = ~/store,
// rocketmqHome/namesrvAddr from the environment, thread pools sized from the CPU count.
BrokerConfig DefaultBrokerConfig();

// Applies the known broker, remoting and store keys. Unknown keys are ignored (as MixAll.properties2Object does)
// and listed in `unknown_keys`; a known key with an unparsable value is kInvalidArgument naming the key. Keys
// RocketMQ accepts that Spool does not use count as known.
absl::Status ApplyBrokerProperties(const std::map<std::string, std::string>& props, BrokerConfig* config,
                                   std::vector<std::string>* unknown_keys = nullptr);

// Every key as "key=value\n": broker keys, then remoting, then store (what `mqbroker -p` prints and
// GET_BROKER_CONFIG returns).
std::string DescribeBrokerConfig(const BrokerConfig& config);

// Checks ranges (brokerPermission, ports, queue numbers); the message names the key.
absl::Status ValidateBrokerConfig(const BrokerConfig& config);

}  // namespace spool::broker
