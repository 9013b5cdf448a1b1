// File: spool/store/consumer_offsets.h
// config/consumerOffset.json: committed consumer offsets, keyed "<topic>@<group>" then queue id, in RocketMQ's
// ConsumerOffsetManager shape (`{"offsetTable":{"T@G":{0:11,1:10}}}`, numeric keys unquoted as fastjson writes).
//
//   store->consumer_offsets().Commit("cg", "orders", 0, 42);
//   int64_t next = store->consumer_offsets().Query("cg", "orders", 0);   // -1 if never committed
//   store->consumer_offsets().Persist();
//
// Thread-safe. Persist is atomic (temp + rename, .bak kept).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace spool::store {

class FileSystem;

class ConsumerOffsetTable {
 public:
  ConsumerOffsetTable(FileSystem* fs, std::string path);

  absl::Status Load();
  absl::Status Persist();

  void Commit(const std::string& group, const std::string& topic, int32_t queue_id, int64_t offset);
  // -1 when the group never committed an offset for that queue.
  int64_t Query(const std::string& group, const std::string& topic, int32_t queue_id) const;
  // queue id -> offset for one topic@group.
  std::map<int32_t, int64_t> QueryAll(const std::string& group, const std::string& topic) const;
  // Every "topic@group" key.
  std::map<std::string, std::map<int32_t, int64_t>> Snapshot() const;
  void RemoveGroup(const std::string& group, const std::string& topic);

  std::string Encode() const;
  absl::Status Decode(std::string_view json);

 private:
  FileSystem* fs_;
  std::string path_;
  mutable absl::Mutex mu_;
  std::map<std::string, std::map<int32_t, int64_t>> table_ ABSL_GUARDED_BY(mu_);
};

}  // namespace spool::store
