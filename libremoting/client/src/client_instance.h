// File: client_instance.h
// ClientInstance: what every producer and consumer of one client id shares (Java's MQClientInstance): one
// RemotingClient, the route cache (refreshed from the name servers every poll interval), heartbeats to every
// broker, the rebalance and offset-persist timers, and the NOTIFY_CONSUMER_IDS_CHANGED handler. Its threads (the
// scheduler's and the RemotingClient's) are started by Acquire and joined when the last user calls Release.
//
//   SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<ClientInstance> instance, ClientInstance::Acquire(config));
//   SPOOL_RETURN_IF_ERROR(instance->RegisterProducer("PG"));
//   ...
//   instance->UnregisterProducer("PG");
//   ClientInstance::Release(instance);   // the last release shuts it down (never from its own threads)
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "scheduler.h"
#include "spool/client/client_config.h"
#include "spool/client/message_queue.h"
#include "spool/protocol/heartbeat_data.h"
#include "spool/protocol/topic_route_data.h"
#include "spool/remoting/remoting_client.h"
#include "topic_route.h"

namespace spool::client::internal {

// A consumer as the instance drives it. Called on the scheduler thread, never under the instance's locks.
class ConsumerInner {
 public:
  virtual ~ConsumerInner() = default;
  virtual protocol::ConsumerData HeartbeatConsumerData() const = 0;
  virtual std::vector<std::string> SubscribedTopics() const = 0;
  virtual void DoRebalance() = 0;
  virtual void PersistConsumerOffset() = 0;
};

// A non-success response as a Status: "CODE_NAME (code): remark", with a code telling what to do about it.
absl::Status ResponseToStatus(const remoting::RemotingCommand& response, std::string_view what);

class ClientInstance : public std::enable_shared_from_this<ClientInstance> {
 public:
  // The running instance for BuildClientId(config), made and started if there is none.
  static absl::StatusOr<std::shared_ptr<ClientInstance>> Acquire(const ClientConfig& config);
  // Drops one use; the last one shuts the instance down (joins its threads) and forgets it.
  static void Release(const std::shared_ptr<ClientInstance>& instance);

  ClientInstance(ClientConfig config, std::vector<std::string> namesrv_addrs);
  ~ClientInstance();

  const std::string& client_id() const { return client_id_; }
  const ClientConfig& config() const { return config_; }
  remoting::RemotingClient& remoting() { return *remoting_; }
  Scheduler& scheduler() { return scheduler_; }

  // A request stamped with the configured language and version.
  remoting::RemotingCommand NewRequest(int32_t code) const;

  // kAlreadyExists when the group is already registered on this instance.
  absl::Status RegisterProducer(const std::string& group);
  // Also sends UNREGISTER_CLIENT for the group to every broker.
  void UnregisterProducer(const std::string& group);
  absl::Status RegisterConsumer(const std::string& group, std::weak_ptr<ConsumerInner> consumer);
  void UnregisterConsumer(const std::string& group);

  // GET_ROUTEINFO_BY_TOPIC from a name server, cached. kNotFound when the name server knows no route.
  absl::StatusOr<protocol::TopicRouteData> UpdateTopicRoute(const std::string& topic);
  // The cached route or a fresh one.
  absl::StatusOr<protocol::TopicRouteData> GetTopicRoute(const std::string& topic);
  // The queues a producer sends `topic` to; a topic with no route borrows `create_topic_key`'s route (queue counts
  // capped at `default_queue_nums`), so the broker creates the topic on first send.
  absl::StatusOr<TopicPublishInfo> GetPublishInfo(const std::string& topic, const std::string& create_topic_key,
                                                  int32_t default_queue_nums);
  // The readable queues of `topic`.
  absl::StatusOr<std::vector<MessageQueue>> FetchSubscribeQueues(const std::string& topic);

  // Master address of a broker name from the routes seen so far.
  std::optional<std::string> MasterAddr(const std::string& broker_name);
  // The master if known, else any address (slaves serve reads).
  std::optional<std::string> AnyAddr(const std::string& broker_name);
  // An address of some broker serving `topic` (GET_CONSUMER_LIST_BY_GROUP's target).
  std::optional<std::string> AnyBrokerAddrForTopic(const std::string& topic);

  // GET_CONSUMER_LIST_BY_GROUP to one broker of `topic`.
  absl::StatusOr<std::vector<std::string>> FindConsumerIdList(const std::string& topic, const std::string& group);

  // HEART_BEAT to every known broker (masters only when there are no consumers). Errors are logged.
  void SendHeartbeatToAllBrokers();
  // Runs every consumer's rebalance soon, on the scheduler thread.
  void RebalanceImmediately();

 private:
  absl::Status Start();
  void Shutdown();
  void RefreshAllRoutes();
  void RebalanceAll();
  void PersistAllOffsets();
  std::vector<std::shared_ptr<ConsumerInner>> LiveConsumers();
  absl::StatusOr<remoting::RemotingCommand> InvokeNameServer(remoting::RemotingCommand request);

  const ClientConfig config_;
  const std::string client_id_;
  const std::vector<std::string> namesrv_addrs_;
  std::atomic<size_t> namesrv_index_{0};
  std::unique_ptr<remoting::RemotingClient> remoting_;
  Scheduler scheduler_;

  absl::Mutex mu_;
  std::set<std::string> producers_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::weak_ptr<ConsumerInner>> consumers_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, protocol::TopicRouteData> routes_ ABSL_GUARDED_BY(mu_);
  // brokerName -> brokerId -> address, merged from every route seen.
  std::map<std::string, std::map<int64_t, std::string>> broker_addrs_ ABSL_GUARDED_BY(mu_);
  int users_ ABSL_GUARDED_BY(mu_) = 0;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace spool::client::internal
