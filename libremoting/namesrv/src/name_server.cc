#include "spool/namesrv/name_server.h"

#include <chrono>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "broker_housekeeping.h"
#include "broker_registration_processor.h"
#include "config_processor.h"
#include "live_config.h"
#include "logging.h"
#include "route_query_processor.h"
#include "spool/remoting/bounded_thread_pool.h"
#include "spool/remoting/remoting_server.h"

namespace spool::namesrv {

using internal::NamesrvLog;

namespace {

// RocketMQ gives the default processor an unbounded queue; a bound keeps a flood from growing the heap, and at
// this size only a flood reaches it (the answer is then SYSTEM_BUSY).
constexpr size_t kRequestQueueCapacity = 65536;

int64_t SystemNowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

absl::Status Validate(const NamesrvConfig& c) {
  if (c.listen_port < 0 || c.listen_port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("listenPort ", c.listen_port, " is not a port number"));
  }
  if (c.server_worker_threads < 1) {
    return absl::InvalidArgumentError(absl::StrCat("serverWorkerThreads must be >= 1, not ", c.server_worker_threads));
  }
  if (c.server_selector_threads < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("serverSelectorThreads must be >= 1, not ", c.server_selector_threads));
  }
  if (c.kv_config_path.empty()) return absl::InvalidArgumentError("kvConfigPath is empty");
  return absl::OkStatus();
}

}  // namespace

class NameServer::Impl {
 public:
  explicit Impl(NameServerOptions options)
      : options_(std::move(options)),
        now_(options_.now_millis ? options_.now_millis : std::function<int64_t()>(SystemNowMillis)),
        kv_(options_.config.kv_config_path),
        live_config_(options_.config) {}

  ~Impl() { Shutdown(); }

  absl::Status Start() {
    {
      absl::MutexLock lock(&scan_mu_);
      if (started_ || stopping_) return absl::FailedPreconditionError("name server already started or shut down");
      started_ = true;
    }
    const NamesrvConfig& c = options_.config;
    if (absl::Status s = Validate(c); !s.ok()) return s;
    if (absl::Status s = kv_.Load(); !s.ok()) return s;

    remoting::RemotingServerOptions server_options;
    server_options.listen_host = options_.listen_host;
    server_options.listen_port = static_cast<uint16_t>(c.listen_port);
    server_options.backlog = c.server_socket_backlog;
    server_options.io_threads = c.server_selector_threads;
    server_options.callback_threads = c.server_callback_executor_threads > 0 ? c.server_callback_executor_threads : 4;
    server_options.channel_idle_timeout = absl::Seconds(c.server_channel_max_idle_time_seconds);
    server_options.max_async_requests = c.server_async_semaphore_value;
    server_ = std::make_unique<remoting::RemotingServer>(server_options);

    auto executor = std::make_shared<remoting::BoundedThreadPool>("NamesrvWorker", c.server_worker_threads,
                                                                  kRequestQueueCapacity);
    auto registration = std::make_shared<internal::BrokerRegistrationProcessor>(&routes_, &kv_, now_);
    auto routes = std::make_shared<internal::RouteQueryProcessor>(&routes_, &kv_, &live_config_);
    auto config = std::make_shared<internal::ConfigProcessor>(&kv_, &live_config_);
    if (absl::Status s = Register(internal::BrokerRegistrationProcessor::Codes(), registration, executor); !s.ok()) {
      return s;
    }
    if (absl::Status s = Register(internal::RouteQueryProcessor::Codes(), routes, executor); !s.ok()) return s;
    if (absl::Status s = Register(internal::ConfigProcessor::Codes(), config, executor); !s.ok()) return s;
    server_->SetChannelEventListener(
        std::make_shared<internal::BrokerHousekeeping>(&routes_, options_.channel_listener));

    if (absl::Status s = server_->Start(); !s.ok()) return s;
    NamesrvLog().info("name server listening on {}:{} (KV config {})", options_.listen_host, server_->port(),
                      c.kv_config_path);

    if (options_.scan_interval > absl::ZeroDuration()) {
      scan_thread_ = std::thread([this] { ScanLoop(); });
    }
    return absl::OkStatus();
  }

  void Shutdown() {
    {
      absl::MutexLock lock(&scan_mu_);
      if (stopping_) return;
      stopping_ = true;
    }
    if (scan_thread_.joinable()) scan_thread_.join();
    if (server_ != nullptr) {
      server_->Shutdown();
      NamesrvLog().info("name server stopped");
    }
  }

  uint16_t port() const { return server_ != nullptr ? server_->port() : 0; }

  int ScanNotActiveBrokers() { return static_cast<int>(routes_.ScanNotActiveBrokers(now_()).size()); }

  NamesrvConfig config() const { return live_config_.Get(); }
  RouteInfoManager& route_info() { return routes_; }
  KvConfigManager& kv_config() { return kv_; }

 private:
  absl::Status Register(const std::vector<int32_t>& codes, const std::shared_ptr<remoting::RequestProcessor>& p,
                        const std::shared_ptr<remoting::BoundedThreadPool>& executor) {
    for (int32_t code : codes) {
      if (absl::Status s = server_->RegisterProcessor(code, p, executor); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  void ScanLoop() {
    absl::Duration wait = options_.scan_initial_delay;
    while (true) {
      {
        absl::MutexLock lock(&scan_mu_);
        if (scan_mu_.AwaitWithTimeout(absl::Condition(&stopping_), wait)) return;
      }
      ScanNotActiveBrokers();
      wait = options_.scan_interval;
    }
  }

  const NameServerOptions options_;
  const std::function<int64_t()> now_;
  RouteInfoManager routes_;
  KvConfigManager kv_;
  internal::LiveConfig live_config_;
  std::unique_ptr<remoting::RemotingServer> server_;

  absl::Mutex scan_mu_;
  bool started_ ABSL_GUARDED_BY(scan_mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(scan_mu_) = false;
  std::thread scan_thread_;
};

NameServer::NameServer(NameServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

NameServer::~NameServer() = default;

absl::Status NameServer::Start() { return impl_->Start(); }

void NameServer::Shutdown() { impl_->Shutdown(); }

uint16_t NameServer::port() const { return impl_->port(); }

int NameServer::ScanNotActiveBrokers() { return impl_->ScanNotActiveBrokers(); }

NamesrvConfig NameServer::config() const { return impl_->config(); }

RouteInfoManager& NameServer::route_info() { return impl_->route_info(); }

KvConfigManager& NameServer::kv_config() { return impl_->kv_config(); }

}  // namespace spool::namesrv
