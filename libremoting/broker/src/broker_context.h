// File: broker_context.h
// BrokerContext: what every processor of one broker shares (config, store, managers, the advertised address,
// counters). Owned by the Broker; the pointers outlive every processor call (the server is shut down first).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "absl/synchronization/mutex.h"
#include "consumer_manager.h"
#include "producer_manager.h"
#include "rebalance_lock_manager.h"
#include "spool/broker/broker_config.h"
#include "spool/remoting/remoting_command.h"
#include "spool/store/consumer_offsets.h"
#include "spool/store/message.h"
#include "spool/store/message_store.h"
#include "subscription_group_manager.h"
#include "topic_config_manager.h"

namespace spool::broker::internal {

class PullRequestHoldService;

// Parses "ip:port" or "[v6]:port" into a store host address; nullopt when it is not numeric.
std::optional<store::HostAddress> ParseHostAddress(const std::string& address);

struct BrokerContext {
  BrokerConfig config;
  store::MessageStore* store = nullptr;
  TopicConfigManager* topics = nullptr;
  SubscriptionGroupManager* groups = nullptr;
  ConsumerManager* consumers = nullptr;
  ProducerManager* producers = nullptr;
  RebalanceLockManager* locks = nullptr;
  PullRequestHoldService* hold = nullptr;
  // Wall clock, ms since the epoch.
  std::function<int64_t()> now_ms;

  // Messages stored / handed to consumers since start (GET_BROKER_RUNTIME_INFO).
  std::atomic<int64_t> put_total{0};
  std::atomic<int64_t> get_total{0};
  int64_t start_time_ms = 0;

  // brokerIP1:listenPort, known once the server is bound.
  void set_broker_addr(const std::string& addr);
  std::string broker_addr() const;
  store::HostAddress store_host() const;

 private:
  mutable absl::Mutex addr_mu_;
  std::string broker_addr_ ABSL_GUARDED_BY(addr_mu_);
  store::HostAddress store_host_ ABSL_GUARDED_BY(addr_mu_);
};

// A response with `code` and `remark` to `request`.
remoting::RemotingCommand ErrorResponse(const remoting::RemotingCommand& request, int32_t code, std::string remark);

}  // namespace spool::broker::internal
