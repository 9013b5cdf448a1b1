#include "subscription_group_manager.h"

#include "absl/strings/match.h"

namespace spool::broker::internal {

namespace {

// MixAll.isSysConsumerGroup plus the groups SubscriptionGroupManager pre-creates.
bool IsSystemGroup(const std::string& group) {
  static const char* const kPreCreated[] = {"TOOLS_CONSUMER", "FILTERSRV_CONSUMER", "SELF_TEST_C_GROUP",
                                            "CID_ONS-HTTP-PROXY", "CID_ONSAPI_PULL", "CID_ONSAPI_PERMISSION",
                                            "CID_ONSAPI_OWNER"};
  for (const char* g : kPreCreated) {
    if (group == g) return true;
  }
  return absl::StartsWith(group, "CID_RMQ_SYS_");
}

}  // namespace

SubscriptionGroupManager::SubscriptionGroupManager(bool auto_create) : auto_create_(auto_create) {}

std::optional<SubscriptionGroupConfig> SubscriptionGroupManager::FindOrCreate(const std::string& group) {
  absl::MutexLock lock(&mu_);
  auto it = groups_.find(group);
  if (it != groups_.end()) return it->second;
  if (!auto_create_ && !IsSystemGroup(group)) return std::nullopt;
  SubscriptionGroupConfig config;
  config.group_name = group;
  groups_[group] = config;
  return config;
}

std::optional<SubscriptionGroupConfig> SubscriptionGroupManager::Find(const std::string& group) const {
  absl::MutexLock lock(&mu_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return std::nullopt;
  return it->second;
}

void SubscriptionGroupManager::Upsert(const SubscriptionGroupConfig& config) {
  absl::MutexLock lock(&mu_);
  groups_[config.group_name] = config;
}

bool SubscriptionGroupManager::Erase(const std::string& group) {
  absl::MutexLock lock(&mu_);
  return groups_.erase(group) != 0;
}

std::vector<SubscriptionGroupConfig> SubscriptionGroupManager::All() const {
  absl::MutexLock lock(&mu_);
  std::vector<SubscriptionGroupConfig> out;
  for (const auto& [name, config] : groups_) out.push_back(config);
  return out;
}

}  // namespace spool::broker::internal
