#include "producer_manager.h"

namespace spool::broker::internal {

void ProducerManager::RegisterProducer(const std::string& group, const ClientChannelInfo& client) {
  absl::MutexLock lock(&mu_);
  groups_[group][client.channel->id()] = client;
}

void ProducerManager::UnregisterProducer(const std::string& group, uint64_t channel_id) {
  absl::MutexLock lock(&mu_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return;
  it->second.erase(channel_id);
  if (it->second.empty()) groups_.erase(it);
}

void ProducerManager::DropChannel(uint64_t channel_id) {
  absl::MutexLock lock(&mu_);
  for (auto it = groups_.begin(); it != groups_.end();) {
    it->second.erase(channel_id);
    it = it->second.empty() ? groups_.erase(it) : std::next(it);
  }
}

int ProducerManager::ScanNotActiveChannels(int64_t now_ms) {
  std::vector<std::shared_ptr<remoting::Channel>> expired;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [group, channels] : groups_) {
      for (const auto& [id, info] : channels) {
        if (now_ms - info.last_update_ms > kChannelExpiredTimeoutMs) expired.push_back(info.channel);
      }
    }
  }
  for (const auto& channel : expired) {
    DropChannel(channel->id());
    channel->Close();
  }
  return static_cast<int>(expired.size());
}

std::vector<ClientChannelInfo> ProducerManager::Channels(const std::string& group) const {
  absl::MutexLock lock(&mu_);
  std::vector<ClientChannelInfo> out;
  auto it = groups_.find(group);
  if (it == groups_.end()) return out;
  for (const auto& [id, info] : it->second) out.push_back(info);
  return out;
}

}  // namespace spool::broker::internal
