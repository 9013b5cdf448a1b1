#include "spool/namesrv/namesrv_config.h"

#include <cstdlib>
#include <set>
#include <string_view>
#include <variant>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace spool::namesrv {
namespace {

using Member = std::variant<std::string NamesrvConfig::*, int32_t NamesrvConfig::*, bool NamesrvConfig::*>;

struct Field {
  std::string_view key;
  Member member;
};

// In the order `mqnamesrv -p` prints them: NamesrvConfig, then NettyServerConfig.
const Field kFields[] = {
    {"rocketmqHome", &NamesrvConfig::rocketmq_home},
    {"kvConfigPath", &NamesrvConfig::kv_config_path},
    {"configStorePath", &NamesrvConfig::config_store_path},
    {"productEnvName", &NamesrvConfig::product_env_name},
    {"clusterTest", &NamesrvConfig::cluster_test},
    {"orderMessageEnable", &NamesrvConfig::order_message_enable},
    {"listenPort", &NamesrvConfig::listen_port},
    {"serverWorkerThreads", &NamesrvConfig::server_worker_threads},
    {"serverCallbackExecutorThreads", &NamesrvConfig::server_callback_executor_threads},
    {"serverSelectorThreads", &NamesrvConfig::server_selector_threads},
    {"serverOnewaySemaphoreValue", &NamesrvConfig::server_oneway_semaphore_value},
    {"serverAsyncSemaphoreValue", &NamesrvConfig::server_async_semaphore_value},
    {"serverChannelMaxIdleTimeSeconds", &NamesrvConfig::server_channel_max_idle_time_seconds},
    {"serverSocketBacklog", &NamesrvConfig::server_socket_backlog},
};

// NettyServerConfig keys RocketMQ reads that have no meaning for Spool's transport.
const std::set<std::string_view> kAcceptedUnused = {
    "serverSocketSndBufSize", "serverSocketRcvBufSize", "serverPooledByteBufAllocatorEnable",
    "useEpollNativeSelector", "writeBufferHighWaterMark", "writeBufferLowWaterMark", "bindAddress",
};

std::string HomeDir() {
  const char* home = std::getenv("HOME");
  return home != nullptr ? home : "";
}

absl::Status BadValue(std::string_view key, const std::string& value, std::string_view expected) {
  return absl::InvalidArgumentError(
      absl::StrCat("bad value for ", std::string(key), ": \"", value, "\" is not ", std::string(expected)));
}

absl::Status Apply(const Field& field, const std::string& value, NamesrvConfig* config) {
  if (auto* s = std::get_if<std::string NamesrvConfig::*>(&field.member)) {
    config->**s = value;
    return absl::OkStatus();
  }
  // Java's Integer.parseInt / Boolean.parseBoolean see the raw value; surrounding blanks are a typo we forgive.
  const std::string trimmed(absl::StripAsciiWhitespace(value));
  if (auto* i = std::get_if<int32_t NamesrvConfig::*>(&field.member)) {
    int32_t v = 0;
    if (!absl::SimpleAtoi(trimmed, &v)) return BadValue(field.key, value, "an integer");
    config->**i = v;
    return absl::OkStatus();
  }
  auto* b = std::get_if<bool NamesrvConfig::*>(&field.member);
  if (absl::EqualsIgnoreCase(trimmed, "true")) {
    config->**b = true;
  } else if (absl::EqualsIgnoreCase(trimmed, "false")) {
    config->**b = false;
  } else {
    return BadValue(field.key, value, "true or false");
  }
  return absl::OkStatus();
}

std::string ValueOf(const Field& field, const NamesrvConfig& config) {
  if (auto* s = std::get_if<std::string NamesrvConfig::*>(&field.member)) return config.**s;
  if (auto* i = std::get_if<int32_t NamesrvConfig::*>(&field.member)) return std::to_string(config.**i);
  return config.*std::get<bool NamesrvConfig::*>(field.member) ? "true" : "false";
}

}  // namespace

NamesrvConfig DefaultNamesrvConfig() {
  NamesrvConfig config;
  if (const char* home = std::getenv("ROCKETMQ_HOME"); home != nullptr) config.rocketmq_home = home;
  const std::string user_home = HomeDir();
  config.kv_config_path = user_home + "/namesrv/kvConfig.json";
  config.config_store_path = user_home + "/namesrv/namesrv.properties";
  return config;
}

absl::Status ApplyNamesrvProperties(const std::map<std::string, std::string>& props, NamesrvConfig* config,
                                    std::vector<std::string>* unknown_keys) {
  for (const auto& [key, value] : props) {
    const Field* field = nullptr;
    for (const Field& f : kFields) {
      if (f.key == key) field = &f;
    }
    if (field == nullptr) {
      if (!kAcceptedUnused.contains(key) && unknown_keys != nullptr) unknown_keys->push_back(key);
      continue;
    }
    if (absl::Status s = Apply(*field, value, config); !s.ok()) return s;
  }
  return absl::OkStatus();
}

std::string DescribeNamesrvConfig(const NamesrvConfig& config) {
  std::string out;
  for (const Field& f : kFields) absl::StrAppend(&out, std::string(f.key), "=", ValueOf(f, config), "\n");
  return out;
}

}  // namespace spool::namesrv
