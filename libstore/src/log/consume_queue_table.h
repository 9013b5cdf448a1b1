// File: log/consume_queue_table.h
// Every ConsumeQueue of the store, by topic and queue id (DefaultMessageStore.consumeQueueTable). Queues are
// created on first dispatch and live until the store closes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "log/consume_queue.h"

namespace spool::store::internal {

class ConsumeQueueTable {
 public:
  ConsumeQueueTable(FileSystem* fs, std::string root, int64_t file_size);

  // Loads every consumequeue/<topic>/<queueId>/ directory.
  absl::Status Load();
  // nullptr if absent.
  ConsumeQueue* Find(const std::string& topic, int32_t queue_id) const;
  ConsumeQueue* FindOrCreate(const std::string& topic, int32_t queue_id);
  std::vector<ConsumeQueue*> All() const;

  // Largest commit-log offset + size recorded in any queue.
  int64_t MaxPhysicOffset() const;

 private:
  FileSystem* fs_;
  std::string root_;
  int64_t file_size_;
  mutable absl::Mutex mu_;
  std::map<std::pair<std::string, int32_t>, std::unique_ptr<ConsumeQueue>> queues_ ABSL_GUARDED_BY(mu_);
};

}  // namespace spool::store::internal
