// File: subscription_group_manager.h
// Subscription groups (SubscriptionGroupManager, spec broker.md §2.3): per-group consumption settings, kept in
// <storePathRootDir>/config/subscriptionGroup.json exactly as RocketMQ 4.9.7 writes it (so a RocketMQ broker's file
// loads here and ours loads there). The pre-created system groups are always present; other groups are created
// with defaults on first use when autoCreateSubscriptionGroup is on (or the name is CID_RMQ_SYS_...).
//
//   SubscriptionGroupManager groups(/*auto_create=*/true, fs, clock, options.ConfigDir() + "/subscriptionGroup.json");
//   SPOOL_RETURN_IF_ERROR(groups.Load());
//   std::optional<SubscriptionGroupConfig> g = groups.FindOrCreate("cg");   // persisted if new
//
// Every change (creation on first use, Update, Delete) bumps the data version and persists the file at once, as
// RocketMQ's does; the write is atomic (temp + rename, previous content kept as .bak). A failed write is logged
// and returned where the caller can act (Update/Delete); the in-memory table keeps the change either way, as
// RocketMQ's does.
//
// Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "spool/protocol/subscription_group_config.h"

namespace spool::store {
class FileSystem;
class Clock;
class SubscriptionGroupTable;
}  // namespace spool::store

namespace spool::broker::internal {

using SubscriptionGroupConfig = protocol::SubscriptionGroupConfig;

// The groups SubscriptionGroupManager.init puts in every broker's table.
const std::vector<std::string>& PreCreatedSubscriptionGroups();

class SubscriptionGroupManager {
 public:
  // Null `fs`/`clock`: the defaults. `path` is <root>/config/subscriptionGroup.json.
  SubscriptionGroupManager(bool auto_create, store::FileSystem* fs, store::Clock* clock, std::string path);
  ~SubscriptionGroupManager();

  // Reads the file (or its .bak); none = a fresh table. Adds any missing pre-created group. Does not write.
  // kDataLoss when the file exists but cannot be read as a subscription-group table and no .bak helps.
  absl::Status Load();

  // The group's config; created with defaults (and persisted) if missing and auto-creation is on or it is a system
  // group; nullopt otherwise.
  std::optional<SubscriptionGroupConfig> FindOrCreate(const std::string& group);
  std::optional<SubscriptionGroupConfig> Find(const std::string& group) const;
  // Inserts or replaces (UPDATE_AND_CREATE_SUBSCRIPTIONGROUP), then persists. Members of the group RocketMQ wrote
  // that this version does not know are kept.
  absl::Status Update(const SubscriptionGroupConfig& config);
  // Removes the group, then persists. false when it did not exist (nothing written).
  absl::StatusOr<bool> Delete(const std::string& group);
  std::vector<SubscriptionGroupConfig> All() const;
  // The table with its data version (GET_ALL_SUBSCRIPTIONGROUP_CONFIG).
  protocol::SubscriptionGroupWrapper Snapshot() const;

  absl::Status Persist();

 private:
  const bool auto_create_;
  store::Clock* const clock_;
  const std::string path_;
  const std::unique_ptr<store::SubscriptionGroupTable> table_;
  // Serializes FindOrCreate's check-then-create, so a group is created (and its version bumped) once.
  absl::Mutex create_mu_;
};

}  // namespace spool::broker::internal
