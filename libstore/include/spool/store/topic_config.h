// File: spool/store/topic_config.h
// config/topics.json: the topics a broker serves, in RocketMQ's TopicConfigManager shape. Read RocketMQ's own file
// (fastjson, unquoted numeric keys tolerated); written so RocketMQ 4.9.7 reads it back.
//
//   TopicConfig t{.topic_name = "orders", .read_queue_nums = 8, .write_queue_nums = 8};
//   store->topic_config().Upsert(t);
//   std::optional<TopicConfig> got = store->topic_config().Find("orders");
//
// Thread-safe. Every change bumps the data version; Persist writes the file atomically (temp + rename, previous
// content kept as topics.json.bak, as RocketMQ's MixAll.string2File does).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace spool::store {

class FileSystem;
class Clock;

inline constexpr int kPermPriority = 0x8;
inline constexpr int kPermRead = 0x4;
inline constexpr int kPermWrite = 0x2;
inline constexpr int kPermInherit = 0x1;

struct TopicConfig {
  std::string topic_name;
  int32_t read_queue_nums = 16;
  int32_t write_queue_nums = 16;
  int32_t perm = kPermRead | kPermWrite;
  std::string topic_filter_type = "SINGLE_TAG";  // or "MULTI_TAG"
  int32_t topic_sys_flag = 0;
  bool order = false;
  bool operator==(const TopicConfig&) const = default;
};

struct DataVersion {
  int64_t timestamp = 0;
  int64_t counter = 0;
  bool operator==(const DataVersion&) const = default;
};

class TopicConfigTable {
 public:
  // `path` is <root>/config/topics.json.
  TopicConfigTable(FileSystem* fs, Clock* clock, std::string path);

  // Reads the file (or its .bak if the file is missing, empty or unparseable). A missing pair is an empty table.
  absl::Status Load();
  absl::Status Persist();

  std::optional<TopicConfig> Find(const std::string& topic) const;
  std::vector<TopicConfig> All() const;
  // Inserts or replaces; bumps the data version.
  void Upsert(const TopicConfig& config);
  bool Erase(const std::string& topic);
  DataVersion data_version() const;

  // The JSON text Persist writes (fastjson pretty format).
  std::string Encode() const;
  // Parses RocketMQ's topics.json text.
  absl::Status Decode(std::string_view json);

 private:
  FileSystem* fs_;
  Clock* clock_;
  std::string path_;
  mutable absl::Mutex mu_;
  std::map<std::string, TopicConfig> topics_ ABSL_GUARDED_BY(mu_);
  DataVersion version_ ABSL_GUARDED_BY(mu_);
};

}  // namespace spool::store
