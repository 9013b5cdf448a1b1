#include "spool/broker/broker.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "admin_broker_processor.h"
#include "broker_context.h"
#include "client_manage_processor.h"
#include "logging.h"
#include "name_server_registrar.h"
#include "periodic_runner.h"
#include "pull_message_processor.h"
#include "pull_request_hold_service.h"
#include "query_message_processor.h"
#include "send_message_processor.h"
#include "spool/remoting/remoting_server.h"
#include "spool/remoting/request_code.h"
#include "spool/store/message_store.h"
#include "spool/status_macros.h"

namespace spool::broker {

using namespace internal;  // NOLINT: the Impl wires every internal part together.
namespace request_code = remoting::request_code;

namespace {

int64_t SystemNowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Drops a client's registrations as soon as its connection closes (ClientHousekeepingService's channel events).
class ClientChannelListener : public remoting::ChannelEventListener {
 public:
  ClientChannelListener(ConsumerManager* consumers, ProducerManager* producers)
      : consumers_(consumers), producers_(producers) {}
  void OnChannelClosed(const std::shared_ptr<remoting::Channel>& channel, const absl::Status& reason) override {
    (void)reason;
    consumers_->DropChannel(channel->id());
    producers_->DropChannel(channel->id());
  }

 private:
  ConsumerManager* consumers_;
  ProducerManager* producers_;
};

}  // namespace

class Broker::Impl {
 public:
  explicit Impl(BrokerOptions options) : options_(std::move(options)) {
    if (!options_.now_millis) options_.now_millis = SystemNowMillis;
  }

  ~Impl() { Shutdown(); }

  absl::Status Start();
  void Shutdown();
  absl::Status RegisterAll(bool oneway);

  uint16_t port() const { return server_ != nullptr ? server_->port() : 0; }
  uint16_t fast_port() const { return fast_server_ != nullptr ? fast_server_->port() : 0; }
  std::string broker_addr() const { return ctx_.broker_addr(); }
  store::MessageStore* store() { return store_.get(); }
  PullRequestHoldService* hold() const { return hold_.get(); }

 private:
  BrokerIdentity Identity() const;
  std::shared_ptr<remoting::BoundedThreadPool> Pool(const std::string& name, int threads, int capacity) {
    auto pool = std::make_shared<remoting::BoundedThreadPool>(name, std::max(1, threads),
                                                              static_cast<size_t>(std::max(1, capacity)));
    pools_.push_back(pool);
    return pool;
  }
  // The processors and their executors, shared by both servers.
  struct Processors {
    std::shared_ptr<SendMessageProcessor> send;
    std::shared_ptr<QueryMessageProcessor> query;
    std::shared_ptr<ClientManageProcessor> client;
    std::shared_ptr<AdminBrokerProcessor> admin;
    std::shared_ptr<remoting::BoundedThreadPool> send_pool, pull_pool, query_pool, heartbeat_pool, client_pool,
        consumer_pool, admin_pool;
  };
  void CreateProcessors();
  absl::Status RegisterProcessors(remoting::RemotingServer* server, bool with_pull);
  std::unique_ptr<remoting::RemotingServer> MakeServer(uint16_t port) const;

  BrokerOptions options_;
  BrokerContext ctx_;
  bool started_ = false;
  bool stopped_ = false;
  std::unique_ptr<store::MessageStore> store_;
  std::unique_ptr<TopicConfigManager> topics_;
  std::unique_ptr<SubscriptionGroupManager> groups_;
  std::unique_ptr<ConsumerManager> consumers_;
  std::unique_ptr<ProducerManager> producers_;
  std::unique_ptr<RebalanceLockManager> locks_;
  std::shared_ptr<PullMessageProcessor> pull_processor_;
  std::unique_ptr<PullRequestHoldService> hold_;
  std::unique_ptr<NameServerRegistrar> registrar_;
  std::vector<std::shared_ptr<remoting::BoundedThreadPool>> pools_;
  Processors processors_;
  std::shared_ptr<ClientChannelListener> channel_listener_;
  std::unique_ptr<remoting::RemotingServer> server_;
  // listenPort - 2: every code but PULL_MESSAGE (BrokerController's fastRemotingServer).
  std::unique_ptr<remoting::RemotingServer> fast_server_;
  PeriodicRunner runner_;
};

BrokerIdentity Broker::Impl::Identity() const {
  const BrokerConfig& c = ctx_.config;
  return BrokerIdentity{.cluster_name = c.broker_cluster_name,
                        .broker_name = c.broker_name,
                        .broker_addr = ctx_.broker_addr(),
                        .ha_server_addr = absl::StrCat(c.broker_ip2.empty() ? c.broker_ip1 : c.broker_ip2, ":",
                                                       port() + 1),
                        .broker_id = c.broker_id};
}

absl::Status Broker::Impl::RegisterAll(bool oneway) {
  if (registrar_ == nullptr || !registrar_->has_name_servers()) return absl::OkStatus();
  return registrar_->RegisterAll(Identity(), topics_->BuildSerializeWrapper(), oneway);
}

void Broker::Impl::CreateProcessors() {
  const BrokerConfig& c = ctx_.config;
  Processors& p = processors_;
  p.send = std::make_shared<SendMessageProcessor>(&ctx_);
  p.send_pool = Pool("SendMessage", c.send_message_thread_pool_nums, c.send_thread_pool_queue_capacity);
  p.pull_pool = Pool("PullMessage", c.pull_message_thread_pool_nums, c.pull_thread_pool_queue_capacity);
  p.query = std::make_shared<QueryMessageProcessor>(&ctx_);
  p.query_pool = Pool("QueryMessage", c.query_message_thread_pool_nums, c.query_thread_pool_queue_capacity);
  p.client = std::make_shared<ClientManageProcessor>(&ctx_);
  p.heartbeat_pool = Pool("Heartbeat", c.heartbeat_thread_pool_nums, c.heartbeat_thread_pool_queue_capacity);
  p.client_pool = Pool("ClientManage", c.client_manage_thread_pool_nums, c.client_manager_thread_pool_queue_capacity);
  p.consumer_pool =
      Pool("ConsumerManage", c.consumer_manage_thread_pool_nums, c.consumer_manager_thread_pool_queue_capacity);
  p.admin = std::make_shared<AdminBrokerProcessor>(&ctx_, [this] {
    if (absl::Status s = RegisterAll(/*oneway=*/false); !s.ok()) {
      BrokerLog().warn("registration after topic update failed: {}", s.ToString());
    }
  });
  p.admin_pool = Pool("AdminBroker", c.admin_broker_thread_pool_nums, 10000);
}

// Both servers share the processors and their pools (BrokerController.registerProcessor registers each one on
// remotingServer and fastRemotingServer with the same executor).
absl::Status Broker::Impl::RegisterProcessors(remoting::RemotingServer* server, bool with_pull) {
  const Processors& p = processors_;
  for (int32_t code : {request_code::kSendMessage, request_code::kSendMessageV2, request_code::kSendBatchMessage,
                       request_code::kConsumerSendMsgBack}) {
    SPOOL_RETURN_IF_ERROR(server->RegisterProcessor(code, p.send, p.send_pool));
  }
  if (with_pull) {
    SPOOL_RETURN_IF_ERROR(server->RegisterProcessor(request_code::kPullMessage, pull_processor_, p.pull_pool));
  }
  for (int32_t code : {request_code::kQueryMessage, request_code::kViewMessageById}) {
    SPOOL_RETURN_IF_ERROR(server->RegisterProcessor(code, p.query, p.query_pool));
  }
  SPOOL_RETURN_IF_ERROR(server->RegisterProcessor(request_code::kHeartBeat, p.client, p.heartbeat_pool));
  for (int32_t code : {request_code::kUnregisterClient, request_code::kCheckClientConfig}) {
    SPOOL_RETURN_IF_ERROR(server->RegisterProcessor(code, p.client, p.client_pool));
  }
  for (int32_t code : {request_code::kGetConsumerListByGroup, request_code::kQueryConsumerOffset,
                       request_code::kUpdateConsumerOffset}) {
    SPOOL_RETURN_IF_ERROR(server->RegisterProcessor(code, p.client, p.consumer_pool));
  }
  return server->RegisterDefaultProcessor(p.admin, p.admin_pool);
}

std::unique_ptr<remoting::RemotingServer> Broker::Impl::MakeServer(uint16_t port) const {
  const BrokerConfig& c = ctx_.config;
  remoting::RemotingServerOptions server_options;
  server_options.listen_host = options_.listen_host;
  server_options.listen_port = port;
  server_options.io_threads = std::max(1, c.server_selector_threads);
  server_options.channel_idle_timeout = absl::Seconds(c.server_channel_max_idle_time_seconds);
  auto server = std::make_unique<remoting::RemotingServer>(server_options);
  server->SetChannelEventListener(channel_listener_);
  return server;
}

absl::Status Broker::Impl::Start() {
  if (started_) return absl::FailedPreconditionError("broker already started");
  started_ = true;
  ctx_.config = options_.config;
  BrokerConfig& c = ctx_.config;
  if (absl::Status s = ValidateBrokerConfig(c); !s.ok()) return s;
  // A master's id is always 0 (BrokerStartup forces it).
  if (c.store.broker_role != store::BrokerRole::kSlave) c.broker_id = 0;
  ctx_.now_ms = options_.now_millis;
  ctx_.start_time_ms = ctx_.now_ms();

  absl::StatusOr<std::unique_ptr<store::MessageStore>> opened = store::MessageStore::Open(c.store);
  if (!opened.ok()) {
    return absl::Status(opened.status().code(), absl::StrCat("cannot open the message store at ",
                                                             c.store.store_path_root_dir, ": ",
                                                             std::string(opened.status().message())));
  }
  store_ = *std::move(opened);
  ctx_.store = store_.get();
  topics_ = std::make_unique<TopicConfigManager>(ctx_.config, &store_->topic_config());
  groups_ = std::make_unique<SubscriptionGroupManager>(c.auto_create_subscription_group, c.store.file_system,
                                                       c.store.clock,
                                                       c.store.ConfigDir() + "/subscriptionGroup.json");
  if (absl::Status s = groups_->Load(); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat("cannot load subscription groups: ", std::string(s.message())));
  }
  consumers_ = std::make_unique<ConsumerManager>(c.notify_consumer_ids_changed_enable);
  producers_ = std::make_unique<ProducerManager>();
  locks_ = std::make_unique<RebalanceLockManager>();
  ctx_.topics = topics_.get();
  ctx_.groups = groups_.get();
  ctx_.consumers = consumers_.get();
  ctx_.producers = producers_.get();
  ctx_.locks = locks_.get();
  topics_->InitSystemTopics();
  topics_->set_on_created([this] { (void)RegisterAll(/*oneway=*/true); });

  pull_processor_ = std::make_shared<PullMessageProcessor>(&ctx_);
  const absl::Duration check =
      c.long_polling_enable ? options_.hold_check_interval : absl::Milliseconds(c.short_polling_time_mills);
  hold_ = std::make_unique<PullRequestHoldService>(
      store_.get(), check, [this](const remoting::RequestContext& rc, remoting::RemotingCommand request) {
        pull_processor_->Rerun(rc, std::move(request));
      });
  ctx_.hold = hold_.get();

  channel_listener_ = std::make_shared<ClientChannelListener>(consumers_.get(), producers_.get());
  CreateProcessors();
  server_ = MakeServer(static_cast<uint16_t>(c.listen_port));
  SPOOL_RETURN_IF_ERROR(RegisterProcessors(server_.get(), /*with_pull=*/true));
  // listenPort - 2 as Java computes it; 0 stays ephemeral (and a listenPort of 1 or 2 cannot have a fast port
  // below it, so it gets an ephemeral one rather than a negative number).
  const int32_t fast_port = c.listen_port > 2 ? c.listen_port - 2 : 0;
  fast_server_ = MakeServer(static_cast<uint16_t>(fast_port));
  SPOOL_RETURN_IF_ERROR(RegisterProcessors(fast_server_.get(), /*with_pull=*/false));
  if (c.listen_port != 0) ctx_.set_broker_addr(absl::StrCat(c.broker_ip1, ":", c.listen_port));
  hold_->Start();
  if (absl::Status s = server_->Start(); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat("cannot listen on port ", c.listen_port, ": ",
                                                std::string(s.message())));
  }
  if (absl::Status s = fast_server_->Start(); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat("cannot listen on the fast port ", fast_port, " (listenPort - 2): ",
                                                std::string(s.message())));
  }
  ctx_.set_broker_addr(absl::StrCat(c.broker_ip1, ":", server_->port()));

  registrar_ = std::make_unique<NameServerRegistrar>(SplitNamesrvAddr(c.namesrv_addr),
                                                     absl::Milliseconds(c.register_broker_timeout_mills),
                                                     c.compressed_register);
  if (absl::Status s = registrar_->Start(); !s.ok()) return s;
  if (absl::Status s = RegisterAll(/*oneway=*/false); !s.ok()) {
    BrokerLog().warn("first registration failed (retried every {} ms): {}", c.register_name_server_period,
                     s.ToString());
  }
  const int32_t period = std::clamp(c.register_name_server_period, 10000, 60000);
  runner_.Add("register", options_.register_initial_delay, absl::Milliseconds(period),
              [this] { (void)RegisterAll(/*oneway=*/false); });
  runner_.Add("persistOffsets", absl::Milliseconds(10000),
              absl::Milliseconds(std::max(100, c.flush_consumer_offset_interval)), [this] {
                if (absl::Status s = store_->consumer_offsets().Persist(); !s.ok()) {
                  BrokerLog().error("persisting consumerOffset.json: {}", s.ToString());
                }
              });
  runner_.Add("clientHousekeeping", absl::Seconds(10), absl::Seconds(10), [this] {
    const int64_t now = ctx_.now_ms();
    consumers_->ScanNotActiveChannels(now);
    producers_->ScanNotActiveChannels(now);
  });
  runner_.Start();
  BrokerLog().info("broker {} ({}) started at {} (fast port {}), cluster {}, store {}", c.broker_name, c.broker_id,
                   ctx_.broker_addr(), fast_server_->port(), c.broker_cluster_name, c.store.store_path_root_dir);
  return absl::OkStatus();
}

void Broker::Impl::Shutdown() {
  if (stopped_) return;
  stopped_ = true;
  // Parked pulls are answered while their connections are still open; pulls processed after this are never
  // parked (the hold service answers them at once).
  if (hold_ != nullptr) hold_->Shutdown();
  // The fast server first: both share the processors' pools, which the first Shutdown stops.
  if (fast_server_ != nullptr) fast_server_->Shutdown();
  if (server_ != nullptr) server_->Shutdown();
  runner_.Shutdown();
  if (registrar_ != nullptr) {
    if (registrar_->has_name_servers() && server_ != nullptr && server_->port() != 0) {
      registrar_->UnregisterAll(Identity());
    }
    registrar_->Shutdown();
  }
  if (store_ != nullptr) {
    if (absl::Status s = store_->PersistMetadata(); !s.ok()) BrokerLog().error("persisting config: {}", s.ToString());
    if (absl::Status s = store_->Close(); !s.ok()) BrokerLog().error("closing the store: {}", s.ToString());
    BrokerLog().info("broker {} shut down", ctx_.config.broker_name);
    // Nothing reaches the store any more: the server and every thread that used it are joined.
    ctx_.store = nullptr;
    store_.reset();
  }
}

Broker::Broker(BrokerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Broker::~Broker() = default;
absl::Status Broker::Start() { return impl_->Start(); }
void Broker::Shutdown() { impl_->Shutdown(); }
uint16_t Broker::port() const { return impl_->port(); }
uint16_t Broker::fast_port() const { return impl_->fast_port(); }
std::string Broker::broker_addr() const { return impl_->broker_addr(); }
store::MessageStore* Broker::store() { return impl_->store(); }
size_t Broker::held_pull_count() const { return impl_->hold() != nullptr ? impl_->hold()->held_count() : 0; }
bool Broker::WaitForHeldPulls(size_t n, absl::Duration timeout) {
  return impl_->hold() != nullptr && impl_->hold()->WaitForHeld(n, timeout);
}
absl::Status Broker::RegisterBrokerAll() { return impl_->RegisterAll(/*oneway=*/false); }

}  // namespace spool::broker
