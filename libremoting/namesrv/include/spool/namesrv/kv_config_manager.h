// File: spool/namesrv/kv_config_manager.h
// KvConfigManager: the name server's namespaced key/value store (RocketMQ's KVConfigManager), persisted to
// kvConfigPath as {"configTable":{"<namespace>":{"<key>":"<value>"}}} (compact fastjson, the file RocketMQ
// writes and reads). Namespace ORDER_TOPIC_CONFIG holds ordered topics' "brokerName:queueNums;..." lists.
//
//   KvConfigManager kv("/home/u/namesrv/kvConfig.json");
//   SPOOL_RETURN_IF_ERROR(kv.Load());                          // a missing file is an empty table
//   SPOOL_RETURN_IF_ERROR(kv.Put("ORDER_TOPIC_CONFIG", "T", "broker-a:4"));
//   std::optional<std::string> v = kv.Get("ORDER_TOPIC_CONFIG", "T");
//
// Durability: Put and Delete return once the whole table has been written to a temporary file, synced and
// renamed over kvConfigPath (the previous file kept as kvConfigPath.bak, as MixAll.string2File does). If that
// fails the change stays in memory and the error is returned.
//
// Thread safety: every method may be called from any thread; writes to the file are serialised.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "spool/protocol/kv_table.h"

namespace spool::namesrv {

class KvConfigManager {
 public:
  explicit KvConfigManager(std::string kv_config_path);
  KvConfigManager(const KvConfigManager&) = delete;
  KvConfigManager& operator=(const KvConfigManager&) = delete;

  // Reads kvConfigPath (or, when it is missing, kvConfigPath.bak) into memory, merging into what is there. No file:
  // OK, empty. An unreadable or unparsable file is an error naming it (RocketMQ refuses to start on it too).
  absl::Status Load();

  absl::Status Put(std::string_view ns, std::string_view key, std::string_view value);
  // Removing an absent key is OK (and still rewrites the file, as RocketMQ does).
  absl::Status Delete(std::string_view ns, std::string_view key);

  std::optional<std::string> Get(std::string_view ns, std::string_view key) const;
  // The namespace as a KVTable body, or nullopt when the namespace does not exist.
  std::optional<protocol::KvTable> GetKvListByNamespace(std::string_view ns) const;

  const std::string& path() const { return path_; }

  // The file's content for the current table.
  std::string Encode() const;

 private:
  absl::Status Persist() ABSL_LOCKS_EXCLUDED(mu_);

  const std::string path_;
  // Serialises file writes so that the last change is the one on disk.
  absl::Mutex persist_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  mutable absl::Mutex mu_;
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> table_ ABSL_GUARDED_BY(mu_);
};

}  // namespace spool::namesrv
