#include "log/consume_queue_table.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "util/logging.h"
#include "spool/status_macros.h"

namespace spool::store::internal {

ConsumeQueueTable::ConsumeQueueTable(FileSystem* fs, std::string root, int64_t file_size)
    : fs_(fs), root_(std::move(root)), file_size_(file_size) {}

absl::Status ConsumeQueueTable::Load() {
  SPOOL_ASSIGN_OR_RETURN(bool exists, fs_->Exists(root_));
  if (!exists) return absl::OkStatus();
  SPOOL_ASSIGN_OR_RETURN(auto topics, fs_->ListDir(root_));
  for (const std::string& topic : topics) {
    std::string topic_dir = JoinPath(root_, topic);
    SPOOL_ASSIGN_OR_RETURN(bool is_dir, fs_->IsDirectory(topic_dir));
    if (!is_dir) continue;
    SPOOL_ASSIGN_OR_RETURN(auto queues, fs_->ListDir(topic_dir));
    for (const std::string& q : queues) {
      int32_t queue_id;
      if (!absl::SimpleAtoi(q, &queue_id) || queue_id < 0) {
        StoreLog().warn("ignoring {}: not a queue id", JoinPath(topic_dir, q));
        continue;
      }
      auto cq = std::make_unique<ConsumeQueue>(fs_, root_, topic, queue_id, file_size_);
      SPOOL_RETURN_IF_ERROR(cq->Load());
      absl::MutexLock lock(&mu_);
      queues_[{topic, queue_id}] = std::move(cq);
    }
  }
  return absl::OkStatus();
}

ConsumeQueue* ConsumeQueueTable::Find(const std::string& topic, int32_t queue_id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = queues_.find({topic, queue_id});
  return it == queues_.end() ? nullptr : it->second.get();
}

ConsumeQueue* ConsumeQueueTable::FindOrCreate(const std::string& topic, int32_t queue_id) {
  if (ConsumeQueue* cq = Find(topic, queue_id)) return cq;
  absl::MutexLock lock(&mu_);
  auto& slot = queues_[{topic, queue_id}];
  if (!slot) slot = std::make_unique<ConsumeQueue>(fs_, root_, topic, queue_id, file_size_);
  return slot.get();
}

std::vector<ConsumeQueue*> ConsumeQueueTable::All() const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<ConsumeQueue*> all;
  all.reserve(queues_.size());
  for (const auto& [key, cq] : queues_) all.push_back(cq.get());
  return all;
}

int64_t ConsumeQueueTable::MaxPhysicOffset() const {
  int64_t max = 0;
  for (ConsumeQueue* cq : All()) max = std::max(max, cq->max_physic_offset());
  return max;
}

}  // namespace spool::store::internal
