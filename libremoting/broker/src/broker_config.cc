#include "spool/broker/broker_config.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <thread>
#include <variant>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace spool::broker {

namespace {

using FieldPtr = std::variant<std::string*, int32_t*, int64_t*, bool*>;

struct Field {
  const char* key;
  FieldPtr ptr;
};

std::vector<Field> BrokerFields(BrokerConfig* c) {
  return {
      {"rocketmqHome", &c->rocketmq_home},
      {"namesrvAddr", &c->namesrv_addr},
      {"brokerClusterName", &c->broker_cluster_name},
      {"brokerName", &c->broker_name},
      {"brokerId", &c->broker_id},
      {"brokerIP1", &c->broker_ip1},
      {"brokerIP2", &c->broker_ip2},
      {"brokerPermission", &c->broker_permission},
      {"registerNameServerPeriod", &c->register_name_server_period},
      {"registerBrokerTimeoutMills", &c->register_broker_timeout_mills},
      {"compressedRegister", &c->compressed_register},
      {"regionId", &c->region_id},
      {"autoCreateTopicEnable", &c->auto_create_topic_enable},
      {"defaultTopicQueueNums", &c->default_topic_queue_nums},
      {"clusterTopicEnable", &c->cluster_topic_enable},
      {"brokerTopicEnable", &c->broker_topic_enable},
      {"autoCreateSubscriptionGroup", &c->auto_create_subscription_group},
      {"traceTopicEnable", &c->trace_topic_enable},
      {"msgTraceTopicName", &c->msg_trace_topic_name},
      {"traceOn", &c->trace_on},
      {"enablePropertyFilter", &c->enable_property_filter},
      {"rejectTransactionMessage", &c->reject_transaction_message},
      {"longPollingEnable", &c->long_polling_enable},
      {"shortPollingTimeMills", &c->short_polling_time_mills},
      {"slaveReadEnable", &c->slave_read_enable},
      {"notifyConsumerIdsChangedEnable", &c->notify_consumer_ids_changed_enable},
      {"flushConsumerOffsetInterval", &c->flush_consumer_offset_interval},
      {"startAcceptSendRequestTimeStamp", &c->start_accept_send_request_time_stamp},
      {"sendMessageThreadPoolNums", &c->send_message_thread_pool_nums},
      {"pullMessageThreadPoolNums", &c->pull_message_thread_pool_nums},
      {"queryMessageThreadPoolNums", &c->query_message_thread_pool_nums},
      {"adminBrokerThreadPoolNums", &c->admin_broker_thread_pool_nums},
      {"clientManageThreadPoolNums", &c->client_manage_thread_pool_nums},
      {"consumerManageThreadPoolNums", &c->consumer_manage_thread_pool_nums},
      {"heartbeatThreadPoolNums", &c->heartbeat_thread_pool_nums},
      {"sendThreadPoolQueueCapacity", &c->send_thread_pool_queue_capacity},
      {"pullThreadPoolQueueCapacity", &c->pull_thread_pool_queue_capacity},
      {"queryThreadPoolQueueCapacity", &c->query_thread_pool_queue_capacity},
      {"clientManagerThreadPoolQueueCapacity", &c->client_manager_thread_pool_queue_capacity},
      {"consumerManagerThreadPoolQueueCapacity", &c->consumer_manager_thread_pool_queue_capacity},
      {"heartbeatThreadPoolQueueCapacity", &c->heartbeat_thread_pool_queue_capacity},
      {"listenPort", &c->listen_port},
      {"serverSelectorThreads", &c->server_selector_threads},
      {"serverChannelMaxIdleTimeSeconds", &c->server_channel_max_idle_time_seconds},
  };
}

// Keys RocketMQ 4.9.7 accepts that Spool reads but does not act on.
const std::set<std::string>& AcceptedUnusedKeys() {
  static const std::set<std::string> keys = {
      "fetchNamesrvAddrByAddressServer", "forceRegister", "messageStorePlugIn", "isolateLogEnable",
      "enableCalcFilterBitMap", "expectConsumerNumUseFilter", "maxErrorRateOfBloomFilter", "filterDataCleanTimeSpan",
      "filterSupportRetry", "storeReplyMessageEnable", "aclEnable", "transferMsgByHeap",
      "disableConsumeIfConsumerReadSlowly", "consumerFallbehindThreshold", "flushConsumerOffsetHistoryInterval",
      "transactionTimeOut", "transactionCheckMax", "transactionCheckInterval", "endTransactionThreadPoolNums",
      "endTransactionPoolQueueCapacity", "waitTimeMillsInTransactionQueue", "putMessageFutureThreadPoolNums",
      "processReplyMessageThreadPoolNums", "putThreadPoolQueueCapacity", "replyThreadPoolQueueCapacity",
      "brokerFastFailureEnable", "waitTimeMillsInSendQueue", "waitTimeMillsInPullQueue",
      "waitTimeMillsInHeartbeatQueue", "enableDetailStat", "autoDeleteUnusedStats", "commercialBaseCount",
      "commercialEnable", "commercialTimerCount", "commercialTransCount", "commercialBigCount", "maxDelayTime",
      "highSpeedMode", "filterServerNums", "serverWorkerThreads", "serverCallbackExecutorThreads",
      "serverOnewaySemaphoreValue", "serverAsyncSemaphoreValue", "serverSocketSndBufSize", "serverSocketRcvBufSize",
      "serverSocketBacklog", "serverPooledByteBufAllocatorEnable", "useEpollNativeSelector",
      "writeBufferHighWaterMark", "writeBufferLowWaterMark", "clientWorkerThreads", "clientCallbackExecutorThreads",
      "clientOnewaySemaphoreValue", "clientAsyncSemaphoreValue", "connectTimeoutMillis", "channelNotActiveInterval",
      "clientChannelMaxIdleTimeSeconds", "clientSocketSndBufSize", "clientSocketRcvBufSize",
      "clientPooledByteBufAllocatorEnable", "clientCloseSocketIfTimeout", "useTLS", "haListenPort"};
  return keys;
}

absl::Status SetField(const Field& f, const std::string& raw) {
  const std::string value(absl::StripAsciiWhitespace(raw));
  auto bad = [&] { return absl::InvalidArgumentError(absl::StrCat("bad value for ", f.key, ": '", raw, "'")); };
  if (auto* s = std::get_if<std::string*>(&f.ptr)) {
    **s = value;
  } else if (auto* i32 = std::get_if<int32_t*>(&f.ptr)) {
    if (!absl::SimpleAtoi(value, *i32)) return bad();
  } else if (auto* i64 = std::get_if<int64_t*>(&f.ptr)) {
    if (!absl::SimpleAtoi(value, *i64)) return bad();
  } else if (auto* b = std::get_if<bool*>(&f.ptr)) {
    // Java's Boolean.parseBoolean: anything but "true" is false; a typo should not pass silently.
    const std::string lower = absl::AsciiStrToLower(value);
    if (lower != "true" && lower != "false") return bad();
    **b = lower == "true";
  }
  return absl::OkStatus();
}

std::string FieldText(const Field& f) {
  if (auto* s = std::get_if<std::string*>(&f.ptr)) return **s;
  if (auto* i32 = std::get_if<int32_t*>(&f.ptr)) return absl::StrCat(**i32);
  if (auto* i64 = std::get_if<int64_t*>(&f.ptr)) return absl::StrCat(**i64);
  return *std::get<bool*>(f.ptr) ? "true" : "false";
}

// RemotingUtil.getLocalAddress: the first non-loopback IPv4 not in 127.0/192.168, else the last IPv4 seen, else
// 127.0.0.1.
std::string LocalAddress() {
  struct ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return "127.0.0.1";
  std::string preferred;
  std::string fallback;
  for (struct ifaddrs* it = list; it != nullptr; it = it->ifa_next) {
    if (it->ifa_addr == nullptr || it->ifa_addr->sa_family != AF_INET) continue;
    char text[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &reinterpret_cast<struct sockaddr_in*>(it->ifa_addr)->sin_addr, text, sizeof(text));
    const std::string ip = text;
    if (ip.rfind("127.0", 0) == 0) continue;
    if (ip.rfind("192.168", 0) != 0 && preferred.empty()) preferred = ip;
    fallback = ip;
  }
  freeifaddrs(list);
  if (!preferred.empty()) return preferred;
  return fallback.empty() ? "127.0.0.1" : fallback;
}

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

}  // namespace

BrokerConfig DefaultBrokerConfig() {
  BrokerConfig c;
  c.rocketmq_home = Env("ROCKETMQ_HOME");
  c.namesrv_addr = Env("NAMESRV_ADDR");
  c.broker_name = HostName();
  c.broker_ip1 = LocalAddress();
  c.broker_ip2 = c.broker_ip1;
  const int cpus = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  c.send_message_thread_pool_nums = std::min(cpus, 4);
  c.pull_message_thread_pool_nums = 16 + cpus * 2;
  c.query_message_thread_pool_nums = 8 + cpus;
  c.heartbeat_thread_pool_nums = std::min(32, cpus);
  const std::string home = Env("HOME");
  c.store.store_path_root_dir = (home.empty() ? std::string(".") : home) + "/store";
  return c;
}

absl::Status ApplyBrokerProperties(const std::map<std::string, std::string>& props, BrokerConfig* config,
                                   std::vector<std::string>* unknown_keys) {
  std::vector<std::string> not_store;
  if (absl::Status s = store::ApplyProperties(props, &config->store, &not_store); !s.ok()) return s;
  const std::vector<Field> fields = BrokerFields(config);
  for (const std::string& key : not_store) {
    auto it = std::find_if(fields.begin(), fields.end(), [&](const Field& f) { return key == f.key; });
    if (it != fields.end()) {
      if (absl::Status s = SetField(*it, props.at(key)); !s.ok()) return s;
    } else if (AcceptedUnusedKeys().count(key) == 0 && unknown_keys != nullptr) {
      unknown_keys->push_back(key);
    }
  }
  // brokerIP2 follows brokerIP1 unless set itself.
  if (props.count("brokerIP1") != 0 && props.count("brokerIP2") == 0) config->broker_ip2 = config->broker_ip1;
  return absl::OkStatus();
}

std::string DescribeBrokerConfig(const BrokerConfig& config) {
  BrokerConfig copy = config;
  std::string out;
  for (const Field& f : BrokerFields(&copy)) absl::StrAppend(&out, f.key, "=", FieldText(f), "\n");
  out += store::DescribeOptions(config.store);
  return out;
}

absl::Status ValidateBrokerConfig(const BrokerConfig& config) {
  if (config.broker_permission < 0 || config.broker_permission > 15) {
    return absl::InvalidArgumentError(absl::StrCat("brokerPermission ", config.broker_permission, " not in [0, 15]"));
  }
  if (config.listen_port < 0 || config.listen_port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("listenPort ", config.listen_port, " not in [0, 65535]"));
  }
  if (config.default_topic_queue_nums <= 0) {
    return absl::InvalidArgumentError("defaultTopicQueueNums must be positive");
  }
  if (config.broker_name.empty()) return absl::InvalidArgumentError("brokerName is empty");
  if (config.broker_cluster_name.empty()) return absl::InvalidArgumentError("brokerClusterName is empty");
  if (config.broker_ip1.empty()) return absl::InvalidArgumentError("brokerIP1 is empty");
  if (config.store.store_path_root_dir.empty()) return absl::InvalidArgumentError("storePathRootDir is empty");
  return config.store.Validate();
}

}  // namespace spool::broker
