#include "process_queue.h"

namespace spool::client::internal {

bool ProcessQueue::PutMessages(std::vector<MessageExt> msgs) {
  absl::MutexLock lock(&mu_);
  for (MessageExt& m : msgs) {
    if (m.queue_offset > max_offset_) max_offset_ = m.queue_offset;
    const int64_t offset = m.queue_offset;
    msgs_.insert_or_assign(offset, std::move(m));
  }
  if (!msgs_.empty() && !consuming_) {
    consuming_ = true;
    return true;
  }
  return false;
}

int64_t ProcessQueue::RemoveMessages(const std::vector<MessageExt>& msgs) {
  absl::MutexLock lock(&mu_);
  if (msgs_.empty()) return -1;
  for (const MessageExt& m : msgs) msgs_.erase(m.queue_offset);
  return msgs_.empty() ? max_offset_ + 1 : msgs_.begin()->first;
}

std::vector<MessageExt> ProcessQueue::TakeMessages(int n) {
  std::vector<MessageExt> out;
  absl::MutexLock lock(&mu_);
  while (static_cast<int>(out.size()) < n && !msgs_.empty()) {
    auto node = msgs_.extract(msgs_.begin());
    out.push_back(node.mapped());
    consuming_msgs_.insert(std::move(node));
  }
  if (out.empty()) consuming_ = false;
  return out;
}

int64_t ProcessQueue::Commit() {
  absl::MutexLock lock(&mu_);
  if (consuming_msgs_.empty()) return -1;
  const int64_t offset = consuming_msgs_.rbegin()->first + 1;
  consuming_msgs_.clear();
  return offset;
}

void ProcessQueue::MakeMessagesToConsumeAgain(const std::vector<MessageExt>& msgs) {
  absl::MutexLock lock(&mu_);
  for (const MessageExt& m : msgs) {
    consuming_msgs_.erase(m.queue_offset);
    msgs_.insert_or_assign(m.queue_offset, m);
  }
}

size_t ProcessQueue::MessageCount() const {
  absl::MutexLock lock(&mu_);
  return msgs_.size() + consuming_msgs_.size();
}

bool ProcessQueue::locked() const {
  absl::MutexLock lock(&mu_);
  return locked_;
}

bool ProcessQueue::LockExpired() const {
  absl::MutexLock lock(&mu_);
  return absl::Now() - last_lock_time_ > kLockExpiry;
}

void ProcessQueue::SetLocked(bool locked) {
  absl::MutexLock lock(&mu_);
  locked_ = locked;
  if (locked) last_lock_time_ = absl::Now();
}

}  // namespace spool::client::internal
