#include "spool/namesrv/route_info_manager.h"

#include <utility>

#include "logging.h"
#include "spool/protocol/perm.h"
#include "spool/protocol/topic_sys_flag.h"

namespace spool::namesrv {

using internal::NamesrvLog;
using protocol::BrokerData;
using protocol::DataVersion;
using protocol::QueueData;
using protocol::TopicConfig;
using protocol::TopicList;

protocol::RegisterBrokerResult RouteInfoManager::RegisterBroker(const BrokerRegistration& reg, int64_t now_ms) {
  protocol::RegisterBrokerResult result;
  absl::WriterMutexLock lock(&mu_);

  cluster_addr_table_[reg.cluster_name].insert(reg.broker_name);

  auto [bd_it, created] = broker_addr_table_.try_emplace(reg.broker_name);
  BrokerData& broker_data = bd_it->second;
  bool register_first = created;
  if (created) {
    broker_data.cluster = reg.cluster_name;
    broker_data.broker_name = reg.broker_name;
  }
  // One address has one id: a slave promoted to master re-registers its address under id 0.
  std::erase_if(broker_data.broker_addrs,
                [&](const auto& entry) { return entry.second == reg.broker_addr && entry.first != reg.broker_id; });
  const bool new_id = broker_data.broker_addrs.insert_or_assign(reg.broker_id, reg.broker_addr).second;
  register_first = register_first || new_id;

  const DataVersion version =
      reg.topic_config_wrapper.has_value() ? reg.topic_config_wrapper->data_version : DataVersion{};
  if (reg.topic_config_wrapper.has_value() && reg.broker_id == protocol::kMasterId &&
      (register_first || IsBrokerTopicConfigChangedLocked(reg.broker_addr, version))) {
    for (const auto& entry : reg.topic_config_wrapper->topic_config_table) {
      CreateOrUpdateQueueDataLocked(reg.broker_name, entry.second);
    }
  }

  const bool new_live = broker_live_table_
                            .insert_or_assign(reg.broker_addr, BrokerLiveInfo{.last_update_timestamp = now_ms,
                                                                              .data_version = version,
                                                                              .ha_server_addr = reg.ha_server_addr,
                                                                              .channel = reg.channel})
                            .second;
  if (new_live) {
    NamesrvLog().info("new broker registered: {} (cluster {}, name {}, id {}), HA server {}", reg.broker_addr,
                      reg.cluster_name, reg.broker_name, reg.broker_id, reg.ha_server_addr);
  }

  if (reg.filter_server_list.has_value()) {
    if (reg.filter_server_list->empty()) {
      filter_server_table_.erase(reg.broker_addr);
    } else {
      filter_server_table_[reg.broker_addr] = *reg.filter_server_list;
    }
  }

  if (reg.broker_id != protocol::kMasterId) {
    if (std::optional<std::string> master = broker_data.MasterAddr(); master.has_value()) {
      if (auto master_live = broker_live_table_.find(*master); master_live != broker_live_table_.end()) {
        result.ha_server_addr = master_live->second.ha_server_addr;
        result.master_addr = *master;
      }
    }
  }
  return result;
}

bool RouteInfoManager::IsBrokerTopicConfigChangedLocked(const std::string& broker_addr,
                                                        const DataVersion& version) const {
  auto it = broker_live_table_.find(broker_addr);
  return it == broker_live_table_.end() || !(it->second.data_version == version);
}

void RouteInfoManager::CreateOrUpdateQueueDataLocked(const std::string& broker_name, const TopicConfig& config) {
  QueueData qd{.broker_name = broker_name,
               .read_queue_nums = config.read_queue_nums,
               .write_queue_nums = config.write_queue_nums,
               .perm = config.perm,
               .topic_sys_flag = config.topic_sys_flag};
  auto [topic_it, new_topic] = topic_queue_table_.try_emplace(config.topic_name);
  if (new_topic) NamesrvLog().debug("new topic registered: {} on {}", config.topic_name, broker_name);
  topic_it->second.insert_or_assign(broker_name, std::move(qd));
}

void RouteInfoManager::UnregisterBroker(std::string_view cluster_name, std::string_view broker_addr,
                                        std::string_view broker_name, int64_t broker_id) {
  absl::WriterMutexLock lock(&mu_);
  if (auto it = broker_live_table_.find(broker_addr); it != broker_live_table_.end()) broker_live_table_.erase(it);
  if (auto it = filter_server_table_.find(broker_addr); it != filter_server_table_.end()) filter_server_table_.erase(it);
  NamesrvLog().info("unregister broker {} (cluster {}, name {}, id {})", broker_addr, cluster_name, broker_name,
                    broker_id);

  auto bd = broker_addr_table_.find(broker_name);
  if (bd == broker_addr_table_.end()) return;
  bd->second.broker_addrs.erase(broker_id);
  if (!bd->second.broker_addrs.empty()) return;
  const std::string name = bd->first;
  broker_addr_table_.erase(bd);
  if (auto cluster = cluster_addr_table_.find(cluster_name); cluster != cluster_addr_table_.end()) {
    cluster->second.erase(name);
    if (cluster->second.empty()) cluster_addr_table_.erase(cluster);
  }
  RemoveTopicsOfBrokerLocked(name);
}

void RouteInfoManager::RemoveTopicsOfBrokerLocked(const std::string& broker_name) {
  for (auto it = topic_queue_table_.begin(); it != topic_queue_table_.end();) {
    it->second.erase(broker_name);
    if (it->second.empty()) {
      it = topic_queue_table_.erase(it);
    } else {
      ++it;
    }
  }
}

void RouteInfoManager::RemoveBrokerAddrLocked(const std::string& broker_addr) {
  broker_live_table_.erase(broker_addr);
  filter_server_table_.erase(broker_addr);

  for (auto bd = broker_addr_table_.begin(); bd != broker_addr_table_.end(); ++bd) {
    const size_t removed =
        std::erase_if(bd->second.broker_addrs, [&](const auto& entry) { return entry.second == broker_addr; });
    if (removed == 0) continue;
    if (bd->second.broker_addrs.empty()) {
      const std::string name = bd->first;
      broker_addr_table_.erase(bd);
      NamesrvLog().info("broker name {} removed: its last address {} is gone", name, broker_addr);
      for (auto cluster = cluster_addr_table_.begin(); cluster != cluster_addr_table_.end(); ++cluster) {
        if (cluster->second.erase(name) == 0) continue;
        if (cluster->second.empty()) cluster_addr_table_.erase(cluster);
        break;
      }
      RemoveTopicsOfBrokerLocked(name);
    }
    return;  // an address belongs to one broker name
  }
}

DataVersionCheck RouteInfoManager::QueryDataVersion(std::string_view broker_addr, const DataVersion& version,
                                                    int64_t now_ms) {
  absl::WriterMutexLock lock(&mu_);
  DataVersionCheck check;
  auto it = broker_live_table_.find(broker_addr);
  if (it == broker_live_table_.end()) return check;
  check.stored = it->second.data_version;
  check.changed = !(it->second.data_version == version);
  if (!check.changed) it->second.last_update_timestamp = now_ms;
  return check;
}

std::optional<protocol::TopicRouteData> RouteInfoManager::PickupTopicRouteData(std::string_view topic) const {
  absl::ReaderMutexLock lock(&mu_);
  auto queues = topic_queue_table_.find(topic);
  if (queues == topic_queue_table_.end() || queues->second.empty()) return std::nullopt;
  protocol::TopicRouteData route;
  for (const auto& [broker_name, qd] : queues->second) {
    route.queue_datas.push_back(qd);
    auto bd = broker_addr_table_.find(broker_name);
    if (bd == broker_addr_table_.end()) continue;
    route.broker_datas.push_back(bd->second);
    if (filter_server_table_.empty()) continue;
    for (const auto& entry : bd->second.broker_addrs) {
      if (auto fs = filter_server_table_.find(entry.second); fs != filter_server_table_.end()) {
        route.filter_server_table[entry.second] = fs->second;
      }
    }
  }
  if (route.broker_datas.empty()) return std::nullopt;
  return route;
}

protocol::ClusterInfo RouteInfoManager::GetAllClusterInfo() const {
  absl::ReaderMutexLock lock(&mu_);
  protocol::ClusterInfo info;
  info.broker_addr_table.insert(broker_addr_table_.begin(), broker_addr_table_.end());
  info.cluster_addr_table.insert(cluster_addr_table_.begin(), cluster_addr_table_.end());
  return info;
}

TopicList RouteInfoManager::GetAllTopicList() const {
  absl::ReaderMutexLock lock(&mu_);
  TopicList list;
  for (const auto& entry : topic_queue_table_) list.topic_list.insert(entry.first);
  return list;
}

TopicList RouteInfoManager::GetTopicsByCluster(std::string_view cluster) const {
  absl::ReaderMutexLock lock(&mu_);
  TopicList list;
  auto names = cluster_addr_table_.find(cluster);
  if (names == cluster_addr_table_.end()) return list;
  for (const auto& [topic, queues] : topic_queue_table_) {
    for (const std::string& name : names->second) {
      if (queues.contains(name)) {
        list.topic_list.insert(topic);
        break;
      }
    }
  }
  return list;
}

TopicList RouteInfoManager::GetSystemTopicList() const {
  absl::ReaderMutexLock lock(&mu_);
  TopicList list;
  for (const auto& [cluster, names] : cluster_addr_table_) {
    list.topic_list.insert(cluster);
    list.topic_list.insert(names.begin(), names.end());
  }
  for (const auto& entry : broker_addr_table_) {
    if (!entry.second.broker_addrs.empty()) {
      list.broker_addr = entry.second.broker_addrs.begin()->second;
      break;
    }
  }
  return list;
}

template <typename Pred>
TopicList RouteInfoManager::TopicsWhoseFirstQueueData(Pred pred) const {
  absl::ReaderMutexLock lock(&mu_);
  TopicList list;
  for (const auto& [topic, queues] : topic_queue_table_) {
    // RocketMQ looks at one QueueData per topic: brokers of a topic share its flags.
    if (!queues.empty() && pred(queues.begin()->second.topic_sys_flag)) list.topic_list.insert(topic);
  }
  return list;
}

TopicList RouteInfoManager::GetUnitTopics() const {
  return TopicsWhoseFirstQueueData([](int32_t flag) { return protocol::HasUnitFlag(flag); });
}

TopicList RouteInfoManager::GetHasUnitSubTopicList() const {
  return TopicsWhoseFirstQueueData([](int32_t flag) { return protocol::HasUnitSubFlag(flag); });
}

TopicList RouteInfoManager::GetHasUnitSubUnUnitTopicList() const {
  return TopicsWhoseFirstQueueData(
      [](int32_t flag) { return !protocol::HasUnitFlag(flag) && protocol::HasUnitSubFlag(flag); });
}

int RouteInfoManager::OperateWritePerm(std::string_view broker_name, bool wipe) {
  absl::WriterMutexLock lock(&mu_);
  int count = 0;
  for (auto& entry : topic_queue_table_) {
    auto qd = entry.second.find(std::string(broker_name));
    if (qd == entry.second.end()) continue;
    qd->second.perm = wipe ? (qd->second.perm & ~protocol::kPermWrite) : (protocol::kPermRead | protocol::kPermWrite);
    ++count;
  }
  return count;
}

int RouteInfoManager::WipeWritePermOfBroker(std::string_view broker_name) { return OperateWritePerm(broker_name, true); }

int RouteInfoManager::AddWritePermOfBroker(std::string_view broker_name) { return OperateWritePerm(broker_name, false); }

void RouteInfoManager::DeleteTopic(std::string_view topic) {
  absl::WriterMutexLock lock(&mu_);
  if (auto it = topic_queue_table_.find(topic); it != topic_queue_table_.end()) topic_queue_table_.erase(it);
}

void RouteInfoManager::DeleteTopic(std::string_view topic, std::string_view cluster_name) {
  absl::WriterMutexLock lock(&mu_);
  auto names = cluster_addr_table_.find(cluster_name);
  auto queues = topic_queue_table_.find(topic);
  if (names == cluster_addr_table_.end() || queues == topic_queue_table_.end()) return;
  for (const std::string& name : names->second) queues->second.erase(name);
  if (queues->second.empty()) topic_queue_table_.erase(queues);
}

std::vector<std::string> RouteInfoManager::ScanNotActiveBrokers(int64_t now_ms) {
  std::vector<std::string> removed;
  std::vector<std::shared_ptr<remoting::Channel>> to_close;
  {
    absl::WriterMutexLock lock(&mu_);
    std::vector<std::string> expired;
    for (const auto& [addr, live] : broker_live_table_) {
      if (live.last_update_timestamp + kBrokerChannelExpiredMillis < now_ms) expired.push_back(addr);
    }
    for (const std::string& addr : expired) {
      auto live = broker_live_table_.find(addr);
      NamesrvLog().warn("broker {} expired: not heard from for {} ms (last at {})", addr,
                        now_ms - live->second.last_update_timestamp, live->second.last_update_timestamp);
      if (live->second.channel != nullptr) to_close.push_back(live->second.channel);
      RemoveBrokerAddrLocked(addr);
      removed.push_back(addr);
    }
  }
  // Closing reports back through OnChannelDestroy, which takes the lock: never close while holding it.
  for (const auto& channel : to_close) channel->Close();
  return removed;
}

std::vector<std::string> RouteInfoManager::OnChannelDestroy(std::string_view remote_addr,
                                                            const remoting::Channel* channel) {
  absl::WriterMutexLock lock(&mu_);
  std::vector<std::string> found;
  if (channel != nullptr) {
    for (const auto& [addr, live] : broker_live_table_) {
      if (live.channel.get() == channel) found.push_back(addr);
    }
  }
  if (found.empty() && !remote_addr.empty() && broker_live_table_.contains(remote_addr)) {
    found.emplace_back(remote_addr);
  }
  for (const std::string& addr : found) {
    NamesrvLog().info("connection of broker {} closed, removing it", addr);
    RemoveBrokerAddrLocked(addr);
  }
  return found;
}

std::optional<BrokerLiveInfo> RouteInfoManager::FindLiveBroker(std::string_view broker_addr) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = broker_live_table_.find(broker_addr);
  if (it == broker_live_table_.end()) return std::nullopt;
  return it->second;
}

size_t RouteInfoManager::LiveBrokerCount() const {
  absl::ReaderMutexLock lock(&mu_);
  return broker_live_table_.size();
}

}  // namespace spool::namesrv
