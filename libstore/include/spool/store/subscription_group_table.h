// File: spool/store/subscription_group_table.h
// config/subscriptionGroup.json: the consumer groups a broker knows, in SubscriptionGroupManager's shape
// ({"dataVersion":{...},"subscriptionGroupTable":{"<group>":{...}}}).
//
//   SubscriptionGroupTable groups(fs, clock, JoinPath(options.ConfigDir(), "subscriptionGroup.json"));
//   SPOOL_RETURN_IF_ERROR(groups.Load());
//   groups.Upsert(SubscriptionGroupConfig{.group_name = "cg"});
//   SPOOL_RETURN_IF_ERROR(groups.Persist());
//
// Thread-safe. Every change bumps the data version. Persist is atomic (temp + rename, .bak kept). Fields this
// version does not know (a newer RocketMQ's) are kept as they were read and written back.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "spool/store/topic_config.h"

namespace spool::store {

class FileSystem;
class Clock;

// RocketMQ 4.9.7 SubscriptionGroupConfig, with its defaults.
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
  // Unknown fields: name -> compact JSON text of the value as read.
  std::map<std::string, std::string> extra_fields = {};
  bool operator==(const SubscriptionGroupConfig&) const = default;
};

class SubscriptionGroupTable {
 public:
  // nullptr fs/clock = the defaults. `path` is <root>/config/subscriptionGroup.json.
  SubscriptionGroupTable(FileSystem* fs, Clock* clock, std::string path);

  // Reads the file, or its .bak if the file is missing, empty or unparseable; neither = empty table.
  absl::Status Load();
  absl::Status Persist();

  std::optional<SubscriptionGroupConfig> Find(const std::string& group) const;
  std::vector<SubscriptionGroupConfig> All() const;
  // Inserts or replaces (keyed by group_name); bumps the data version.
  void Upsert(const SubscriptionGroupConfig& config);
  bool Erase(const std::string& group);
  DataVersion data_version() const;

  // The text Persist writes (fastjson pretty format, groups in RocketMQ's map order).
  std::string Encode() const;
  // Replaces the table with the parsed text; on error the table is unchanged.
  absl::Status Decode(std::string_view json);

 private:
  FileSystem* const fs_;
  Clock* const clock_;
  const std::string path_;
  mutable absl::Mutex mu_;
  std::map<std::string, SubscriptionGroupConfig> groups_ ABSL_GUARDED_BY(mu_);
  DataVersion version_ ABSL_GUARDED_BY(mu_);
  // Unknown top-level members: name -> compact JSON text.
  std::map<std::string, std::string> extra_top_level_ ABSL_GUARDED_BY(mu_);
};

}  // namespace spool::store
