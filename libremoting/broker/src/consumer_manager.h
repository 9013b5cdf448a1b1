// File: consumer_manager.h
// ConsumerManager: which connections consume for which group, with what subscriptions (RocketMQ's
// ConsumerManager + ConsumerGroupInfo), and NOTIFY_CONSUMER_IDS_CHANGED to every connection of a group when its
// membership or topic set changes (spec broker.md §10).
//
// Thread-safe. Notifications are sent oneway after the lock is released (never blocking), so the methods may be
// called from I/O threads (OnChannelClosed).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "client_channel_info.h"
#include "spool/protocol/heartbeat_data.h"

namespace spool::broker::internal {

struct ConsumerGroupInfo {
  std::string group_name;
  protocol::ConsumeType consume_type = protocol::ConsumeType::kConsumePassively;
  protocol::MessageModel message_model = protocol::MessageModel::kClustering;
  protocol::ConsumeFromWhere consume_from_where = protocol::ConsumeFromWhere::kConsumeFromLastOffset;
  // By channel id.
  std::map<uint64_t, ClientChannelInfo> channels;
  // By topic.
  std::map<std::string, protocol::SubscriptionData> subscriptions;
  int64_t last_update_ms = 0;
};

class ConsumerManager {
 public:
  // `notify_enabled`: BrokerConfig notifyConsumerIdsChangedEnable.
  explicit ConsumerManager(bool notify_enabled) : notify_enabled_(notify_enabled) {}

  // Registers `client` for `data`'s group, merging the subscriptions. `group_notify` is the group config's
  // notifyConsumerIdsChangedEnable. Returns true if the group changed (new channel or different topic set).
  bool RegisterConsumer(const protocol::ConsumerData& data, const ClientChannelInfo& client, bool group_notify);
  // Removes the channel from the group (UNREGISTER_CLIENT).
  void UnregisterConsumer(const std::string& group, uint64_t channel_id, bool group_notify);
  // Removes the channel from every group (connection closed or expired).
  void DropChannel(uint64_t channel_id);
  // Closes and drops channels silent for kChannelExpiredTimeoutMs at `now_ms`; returns how many.
  int ScanNotActiveChannels(int64_t now_ms);

  std::optional<ConsumerGroupInfo> Find(const std::string& group) const;
  std::vector<std::string> ConsumerIds(const std::string& group) const;
  // Groups with a live subscription to `topic`.
  std::vector<std::string> GroupsSubscribing(const std::string& topic) const;

 private:
  void Notify(const std::string& group, const std::vector<std::shared_ptr<remoting::Channel>>& channels) const;
  std::vector<std::shared_ptr<remoting::Channel>> ChannelsLocked(const ConsumerGroupInfo& g) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);

  const bool notify_enabled_;
  mutable absl::Mutex mu_;
  std::map<std::string, ConsumerGroupInfo> groups_ ABSL_GUARDED_BY(mu_);
};

}  // namespace spool::broker::internal
