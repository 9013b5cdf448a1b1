// File: subscription_group_manager.h
// Subscription groups (SubscriptionGroupManager, spec broker.md §2.3): per-group consumption settings, created
// with defaults on first use when autoCreateSubscriptionGroup is on. Kept in memory: subscriptionGroup.json is not
// persisted yet (every group is recreated with defaults on first use after a restart).
//
// Thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace spool::broker::internal {

struct SubscriptionGroupConfig {
  std::string group_name;
  bool consume_enable = true;
  bool consume_from_min_enable = true;
  bool consume_broadcast_enable = true;
  int32_t retry_queue_nums = 1;
  int32_t retry_max_times = 16;
  int64_t broker_id = 0;
  int64_t which_broker_when_consume_slowly = 1;
  bool notify_consumer_ids_changed_enable = true;
};

class SubscriptionGroupManager {
 public:
  explicit SubscriptionGroupManager(bool auto_create);

  // The group's config; created with defaults if missing and auto-creation is on or it is a system group.
  std::optional<SubscriptionGroupConfig> FindOrCreate(const std::string& group);
  std::optional<SubscriptionGroupConfig> Find(const std::string& group) const;
  void Upsert(const SubscriptionGroupConfig& config);
  bool Erase(const std::string& group);
  std::vector<SubscriptionGroupConfig> All() const;

 private:
  const bool auto_create_;
  mutable absl::Mutex mu_;
  std::map<std::string, SubscriptionGroupConfig> groups_ ABSL_GUARDED_BY(mu_);
};

}  // namespace spool::broker::internal
