#include "subscription_group_manager.h"

#include "absl/strings/match.h"
#include "spool/store/subscription_group_table.h"
#include "logging.h"
#include "spool/store/clock.h"
#include "spool/status_macros.h"

namespace spool::broker::internal {

namespace {

// MixAll.isSysConsumerGroup, plus the pre-created groups.
bool IsSystemGroup(const std::string& group) {
  for (const std::string& g : PreCreatedSubscriptionGroups()) {
    if (group == g) return true;
  }
  return absl::StartsWith(group, "CID_RMQ_SYS_");
}

store::SubscriptionGroupConfig ToStore(const SubscriptionGroupConfig& g) {
  return store::SubscriptionGroupConfig{
      .group_name = g.group_name,
      .consume_enable = g.consume_enable,
      .consume_from_min_enable = g.consume_from_min_enable,
      .consume_broadcast_enable = g.consume_broadcast_enable,
      .retry_queue_nums = g.retry_queue_nums,
      .retry_max_times = g.retry_max_times,
      .broker_id = g.broker_id,
      .which_broker_when_consume_slowly = g.which_broker_when_consume_slowly,
      .notify_consumer_ids_changed_enable = g.notify_consumer_ids_changed_enable};
}

SubscriptionGroupConfig FromStore(const store::SubscriptionGroupConfig& g) {
  return SubscriptionGroupConfig{.group_name = g.group_name,
                                 .consume_enable = g.consume_enable,
                                 .consume_from_min_enable = g.consume_from_min_enable,
                                 .consume_broadcast_enable = g.consume_broadcast_enable,
                                 .retry_queue_nums = g.retry_queue_nums,
                                 .retry_max_times = g.retry_max_times,
                                 .broker_id = g.broker_id,
                                 .which_broker_when_consume_slowly = g.which_broker_when_consume_slowly,
                                 .notify_consumer_ids_changed_enable = g.notify_consumer_ids_changed_enable};
}

}  // namespace

const std::vector<std::string>& PreCreatedSubscriptionGroups() {
  static const std::vector<std::string> kGroups = {"TOOLS_CONSUMER",     "FILTERSRV_CONSUMER",
                                                   "SELF_TEST_C_GROUP",  "CID_ONS-HTTP-PROXY",
                                                   "CID_ONSAPI_PULL",    "CID_ONSAPI_PERMISSION",
                                                   "CID_ONSAPI_OWNER"};
  return kGroups;
}

SubscriptionGroupManager::SubscriptionGroupManager(bool auto_create, store::FileSystem* fs, store::Clock* clock,
                                                   std::string path)
    : auto_create_(auto_create),
      clock_(clock != nullptr ? clock : store::Clock::Default()),
      path_(path),
      table_(std::make_unique<store::SubscriptionGroupTable>(fs, clock_, std::move(path))) {}

SubscriptionGroupManager::~SubscriptionGroupManager() = default;

absl::Status SubscriptionGroupManager::Load() {
  SPOOL_RETURN_IF_ERROR(table_->Load());
  if (table_->All().empty() && table_->data_version() == store::DataVersion{}) {
    // No file: RocketMQ's fresh state, the pre-created groups under a version stamped now with counter 0 (init()
    // puts them without bumping it).
    protocol::SubscriptionGroupWrapper fresh;
    fresh.data_version = {.timestamp = clock_->NowMillis(), .counter = 0};
    for (const std::string& g : PreCreatedSubscriptionGroups()) fresh.subscription_group_table[g] = {.group_name = g};
    return table_->Decode(fresh.Encode());
  }
  // A file without some system group (edited by hand, or written by a tool): RocketMQ still has it in memory.
  for (const std::string& g : PreCreatedSubscriptionGroups()) {
    if (!table_->Find(g).has_value()) table_->Upsert(ToStore({.group_name = g}));
  }
  BrokerLog().info("loaded {} subscription groups from {}", table_->All().size(), path_);
  return absl::OkStatus();
}

std::optional<SubscriptionGroupConfig> SubscriptionGroupManager::FindOrCreate(const std::string& group) {
  if (auto found = table_->Find(group)) return FromStore(*found);
  if (!auto_create_ && !IsSystemGroup(group)) return std::nullopt;
  {
    absl::MutexLock lock(&create_mu_);
    if (auto found = table_->Find(group)) return FromStore(*found);
    table_->Upsert(ToStore({.group_name = group}));
  }
  BrokerLog().info("auto create a subscription group {}", group);
  // The group exists for this run whatever the write does; a failure is logged by Persist.
  (void)Persist();
  return SubscriptionGroupConfig{.group_name = group};
}

std::optional<SubscriptionGroupConfig> SubscriptionGroupManager::Find(const std::string& group) const {
  if (auto found = table_->Find(group)) return FromStore(*found);
  return std::nullopt;
}

absl::Status SubscriptionGroupManager::Update(const SubscriptionGroupConfig& config) {
  store::SubscriptionGroupConfig stored = ToStore(config);
  {
    absl::MutexLock lock(&create_mu_);
    if (auto old = table_->Find(config.group_name)) stored.extra_fields = old->extra_fields;
    table_->Upsert(stored);
  }
  BrokerLog().info("subscription group {} updated", config.group_name);
  return Persist();
}

absl::StatusOr<bool> SubscriptionGroupManager::Delete(const std::string& group) {
  {
    absl::MutexLock lock(&create_mu_);
    if (!table_->Erase(group)) return false;
  }
  BrokerLog().info("subscription group {} deleted", group);
  SPOOL_RETURN_IF_ERROR(Persist());
  return true;
}

std::vector<SubscriptionGroupConfig> SubscriptionGroupManager::All() const {
  std::vector<SubscriptionGroupConfig> out;
  for (const auto& g : table_->All()) out.push_back(FromStore(g));
  return out;
}

protocol::SubscriptionGroupWrapper SubscriptionGroupManager::Snapshot() const {
  protocol::SubscriptionGroupWrapper out;
  const store::DataVersion v = table_->data_version();
  out.data_version = {.timestamp = v.timestamp, .counter = v.counter};
  for (const auto& g : table_->All()) out.subscription_group_table[g.group_name] = FromStore(g);
  return out;
}

absl::Status SubscriptionGroupManager::Persist() {
  absl::Status s = table_->Persist();
  if (!s.ok()) BrokerLog().error("persisting {}: {}", path_, s.ToString());
  return s;
}

}  // namespace spool::broker::internal
