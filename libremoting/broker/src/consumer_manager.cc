#include "consumer_manager.h"

#include <set>

#include "logging.h"
#include "spool/protocol/broker_headers.h"
#include "spool/remoting/request_code.h"

namespace spool::broker::internal {

std::vector<std::shared_ptr<remoting::Channel>> ConsumerManager::ChannelsLocked(const ConsumerGroupInfo& g) const {
  std::vector<std::shared_ptr<remoting::Channel>> out;
  for (const auto& [id, info] : g.channels) out.push_back(info.channel);
  return out;
}

void ConsumerManager::Notify(const std::string& group,
                             const std::vector<std::shared_ptr<remoting::Channel>>& channels) const {
  for (const auto& channel : channels) {
    remoting::RemotingCommand notify =
        remoting::RemotingCommand::CreateRequest(remoting::request_code::kNotifyConsumerIdsChanged);
    protocol::EncodeHeader(protocol::NotifyConsumerIdsChangedRequestHeader{.consumer_group = group}, &notify);
    if (absl::Status s = channel->InvokeOneway(std::move(notify)); !s.ok()) {
      BrokerLog().debug("notify consumer ids changed to {} failed: {}", channel->remote_address(), s.ToString());
    }
  }
}

bool ConsumerManager::RegisterConsumer(const protocol::ConsumerData& data, const ClientChannelInfo& client,
                                       bool group_notify) {
  std::vector<std::shared_ptr<remoting::Channel>> to_notify;
  bool changed = false;
  {
    absl::MutexLock lock(&mu_);
    ConsumerGroupInfo& g = groups_[data.group_name];
    g.group_name = data.group_name;
    g.consume_type = data.consume_type;
    g.message_model = data.message_model;
    g.consume_from_where = data.consume_from_where;
    g.last_update_ms = client.last_update_ms;
    const uint64_t id = client.channel->id();
    auto it = g.channels.find(id);
    if (it == g.channels.end()) {
      g.channels[id] = client;
      changed = true;
    } else {
      it->second.last_update_ms = client.last_update_ms;
      it->second.client_id = client.client_id;
    }
    // updateSubscription: add new topics, replace older versions, drop topics no longer listed.
    std::set<std::string> listed;
    for (const protocol::SubscriptionData& s : data.subscription_data_set) {
      listed.insert(s.topic);
      auto sub = g.subscriptions.find(s.topic);
      if (sub == g.subscriptions.end()) {
        g.subscriptions[s.topic] = s;
        changed = true;
      } else if (s.sub_version > sub->second.sub_version) {
        sub->second = s;
      }
    }
    for (auto sub = g.subscriptions.begin(); sub != g.subscriptions.end();) {
      if (listed.count(sub->first) == 0) {
        sub = g.subscriptions.erase(sub);
        changed = true;
      } else {
        ++sub;
      }
    }
    if (changed && notify_enabled_ && group_notify) to_notify = ChannelsLocked(g);
  }
  Notify(data.group_name, to_notify);
  return changed;
}

void ConsumerManager::UnregisterConsumer(const std::string& group, uint64_t channel_id, bool group_notify) {
  std::vector<std::shared_ptr<remoting::Channel>> to_notify;
  {
    absl::MutexLock lock(&mu_);
    auto it = groups_.find(group);
    if (it == groups_.end() || it->second.channels.erase(channel_id) == 0) return;
    if (it->second.channels.empty()) {
      groups_.erase(it);
      return;
    }
    if (notify_enabled_ && group_notify) to_notify = ChannelsLocked(it->second);
  }
  Notify(group, to_notify);
}

void ConsumerManager::DropChannel(uint64_t channel_id) {
  std::vector<std::pair<std::string, std::vector<std::shared_ptr<remoting::Channel>>>> to_notify;
  {
    absl::MutexLock lock(&mu_);
    for (auto it = groups_.begin(); it != groups_.end();) {
      if (it->second.channels.erase(channel_id) == 0) {
        ++it;
        continue;
      }
      if (it->second.channels.empty()) {
        it = groups_.erase(it);
        continue;
      }
      if (notify_enabled_) to_notify.emplace_back(it->first, ChannelsLocked(it->second));
      ++it;
    }
  }
  for (const auto& [group, channels] : to_notify) Notify(group, channels);
}

int ConsumerManager::ScanNotActiveChannels(int64_t now_ms) {
  std::vector<std::shared_ptr<remoting::Channel>> expired;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [name, g] : groups_) {
      for (const auto& [id, info] : g.channels) {
        if (now_ms - info.last_update_ms > kChannelExpiredTimeoutMs) expired.push_back(info.channel);
      }
    }
  }
  for (const auto& channel : expired) {
    BrokerLog().warn("consumer channel {} expired (no heartbeat for {} ms)", channel->remote_address(),
                     kChannelExpiredTimeoutMs);
    DropChannel(channel->id());
    channel->Close();
  }
  return static_cast<int>(expired.size());
}

std::optional<ConsumerGroupInfo> ConsumerManager::Find(const std::string& group) const {
  absl::MutexLock lock(&mu_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> ConsumerManager::ConsumerIds(const std::string& group) const {
  absl::MutexLock lock(&mu_);
  std::vector<std::string> out;
  auto it = groups_.find(group);
  if (it == groups_.end()) return out;
  for (const auto& [id, info] : it->second.channels) out.push_back(info.client_id);
  return out;
}

std::vector<std::string> ConsumerManager::GroupsSubscribing(const std::string& topic) const {
  absl::MutexLock lock(&mu_);
  std::vector<std::string> out;
  for (const auto& [name, g] : groups_) {
    if (g.subscriptions.count(topic) != 0) out.push_back(name);
  }
  return out;
}

}  // namespace spool::broker::internal
