// File: spool/namesrv/route_info_manager.h
// RouteInfoManager: the name server's in-memory state (spec namesrv.md §2): which brokers are registered, in which
// clusters, with which queues per topic, when each was last heard from, and with which topic-table data version.
// Nothing here is persisted: brokers re-register every 30 s.
//
//   RouteInfoManager routes;
//   protocol::RegisterBrokerResult r = routes.RegisterBroker(registration, now_ms);
//   std::optional<protocol::TopicRouteData> route = routes.PickupTopicRouteData("TopicTest");
//   routes.ScanNotActiveBrokers(now_ms);            // drops brokers silent for more than 120 s
//   routes.OnChannelDestroy(remote_addr, channel);  // drops the brokers registered on a closed connection
//
// Time is always passed in (milliseconds since the epoch), so tests drive expiry without a clock or sleeps.
//
// Thread safety: every method may be called from any thread. Reads share one reader/writer lock, changes take it
// exclusively (RocketMQ's single ReentrantReadWriteLock); no callbacks run under it (channels of expired brokers
// are closed after it is released).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "spool/protocol/cluster_info.h"
#include "spool/protocol/data_version.h"
#include "spool/protocol/queue_data.h"
#include "spool/protocol/register_broker_result.h"
#include "spool/protocol/topic_config_serialize_wrapper.h"
#include "spool/protocol/topic_list.h"
#include "spool/protocol/topic_route_data.h"
#include "spool/remoting/channel.h"

namespace spool::namesrv {

// BROKER_CHANNEL_EXPIRED_TIME: a broker not heard from for longer than this is removed.
inline constexpr int64_t kBrokerChannelExpiredMillis = 120'000;

// One REGISTER_BROKER, decoded.
struct BrokerRegistration {
  std::string cluster_name;
  // "ip:port" clients use; the key of the broker's liveness entry.
  std::string broker_addr;
  std::string broker_name;
  // 0 master, >= 1 slave.
  int64_t broker_id = 0;
  std::string ha_server_addr;
  // The broker's topic table. nullopt only for callers that have none; a registration without a body carries an
  // empty table with data version {0, 0}.
  std::optional<protocol::TopicConfigSerializeWrapper> topic_config_wrapper;
  // nullopt: leave the broker's filter servers alone (bodies older than V3_0_11); empty: clear them.
  std::optional<std::vector<std::string>> filter_server_list;
  // The connection it came on; closing it removes the broker. May be null (tests, in-process callers).
  std::shared_ptr<remoting::Channel> channel;
};

// QUERY_DATA_VERSION's outcome.
struct DataVersionCheck {
  // No liveness entry for the address, or its stored version differs from the one asked about.
  bool changed = true;
  // The stored version, if the broker is registered.
  std::optional<protocol::DataVersion> stored;
};

// A liveness entry, for tools and tests.
struct BrokerLiveInfo {
  int64_t last_update_timestamp = 0;
  protocol::DataVersion data_version;
  std::string ha_server_addr;
  std::shared_ptr<remoting::Channel> channel;
};

class RouteInfoManager {
 public:
  RouteInfoManager() = default;
  RouteInfoManager(const RouteInfoManager&) = delete;
  RouteInfoManager& operator=(const RouteInfoManager&) = delete;

  // RouteInfoManager.registerBroker (spec namesrv.md §3.3): records the broker in its cluster and broker name
  // (replacing an entry of the same address under another id, a slave turned master), refreshes its liveness
  // entry to `now_ms` with the body's data version, and, for a master whose registration is its first or whose
  // data version changed, writes a QueueData for every topic in the body (topics absent from the body are kept).
  // For a slave whose master is registered and alive, the result carries the master's address and HA address
  // (its kv_table is left empty: the caller adds the KV config).
  protocol::RegisterBrokerResult RegisterBroker(const BrokerRegistration& registration, int64_t now_ms);

  // UNREGISTER_BROKER: drops the address's liveness and filter-server entries and the id from its broker name;
  // a broker name left without addresses leaves its cluster and every topic (topics left with no broker go).
  void UnregisterBroker(std::string_view cluster_name, std::string_view broker_addr, std::string_view broker_name,
                        int64_t broker_id);

  // QUERY_DATA_VERSION: compares `version` with the stored one; when unchanged, the broker counts as heard from
  // at `now_ms`.
  DataVersionCheck QueryDataVersion(std::string_view broker_addr, const protocol::DataVersion& version,
                                    int64_t now_ms);

  // The route of `topic`: its QueueDatas and the BrokerData of each of their broker names, sorted by broker name;
  // nullopt unless the topic has queue data and at least one of its brokers is registered.
  std::optional<protocol::TopicRouteData> PickupTopicRouteData(std::string_view topic) const;

  protocol::ClusterInfo GetAllClusterInfo() const;
  // Every topic with queue data.
  protocol::TopicList GetAllTopicList() const;
  // Topics with queue data on a broker of `cluster` (none for an unknown cluster).
  protocol::TopicList GetTopicsByCluster(std::string_view cluster) const;
  // Every cluster name and broker name, with the first address of the first broker as brokerAddr.
  protocol::TopicList GetSystemTopicList() const;
  // Topics whose first QueueData has the unit flag / the unit-sub flag / unit-sub without unit.
  protocol::TopicList GetUnitTopics() const;
  protocol::TopicList GetHasUnitSubTopicList() const;
  protocol::TopicList GetHasUnitSubUnUnitTopicList() const;

  // WIPE_WRITE_PERM_OF_BROKER / ADD_WRITE_PERM_OF_BROKER: clears the write bit of, or sets read+write on, every
  // QueueData of `broker_name`; returns how many topics were touched. Holds until a registration with a changed
  // data version rewrites the QueueData.
  int WipeWritePermOfBroker(std::string_view broker_name);
  int AddWritePermOfBroker(std::string_view broker_name);

  // DELETE_TOPIC_IN_NAMESRV: the whole topic, or only its queue data on the brokers of `cluster_name`.
  void DeleteTopic(std::string_view topic);
  void DeleteTopic(std::string_view topic, std::string_view cluster_name);

  // scanNotActiveBroker: removes every broker last heard from more than kBrokerChannelExpiredMillis before
  // `now_ms` (as UNREGISTER_BROKER would) and closes its connection. Returns the removed addresses.
  std::vector<std::string> ScanNotActiveBrokers(int64_t now_ms);

  // BrokerHousekeepingService: a connection closed. Removes every broker registered on `channel`, or, when none
  // was (it had re-registered elsewhere, or `channel` is null), the broker whose address is `remote_addr`.
  // Returns the removed addresses.
  std::vector<std::string> OnChannelDestroy(std::string_view remote_addr, const remoting::Channel* channel);

  // Introspection.
  std::optional<BrokerLiveInfo> FindLiveBroker(std::string_view broker_addr) const;
  size_t LiveBrokerCount() const;

 private:
  // Removes the liveness entry of `broker_addr` and the address from whichever BrokerData holds it, cascading
  // as UnregisterBroker does.
  void RemoveBrokerAddrLocked(const std::string& broker_addr) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Drops `broker_name`'s QueueData from every topic, and topics left empty.
  void RemoveTopicsOfBrokerLocked(const std::string& broker_name) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void CreateOrUpdateQueueDataLocked(const std::string& broker_name, const protocol::TopicConfig& config)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool IsBrokerTopicConfigChangedLocked(const std::string& broker_addr, const protocol::DataVersion& version) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  int OperateWritePerm(std::string_view broker_name, bool wipe);
  template <typename Pred>
  protocol::TopicList TopicsWhoseFirstQueueData(Pred pred) const;

  mutable absl::Mutex mu_;
  // topic -> brokerName -> QueueData.
  std::map<std::string, std::map<std::string, protocol::QueueData>, std::less<>> topic_queue_table_
      ABSL_GUARDED_BY(mu_);
  // brokerName -> BrokerData.
  std::map<std::string, protocol::BrokerData, std::less<>> broker_addr_table_ ABSL_GUARDED_BY(mu_);
  // clusterName -> brokerNames.
  std::map<std::string, std::set<std::string>, std::less<>> cluster_addr_table_ ABSL_GUARDED_BY(mu_);
  // brokerAddr -> liveness.
  std::map<std::string, BrokerLiveInfo, std::less<>> broker_live_table_ ABSL_GUARDED_BY(mu_);
  // brokerAddr -> filter servers.
  std::map<std::string, std::vector<std::string>, std::less<>> filter_server_table_ ABSL_GUARDED_BY(mu_);
};

}  // namespace spool::namesrv
