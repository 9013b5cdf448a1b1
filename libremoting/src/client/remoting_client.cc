#include "spool/remoting/remoting_client.h"

#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "transport/address.h"
#include "transport/callback_runner.h"
#include "transport/connection.h"
#include "transport/in_flight_limiter.h"
#include "transport/io_thread_pool.h"
#include "transport/request_dispatcher.h"
#include "util/logging.h"
#include "spool/status_macros.h"

namespace spool::remoting {

class RemotingClient::Impl final : public internal::ConnectionOwner {
 public:
  explicit Impl(RemotingClientOptions options)
      : options_(std::move(options)),
        io_("RemotingClient", options_.io_threads),
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

  absl::StatusOr<RemotingCommand> InvokeSync(std::string_view address, RemotingCommand request,
                                             absl::Duration timeout) {
    // Checked before connecting: the I/O thread would block waiting for work only it can do.
    if (io_.RunningInThisThread()) {
      return absl::FailedPreconditionError("InvokeSync called on an I/O thread: it would wait for itself");
    }
    SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<internal::Connection> connection, GetOrConnect(address));
    return connection->InvokeSync(std::move(request), timeout);
  }

  absl::Status InvokeAsync(std::string_view address, RemotingCommand request, absl::Duration timeout,
                           ResponseCallback callback) {
    SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<internal::Connection> connection, GetOrConnect(address));
    return connection->InvokeAsync(std::move(request), timeout, std::move(callback));
  }

  absl::Status InvokeOneway(std::string_view address, RemotingCommand request) {
    SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<internal::Connection> connection, GetOrConnect(address));
    return connection->InvokeOneway(std::move(request));
  }

  absl::StatusOr<std::shared_ptr<Channel>> GetChannel(std::string_view address) {
    SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<internal::Connection> connection, GetOrConnect(address));
    return connection->channel();
  }

  void CloseChannel(std::string_view address) {
    absl::MutexLock lock(&mu_);
    auto it = connections_.find(absl::string_view(address.data(), address.size()));
    if (it != connections_.end()) it->second->Close(absl::CancelledError("closed by CloseChannel"));
  }

  // ConnectionOwner (on connection strands).
  void OnConnected(const std::shared_ptr<internal::Connection>& connection) override {
    internal::RemotingLog().debug("connected to {} (connection {})", connection->remote_address(), connection->id());
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

  // The live connection to `address`, or a new one (connecting) in its place.
  absl::StatusOr<std::shared_ptr<internal::Connection>> GetOrConnect(std::string_view address);
  // The live connection to `address`, nullptr if none; kFailedPrecondition unless running.
  absl::StatusOr<std::shared_ptr<internal::Connection>> FindLive(std::string_view address)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  internal::ConnectionOptions MakeConnectionOptions() const;

  const RemotingClientOptions options_;
  // First member: destroyed last, after everything bound to its io_context.
  internal::IoThreadPool io_;
  // Written before Start (under mu_), read-only afterwards, so I/O threads read them without locking.
  internal::RequestDispatcher dispatcher_;
  std::shared_ptr<ChannelEventListener> listener_;
  std::unique_ptr<BoundedThreadPool> callback_pool_;
  const std::shared_ptr<internal::InFlightLimiter> async_limiter_;

  absl::Mutex shutdown_mu_;  // serialises Shutdown callers
  mutable absl::Mutex mu_;
  State state_ ABSL_GUARDED_BY(mu_) = State::kNew;
  // By address as the caller spelled it: RocketMQ code keys its channel tables the same way.
  absl::flat_hash_map<std::string, std::shared_ptr<internal::Connection>> connections_ ABSL_GUARDED_BY(mu_);
};

absl::Status RemotingClient::Impl::Start() {
  absl::MutexLock lock(&mu_);
  if (state_ != State::kNew) return absl::FailedPreconditionError("remoting client already started or shut down");
  dispatcher_.Freeze();
  callback_pool_ =
      std::make_unique<BoundedThreadPool>("RemotingCliCb", options_.callback_threads, options_.callback_queue_capacity);
  state_ = State::kRunning;
  io_.Start();
  return absl::OkStatus();
}

internal::ConnectionOptions RemotingClient::Impl::MakeConnectionOptions() const {
  return internal::ConnectionOptions{
      .max_frame_size = options_.max_frame_size,
      .idle_timeout = options_.channel_idle_timeout,
      .max_write_queue_bytes = options_.max_write_queue_bytes,
      .close_on_sync_timeout = options_.close_socket_if_timeout,
      .async_limiter = async_limiter_,
  };
}

absl::StatusOr<std::shared_ptr<internal::Connection>> RemotingClient::Impl::FindLive(std::string_view address) {
  if (state_ != State::kRunning) {
    return absl::FailedPreconditionError(state_ == State::kNew ? "remoting client not started"
                                                               : "remoting client shut down");
  }
  auto it = connections_.find(absl::string_view(address.data(), address.size()));
  // A closed connection may linger until its OnClosed runs; it is replaced, never reused.
  if (it != connections_.end() && !it->second->IsClosed()) return it->second;
  return nullptr;
}

absl::StatusOr<std::shared_ptr<internal::Connection>> RemotingClient::Impl::GetOrConnect(std::string_view address) {
  {
    absl::MutexLock lock(&mu_);
    SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<internal::Connection> live, FindLive(address));
    if (live) return live;
  }
  // Resolution may block (DNS): not under the lock. A racing caller may connect meanwhile; checked again below.
  SPOOL_ASSIGN_OR_RETURN(std::vector<asio::ip::tcp::endpoint> endpoints,
                         internal::ResolveAddress(io_.context(), address));
  absl::MutexLock lock(&mu_);
  SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<internal::Connection> live, FindLive(address));
  if (live) return live;
  std::shared_ptr<internal::Connection> connection =
      internal::Connection::CreateOutgoing(io_.context(), std::string(address), this, MakeConnectionOptions());
  connections_.insert_or_assign(std::string(address), connection);
  connection->Connect(std::move(endpoints), options_.connect_timeout);
  return connection;
}

void RemotingClient::Impl::OnClosed(const std::shared_ptr<internal::Connection>& connection, const absl::Status& reason,
                                    bool was_open) {
  {
    absl::MutexLock lock(&mu_);
    auto it = connections_.find(connection->remote_address());
    if (it != connections_.end() && it->second == connection) connections_.erase(it);
  }
  if (!was_open) {
    internal::RemotingLog().debug("connecting to {} failed: {}", connection->remote_address(), reason.ToString());
  }
  if (was_open && listener_) listener_->OnChannelClosed(connection->channel(), reason);
}

void RemotingClient::Impl::Shutdown() {
  absl::MutexLock shutdown_lock(&shutdown_mu_);
  std::vector<std::shared_ptr<internal::Connection>> open;
  bool was_running = false;
  {
    absl::MutexLock lock(&mu_);
    if (state_ == State::kStopped) return;
    was_running = state_ == State::kRunning;
    state_ = State::kStopped;
    for (const auto& [address, connection] : connections_) open.push_back(connection);
  }
  if (was_running) {
    for (const auto& connection : open) connection->Close(absl::CancelledError("remoting client shut down"));
    io_.Stop();
  }
  // After the I/O threads: nothing can queue new work on the executors any more.
  dispatcher_.ShutdownExecutors();
  if (callback_pool_) callback_pool_->Shutdown();
  absl::MutexLock lock(&mu_);
  connections_.clear();
}

RemotingClient::RemotingClient(RemotingClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
RemotingClient::~RemotingClient() = default;

absl::Status RemotingClient::RegisterProcessor(int32_t code, std::shared_ptr<RequestProcessor> processor,
                                               std::shared_ptr<BoundedThreadPool> executor) {
  return impl_->RegisterProcessor(code, std::move(processor), std::move(executor));
}

absl::Status RemotingClient::RegisterDefaultProcessor(std::shared_ptr<RequestProcessor> processor,
                                                      std::shared_ptr<BoundedThreadPool> executor) {
  return impl_->RegisterDefaultProcessor(std::move(processor), std::move(executor));
}

void RemotingClient::SetChannelEventListener(std::shared_ptr<ChannelEventListener> listener) {
  impl_->SetChannelEventListener(std::move(listener));
}

absl::Status RemotingClient::Start() { return impl_->Start(); }

absl::StatusOr<RemotingCommand> RemotingClient::InvokeSync(std::string_view address, RemotingCommand request,
                                                           absl::Duration timeout) {
  return impl_->InvokeSync(address, std::move(request), timeout);
}

absl::Status RemotingClient::InvokeAsync(std::string_view address, RemotingCommand request, absl::Duration timeout,
                                         ResponseCallback callback) {
  return impl_->InvokeAsync(address, std::move(request), timeout, std::move(callback));
}

absl::Status RemotingClient::InvokeOneway(std::string_view address, RemotingCommand request) {
  return impl_->InvokeOneway(address, std::move(request));
}

absl::StatusOr<std::shared_ptr<Channel>> RemotingClient::GetChannel(std::string_view address) {
  return impl_->GetChannel(address);
}

void RemotingClient::CloseChannel(std::string_view address) { impl_->CloseChannel(address); }
void RemotingClient::Shutdown() { impl_->Shutdown(); }

}  // namespace spool::remoting
