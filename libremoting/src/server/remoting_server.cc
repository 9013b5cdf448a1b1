#include "spool/remoting/remoting_server.h"

#include <atomic>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "asio/ip/tcp.hpp"
#include "asio/post.hpp"
#include "asio/steady_timer.hpp"
#include "asio/strand.hpp"
#include "transport/callback_runner.h"
#include "transport/connection.h"
#include "transport/in_flight_limiter.h"
#include "transport/io_thread_pool.h"
#include "transport/request_dispatcher.h"
#include "util/logging.h"

namespace spool::remoting {

namespace {

// After a failed accept (typically EMFILE: out of descriptors) retrying at once would spin; Netty pauses too.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);

}  // namespace

class RemotingServer::Impl final : public internal::ConnectionOwner {
 public:
  explicit Impl(RemotingServerOptions options)
      : options_(std::move(options)),
        io_("RemotingServer", options_.io_threads),
        acceptor_(asio::make_strand(io_.context())),
        accept_retry_timer_(acceptor_.get_executor()),
        async_limiter_(std::make_shared<internal::InFlightLimiter>(options_.max_async_requests)) {}

  ~Impl() override { Shutdown(); }

  absl::Status RegisterProcessor(int32_t code, std::shared_ptr<RequestProcessor> processor,
                                 std::shared_ptr<BoundedThreadPool> executor) {
    absl::MutexLock lock(&mu_);
    return dispatcher_.Register(code, std::move(processor), std::move(executor));
  }

  absl::Status RegisterDefaultProcessor(std::shared_ptr<RequestProcessor> processor,
                                        std::shared_ptr<BoundedThreadPool> executor) {
    absl::MutexLock lock(&mu_);
    return dispatcher_.RegisterDefault(std::move(processor), std::move(executor));
  }

  void SetChannelEventListener(std::shared_ptr<ChannelEventListener> listener) {
    absl::MutexLock lock(&mu_);
    if (state_ == State::kNew) listener_ = std::move(listener);
  }

  absl::Status Start();
  void Shutdown();
  uint16_t port() const { return port_.load(); }
  std::vector<std::shared_ptr<Channel>> Channels() const;

  // ConnectionOwner (on connection strands).
  void OnConnected(const std::shared_ptr<internal::Connection>& connection) override {
    if (listener_) listener_->OnChannelConnected(connection->channel());
  }
  void OnRequest(const std::shared_ptr<internal::Connection>& connection, RemotingCommand request) override {
    dispatcher_.Dispatch(connection->channel(), std::move(request));
  }
  void OnClosed(const std::shared_ptr<internal::Connection>& connection, const absl::Status& reason,
                bool was_open) override;
  void RunCallback(absl::AnyInvocable<void()> callback) override {
    internal::RunOnPoolOrInline(callback_pool_.get(), std::move(callback));
  }

 private:
  enum class State { kNew, kRunning, kStopped };

  absl::Status Listen();
  void StartAccept();
  void OnAccept(const asio::error_code& ec, asio::ip::tcp::socket socket);
  internal::ConnectionOptions MakeConnectionOptions() const;

  const RemotingServerOptions options_;
  // First member: destroyed last, after everything bound to its io_context.
  internal::IoThreadPool io_;
  // Acceptor and retry timer live on one strand (the acceptor's executor).
  asio::ip::tcp::acceptor acceptor_;
  asio::steady_timer accept_retry_timer_;
  // Written before Start (under mu_), read-only afterwards, so I/O threads read them without locking.
  internal::RequestDispatcher dispatcher_;
  std::shared_ptr<ChannelEventListener> listener_;
  std::unique_ptr<BoundedThreadPool> callback_pool_;
  const std::shared_ptr<internal::InFlightLimiter> async_limiter_;
  std::atomic<uint16_t> port_{0};

  absl::Mutex shutdown_mu_;  // serialises Shutdown callers
  mutable absl::Mutex mu_;
  State state_ ABSL_GUARDED_BY(mu_) = State::kNew;
  absl::flat_hash_map<uint64_t, std::shared_ptr<internal::Connection>> connections_ ABSL_GUARDED_BY(mu_);
};

absl::Status RemotingServer::Impl::Listen() {
  asio::error_code ec;
  const asio::ip::address address = asio::ip::make_address(options_.listen_host, ec);
  if (ec) return absl::InvalidArgumentError(absl::StrCat("bad listen address ", options_.listen_host));
  const asio::ip::tcp::endpoint endpoint(address, options_.listen_port);
  const std::string where = absl::StrCat(options_.listen_host, ":", options_.listen_port);
  acceptor_.open(endpoint.protocol(), ec);
  // Lets a restarted server bind while old connections sit in TIME_WAIT (RocketMQ sets SO_REUSEADDR too).
  if (!ec) acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(options_.backlog, ec);
  if (ec) {
    asio::error_code ignored;
    acceptor_.close(ignored);
    return absl::UnavailableError(absl::StrCat("cannot listen on ", where, ": ", ec.message()));
  }
  port_.store(acceptor_.local_endpoint(ec).port());
  return absl::OkStatus();
}

absl::Status RemotingServer::Impl::Start() {
  absl::MutexLock lock(&mu_);
  if (state_ != State::kNew) return absl::FailedPreconditionError("remoting server already started or shut down");
  absl::Status listening = Listen();
  if (!listening.ok()) return listening;
  dispatcher_.Freeze();
  callback_pool_ =
      std::make_unique<BoundedThreadPool>("RemotingSrvCb", options_.callback_threads, options_.callback_queue_capacity);
  state_ = State::kRunning;
  io_.Start();
  asio::post(acceptor_.get_executor(), [this] { StartAccept(); });
  internal::RemotingLog().info("remoting server listening on {}:{}", options_.listen_host, port_.load());
  return absl::OkStatus();
}

void RemotingServer::Impl::StartAccept() {
  // Each connection gets its own strand: its handlers never run concurrently, different connections do.
  acceptor_.async_accept(
      asio::make_strand(io_.context()),
      [this](const asio::error_code& ec, asio::ip::tcp::socket socket) { OnAccept(ec, std::move(socket)); });
}

void RemotingServer::Impl::OnAccept(const asio::error_code& ec, asio::ip::tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    internal::RemotingLog().warn("accept on port {} failed: {}; retrying shortly", port_.load(), ec.message());
    accept_retry_timer_.expires_after(kAcceptRetryDelay);
    accept_retry_timer_.async_wait([this](const asio::error_code& wait_ec) {
      if (!wait_ec && acceptor_.is_open()) StartAccept();
    });
    return;
  }
  std::shared_ptr<internal::Connection> connection =
      internal::Connection::CreateAccepted(io_.context(), std::move(socket), this, MakeConnectionOptions());
  {
    absl::MutexLock lock(&mu_);
    // Registered under the same lock Shutdown takes its snapshot under: a connection is either closed by
    // Shutdown or never started (its socket closes with it here).
    if (state_ != State::kRunning) return;
    connections_.emplace(connection->id(), connection);
  }
  internal::RemotingLog().debug("accepted connection {} from {}", connection->id(), connection->remote_address());
  connection->Start();
  StartAccept();
}

internal::ConnectionOptions RemotingServer::Impl::MakeConnectionOptions() const {
  return internal::ConnectionOptions{
      .max_frame_size = options_.max_frame_size,
      .idle_timeout = options_.channel_idle_timeout,
      .max_write_queue_bytes = options_.max_write_queue_bytes,
      .close_on_sync_timeout = false,
      .async_limiter = async_limiter_,
  };
}

void RemotingServer::Impl::OnClosed(const std::shared_ptr<internal::Connection>& connection, const absl::Status& reason,
                                    bool was_open) {
  {
    absl::MutexLock lock(&mu_);
    connections_.erase(connection->id());
  }
  if (was_open && listener_) listener_->OnChannelClosed(connection->channel(), reason);
}

std::vector<std::shared_ptr<Channel>> RemotingServer::Impl::Channels() const {
  absl::MutexLock lock(&mu_);
  std::vector<std::shared_ptr<Channel>> channels;
  channels.reserve(connections_.size());
  for (const auto& [id, connection] : connections_) {
    if (connection->IsOpen()) channels.push_back(connection->channel());
  }
  return channels;
}

void RemotingServer::Impl::Shutdown() {
  absl::MutexLock shutdown_lock(&shutdown_mu_);
  std::vector<std::shared_ptr<internal::Connection>> open;
  bool was_running = false;
  {
    absl::MutexLock lock(&mu_);
    if (state_ == State::kStopped) return;
    was_running = state_ == State::kRunning;
    state_ = State::kStopped;
    for (const auto& [id, connection] : connections_) open.push_back(connection);
  }
  if (was_running) {
    asio::post(acceptor_.get_executor(), [this] {
      asio::error_code ignored;
      acceptor_.close(ignored);
      accept_retry_timer_.cancel();
    });
    for (const auto& connection : open) connection->Close(absl::CancelledError("remoting server shut down"));
    io_.Stop();
  }
  // After the I/O threads: nothing can queue new work on the executors any more.
  dispatcher_.ShutdownExecutors();
  if (callback_pool_) callback_pool_->Shutdown();
  {
    absl::MutexLock lock(&mu_);
    connections_.clear();
  }
  if (was_running) internal::RemotingLog().info("remoting server on port {} shut down", port_.load());
}

RemotingServer::RemotingServer(RemotingServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
RemotingServer::~RemotingServer() = default;

absl::Status RemotingServer::RegisterProcessor(int32_t code, std::shared_ptr<RequestProcessor> processor,
                                               std::shared_ptr<BoundedThreadPool> executor) {
  return impl_->RegisterProcessor(code, std::move(processor), std::move(executor));
}

absl::Status RemotingServer::RegisterDefaultProcessor(std::shared_ptr<RequestProcessor> processor,
                                                      std::shared_ptr<BoundedThreadPool> executor) {
  return impl_->RegisterDefaultProcessor(std::move(processor), std::move(executor));
}

void RemotingServer::SetChannelEventListener(std::shared_ptr<ChannelEventListener> listener) {
  impl_->SetChannelEventListener(std::move(listener));
}

absl::Status RemotingServer::Start() { return impl_->Start(); }
uint16_t RemotingServer::port() const { return impl_->port(); }
std::vector<std::shared_ptr<Channel>> RemotingServer::Channels() const { return impl_->Channels(); }
void RemotingServer::Shutdown() { impl_->Shutdown(); }

}  // namespace spool::remoting
