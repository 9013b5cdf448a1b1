#include "client_instance.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "fmt/format.h"
#include "logging.h"
#include "spool/protocol/broker_headers.h"
#include "spool/protocol/consumer_list_body.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "spool/status_macros.h"

namespace spool::client::internal {

namespace rc = remoting::request_code;
namespace resp = remoting::response_code;

absl::Status ResponseToStatus(const remoting::RemotingCommand& response, std::string_view what) {
  std::string text = fmt::format("{}: {} ({}): {}", what, remoting::ResponseCodeName(response.code()),
                                 response.code(), response.remark().value_or(""));
  switch (response.code()) {
    case resp::kTopicNotExist:
    case resp::kQueryNotFound:
    case resp::kSubscriptionGroupNotExist:
    case resp::kSubscriptionNotExist:
      return absl::NotFoundError(text);
    case resp::kMessageIllegal:
    case resp::kSubscriptionParseFailed:
      return absl::InvalidArgumentError(text);
    case resp::kNoPermission:
      return absl::PermissionDeniedError(text);
    case resp::kSystemBusy:
    case resp::kServiceNotAvailable:
      return absl::UnavailableError(text);
    default:
      return absl::InternalError(text);
  }
}

namespace {

absl::Mutex registry_mu(absl::kConstInit);
std::map<std::string, std::shared_ptr<ClientInstance>>& Registry() ABSL_EXCLUSIVE_LOCKS_REQUIRED(registry_mu) {
  static auto* registry = new std::map<std::string, std::shared_ptr<ClientInstance>>();
  return *registry;
}

}  // namespace

absl::StatusOr<std::shared_ptr<ClientInstance>> ClientInstance::Acquire(const ClientConfig& config) {
  SPOOL_ASSIGN_OR_RETURN(std::vector<std::string> addrs, ParseNamesrvAddr(config.namesrv_addr));
  const std::string id = BuildClientId(config);
  absl::MutexLock lock(&registry_mu);
  auto it = Registry().find(id);
  if (it != Registry().end()) {
    absl::MutexLock inner(&it->second->mu_);
    ++it->second->users_;
    return it->second;
  }
  auto instance = std::make_shared<ClientInstance>(config, std::move(addrs));
  SPOOL_RETURN_IF_ERROR(instance->Start());
  {
    absl::MutexLock inner(&instance->mu_);
    instance->users_ = 1;
  }
  Registry()[id] = instance;
  return instance;
}

void ClientInstance::Release(const std::shared_ptr<ClientInstance>& instance) {
  if (instance == nullptr) return;
  bool last = false;
  {
    absl::MutexLock lock(&registry_mu);
    absl::MutexLock inner(&instance->mu_);
    if (--instance->users_ <= 0) {
      last = true;
      auto it = Registry().find(instance->client_id_);
      if (it != Registry().end() && it->second == instance) Registry().erase(it);
    }
  }
  if (last) instance->Shutdown();
}

ClientInstance::ClientInstance(ClientConfig config, std::vector<std::string> namesrv_addrs)
    : config_(std::move(config)),
      client_id_(BuildClientId(config_)),
      namesrv_addrs_(std::move(namesrv_addrs)),
      remoting_(std::make_unique<remoting::RemotingClient>()),
      scheduler_("spool-client") {}

ClientInstance::~ClientInstance() { Shutdown(); }

remoting::RemotingCommand ClientInstance::NewRequest(int32_t code) const {
  remoting::RemotingCommand request = remoting::RemotingCommand::CreateRequest(code);
  request.set_language(config_.language);
  request.set_version(config_.version);
  return request;
}

absl::Status ClientInstance::Start() {
  // Brokers tell consumers to rebalance at once when the group changes, instead of waiting for the timer.
  // The processor holds a raw pointer: the RemotingClient (and its executors) stop in Shutdown, before `this` dies.
  auto notify = remoting::MakeRequestProcessor(
      [this](const remoting::RequestContext&, remoting::RemotingCommand request) -> remoting::ProcessResult {
        ClientLog().debug("{}: consumer ids changed for group {}", client_id_,
                          request.GetStringOr("consumerGroup", "").value_or(""));
        RebalanceImmediately();
        return std::nullopt;
      });
  auto pool = std::make_shared<remoting::BoundedThreadPool>("client-notify", 1, 1024);
  SPOOL_RETURN_IF_ERROR(remoting_->RegisterProcessor(rc::kNotifyConsumerIdsChanged, notify, pool));
  SPOOL_RETURN_IF_ERROR(remoting_->Start());
  scheduler_.Start();
  scheduler_.ScheduleEvery(absl::Milliseconds(10), config_.poll_name_server_interval, [this] { RefreshAllRoutes(); });
  scheduler_.ScheduleEvery(absl::Seconds(1), config_.heartbeat_broker_interval,
                           [this] { SendHeartbeatToAllBrokers(); });
  scheduler_.ScheduleEvery(absl::Seconds(10), config_.persist_consumer_offset_interval,
                           [this] { PersistAllOffsets(); });
  scheduler_.ScheduleEvery(config_.rebalance_interval, config_.rebalance_interval, [this] { RebalanceAll(); });
  ClientLog().info("client instance {} started", client_id_);
  return absl::OkStatus();
}

void ClientInstance::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    if (shut_down_) return;
    shut_down_ = true;
  }
  scheduler_.Shutdown();
  remoting_->Shutdown();
  ClientLog().info("client instance {} shut down", client_id_);
}

absl::Status ClientInstance::RegisterProducer(const std::string& group) {
  {
    absl::MutexLock lock(&mu_);
    if (!producers_.insert(group).second) {
      return absl::AlreadyExistsError(
          absl::StrCat("producer group ", group, " is already registered on client ", client_id_));
    }
  }
  return absl::OkStatus();
}

void ClientInstance::UnregisterProducer(const std::string& group) {
  std::vector<std::string> addrs;
  {
    absl::MutexLock lock(&mu_);
    producers_.erase(group);
    for (const auto& [name, ids] : broker_addrs_) {
      for (const auto& [id, addr] : ids) addrs.push_back(addr);
    }
  }
  for (const std::string& addr : addrs) {
    protocol::UnregisterClientRequestHeader header{.client_id = client_id_, .producer_group = group};
    remoting::RemotingCommand request = NewRequest(rc::kUnregisterClient);
    protocol::EncodeHeader(header, &request);
    (void)remoting_->InvokeSync(addr, std::move(request), config_.api_timeout);
  }
}

absl::Status ClientInstance::RegisterConsumer(const std::string& group, std::weak_ptr<ConsumerInner> consumer) {
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = consumers_.emplace(group, std::move(consumer));
  if (!inserted) {
    return absl::AlreadyExistsError(
        absl::StrCat("consumer group ", group, " is already registered on client ", client_id_,
                     " (give each consumer of one process its own instance name)"));
  }
  return absl::OkStatus();
}

void ClientInstance::UnregisterConsumer(const std::string& group) {
  std::vector<std::string> addrs;
  {
    absl::MutexLock lock(&mu_);
    consumers_.erase(group);
    for (const auto& [name, ids] : broker_addrs_) {
      for (const auto& [id, addr] : ids) addrs.push_back(addr);
    }
  }
  for (const std::string& addr : addrs) {
    protocol::UnregisterClientRequestHeader header{.client_id = client_id_, .consumer_group = group};
    remoting::RemotingCommand request = NewRequest(rc::kUnregisterClient);
    protocol::EncodeHeader(header, &request);
    (void)remoting_->InvokeSync(addr, std::move(request), config_.api_timeout);
  }
}

absl::StatusOr<remoting::RemotingCommand> ClientInstance::InvokeNameServer(remoting::RemotingCommand request) {
  // One name server at a time; a transport failure moves on to the next, as Java's client does.
  absl::Status last = absl::UnavailableError("no name server");
  for (size_t attempt = 0; attempt < namesrv_addrs_.size(); ++attempt) {
    const size_t index = namesrv_index_.load() % namesrv_addrs_.size();
    absl::StatusOr<remoting::RemotingCommand> response =
        remoting_->InvokeSync(namesrv_addrs_[index], request, config_.api_timeout);
    if (response.ok()) return response;
    last = absl::Status(response.status().code(),
                        absl::StrCat("name server ", namesrv_addrs_[index], ": ", response.status().message()));
    namesrv_index_.fetch_add(1);
  }
  return last;
}

absl::StatusOr<protocol::TopicRouteData> ClientInstance::UpdateTopicRoute(const std::string& topic) {
  remoting::RemotingCommand request = NewRequest(rc::kGetRouteinfoByTopic);
  request.SetExtField("topic", topic);
  SPOOL_ASSIGN_OR_RETURN(remoting::RemotingCommand response, InvokeNameServer(std::move(request)));
  if (response.code() != resp::kSuccess) {
    return ResponseToStatus(response, absl::StrCat("route of topic ", topic));
  }
  absl::StatusOr<protocol::TopicRouteData> route = protocol::TopicRouteData::Decode(response.body());
  if (!route.ok()) {
    return absl::DataLossError(absl::StrCat("route of topic ", topic, ": ", route.status().message()));
  }
  absl::MutexLock lock(&mu_);
  routes_[topic] = *route;
  for (const auto& bd : route->broker_datas) {
    for (const auto& [id, addr] : bd.broker_addrs) broker_addrs_[bd.broker_name][id] = addr;
  }
  return route;
}

absl::StatusOr<protocol::TopicRouteData> ClientInstance::GetTopicRoute(const std::string& topic) {
  {
    absl::MutexLock lock(&mu_);
    auto it = routes_.find(topic);
    if (it != routes_.end() && !it->second.queue_datas.empty()) return it->second;
  }
  return UpdateTopicRoute(topic);
}

absl::StatusOr<TopicPublishInfo> ClientInstance::GetPublishInfo(const std::string& topic,
                                                                const std::string& create_topic_key,
                                                                int32_t default_queue_nums) {
  absl::StatusOr<protocol::TopicRouteData> route = GetTopicRoute(topic);
  if (route.ok()) {
    TopicPublishInfo info = PublishInfoFromRoute(topic, *route);
    if (info.ok()) return info;
  } else if (!absl::IsNotFound(route.status())) {
    return route.status();
  }
  // No route yet: send through the template's brokers; the broker creates the topic from TBW102's config.
  absl::StatusOr<protocol::TopicRouteData> template_route = GetTopicRoute(create_topic_key);
  if (!template_route.ok()) {
    return absl::NotFoundError(absl::StrCat("no route info of topic ", topic, " (nor of ", create_topic_key,
                                            "): ", template_route.status().message()));
  }
  TopicPublishInfo info = PublishInfoFromRoute(topic, RouteFromDefaultTopic(*template_route, default_queue_nums));
  if (!info.ok()) return absl::NotFoundError(absl::StrCat("no writable queue for topic ", topic));
  return info;
}

absl::StatusOr<std::vector<MessageQueue>> ClientInstance::FetchSubscribeQueues(const std::string& topic) {
  SPOOL_ASSIGN_OR_RETURN(protocol::TopicRouteData route, GetTopicRoute(topic));
  std::vector<MessageQueue> queues = SubscribeQueuesFromRoute(topic, route);
  if (queues.empty()) return absl::NotFoundError(absl::StrCat("no readable queue for topic ", topic));
  return queues;
}

std::optional<std::string> ClientInstance::MasterAddr(const std::string& broker_name) {
  absl::MutexLock lock(&mu_);
  auto it = broker_addrs_.find(broker_name);
  if (it == broker_addrs_.end()) return std::nullopt;
  auto master = it->second.find(protocol::kMasterId);
  if (master == it->second.end()) return std::nullopt;
  return master->second;
}

std::optional<std::string> ClientInstance::AnyAddr(const std::string& broker_name) {
  absl::MutexLock lock(&mu_);
  auto it = broker_addrs_.find(broker_name);
  if (it == broker_addrs_.end() || it->second.empty()) return std::nullopt;
  return it->second.begin()->second;  // lowest id: the master when registered
}

std::optional<std::string> ClientInstance::AnyBrokerAddrForTopic(const std::string& topic) {
  absl::MutexLock lock(&mu_);
  auto it = routes_.find(topic);
  if (it == routes_.end()) return std::nullopt;
  for (const auto& bd : it->second.broker_datas) {
    if (!bd.broker_addrs.empty()) return bd.broker_addrs.begin()->second;
  }
  return std::nullopt;
}

absl::StatusOr<std::vector<std::string>> ClientInstance::FindConsumerIdList(const std::string& topic,
                                                                           const std::string& group) {
  std::optional<std::string> addr = AnyBrokerAddrForTopic(topic);
  if (!addr.has_value()) {
    SPOOL_RETURN_IF_ERROR(UpdateTopicRoute(topic).status());
    addr = AnyBrokerAddrForTopic(topic);
    if (!addr.has_value()) return absl::NotFoundError(absl::StrCat("no broker serves topic ", topic));
  }
  remoting::RemotingCommand request = NewRequest(rc::kGetConsumerListByGroup);
  protocol::EncodeHeader(protocol::ConsumerGroupHeader{.consumer_group = group}, &request);
  SPOOL_ASSIGN_OR_RETURN(remoting::RemotingCommand response,
                         remoting_->InvokeSync(*addr, std::move(request), config_.api_timeout));
  if (response.code() != resp::kSuccess) {
    return ResponseToStatus(response, absl::StrCat("consumer list of group ", group));
  }
  SPOOL_ASSIGN_OR_RETURN(protocol::ConsumerListBody body, protocol::ConsumerListBody::Decode(response.body()));
  return body.consumer_id_list;
}

std::vector<std::shared_ptr<ConsumerInner>> ClientInstance::LiveConsumers() {
  std::vector<std::shared_ptr<ConsumerInner>> out;
  absl::MutexLock lock(&mu_);
  for (const auto& [group, weak] : consumers_) {
    if (auto consumer = weak.lock()) out.push_back(std::move(consumer));
  }
  return out;
}

void ClientInstance::SendHeartbeatToAllBrokers() {
  protocol::HeartbeatData hb;
  hb.client_id = client_id_;
  std::vector<std::shared_ptr<ConsumerInner>> consumers = LiveConsumers();
  for (const auto& consumer : consumers) hb.consumer_data_set.push_back(consumer->HeartbeatConsumerData());
  std::vector<std::string> addrs;
  {
    absl::MutexLock lock(&mu_);
    for (const std::string& group : producers_) hb.producer_data_set.push_back(protocol::ProducerData{group});
    for (const auto& [name, ids] : broker_addrs_) {
      for (const auto& [id, addr] : ids) {
        if (id == protocol::kMasterId || !hb.consumer_data_set.empty()) addrs.push_back(addr);
      }
    }
  }
  if (hb.producer_data_set.empty() && hb.consumer_data_set.empty()) return;
  const std::string body = hb.Encode();
  for (const std::string& addr : addrs) {
    remoting::RemotingCommand request = NewRequest(rc::kHeartBeat);
    request.set_body(body);
    absl::StatusOr<remoting::RemotingCommand> response =
        remoting_->InvokeSync(addr, std::move(request), config_.api_timeout);
    if (!response.ok()) {
      ClientLog().warn("{}: heartbeat to {} failed: {}", client_id_, addr, response.status().ToString());
    } else if (response->code() != resp::kSuccess) {
      ClientLog().warn("{}: heartbeat to {} refused: {}", client_id_, addr,
                       ResponseToStatus(*response, "heartbeat").ToString());
    }
  }
}

void ClientInstance::RefreshAllRoutes() {
  std::set<std::string> topics;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [topic, route] : routes_) topics.insert(topic);
  }
  for (const auto& consumer : LiveConsumers()) {
    for (std::string& topic : consumer->SubscribedTopics()) topics.insert(std::move(topic));
  }
  for (const std::string& topic : topics) {
    absl::StatusOr<protocol::TopicRouteData> route = UpdateTopicRoute(topic);
    if (!route.ok()) ClientLog().debug("{}: route refresh of {}: {}", client_id_, topic, route.status().ToString());
  }
}

void ClientInstance::RebalanceImmediately() {
  scheduler_.ScheduleAfter(absl::ZeroDuration(), [this] { RebalanceAll(); });
}

void ClientInstance::RebalanceAll() {
  for (const auto& consumer : LiveConsumers()) consumer->DoRebalance();
}

void ClientInstance::PersistAllOffsets() {
  for (const auto& consumer : LiveConsumers()) consumer->PersistConsumerOffset();
}

}  // namespace spool::client::internal
