#include "transport/connection.h"

#include <algorithm>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "asio/connect.hpp"
#include "asio/post.hpp"
#include "asio/strand.hpp"
#include "asio/write.hpp"
#include "spool/remoting/request_code.h"
#include "transport/address.h"
#include "transport/connection_channel.h"
#include "util/logging.h"
#include "spool/status_macros.h"

namespace spool::remoting::internal {

namespace {

constexpr size_t kReadBufferSize = 64 * 1024;
// Frames gathered into one write: enough to amortise the syscall under load, small enough to bound latency.
constexpr size_t kMaxFramesPerWrite = 64;
// Asio's clock overflows on absl::InfiniteDuration; nothing we wait for needs more than this.
constexpr absl::Duration kMaxWait = absl::Hours(24 * 365);

std::atomic<uint64_t> g_next_connection_id{1};
// Process-wide, like Java's RemotingCommand.requestId: opaques only need to be unique per connection, and one
// counter makes them unique per process, which keeps logs unambiguous.
std::atomic<int32_t> g_next_opaque{0};

asio::steady_timer::duration ToAsioDuration(absl::Duration d) {
  return std::chrono::duration_cast<asio::steady_timer::duration>(
      absl::ToChronoNanoseconds(std::clamp(d, absl::ZeroDuration(), kMaxWait)));
}

std::string RemoteOf(const asio::ip::tcp::socket& socket) {
  asio::error_code ec;
  const asio::ip::tcp::endpoint endpoint = socket.remote_endpoint(ec);
  return ec ? std::string("unknown") : FormatEndpoint(endpoint);
}

// What a request still waiting gets when its connection closes: kCancelled for our own shutdown or Close, else
// kUnavailable (the peer is gone; retrying elsewhere or later may work).
absl::Status PendingFailure(const std::string& remote, const absl::Status& reason) {
  const std::string message =
      absl::StrCat("connection to ", remote, " closed before the response: ", std::string(reason.message()));
  if (reason.code() == absl::StatusCode::kCancelled) return absl::CancelledError(message);
  return absl::UnavailableError(message);
}

}  // namespace

std::shared_ptr<Connection> Connection::CreateAccepted(asio::io_context& io, asio::ip::tcp::socket socket,
                                                       ConnectionOwner* owner, ConnectionOptions options) {
  std::string remote = RemoteOf(socket);
  std::shared_ptr<Connection> connection(
      new Connection(io, std::move(socket), std::move(remote), owner, std::move(options)));
  connection->channel_ = std::make_shared<ConnectionChannel>(connection);
  return connection;
}

std::shared_ptr<Connection> Connection::CreateOutgoing(asio::io_context& io, std::string remote_address,
                                                       ConnectionOwner* owner, ConnectionOptions options) {
  asio::ip::tcp::socket socket(asio::make_strand(io));
  std::shared_ptr<Connection> connection(
      new Connection(io, std::move(socket), std::move(remote_address), owner, std::move(options)));
  connection->channel_ = std::make_shared<ConnectionChannel>(connection);
  return connection;
}

Connection::Connection(asio::io_context& io, asio::ip::tcp::socket socket, std::string remote_address,
                       ConnectionOwner* owner, ConnectionOptions options)
    : io_(io),
      socket_(std::move(socket)),
      executor_(socket_.get_executor()),
      id_(g_next_connection_id.fetch_add(1)),
      remote_address_(std::move(remote_address)),
      owner_(owner),
      options_(std::move(options)),
      decoder_(options_.max_frame_size),
      read_buffer_(kReadBufferSize),
      idle_timer_(executor_),
      connect_timer_(executor_) {}

Connection::~Connection() = default;

// ---------------------------------------------------------------------------------------------------------------
// Opening

void Connection::Start() {
  asio::post(executor_, [self = shared_from_this()] { self->OnOpen(); });
}

void Connection::Connect(std::vector<asio::ip::tcp::endpoint> endpoints, absl::Duration timeout) {
  asio::post(executor_, [self = shared_from_this(), endpoints = std::move(endpoints), timeout] {
    if (self->IsClosed()) return;
    self->connect_timer_.expires_after(ToAsioDuration(timeout));
    self->connect_timer_.async_wait([self, timeout](const asio::error_code& ec) {
      if (ec || self->IsClosed() || self->opened_.load()) return;
      self->CloseOnStrand(absl::UnavailableError(
          absl::StrCat("connect to ", self->remote_address_, " timed out after ", absl::FormatDuration(timeout))));
    });
    asio::async_connect(self->socket_, endpoints, [self](const asio::error_code& ec, const asio::ip::tcp::endpoint&) {
      self->connect_timer_.cancel();
      if (self->IsClosed()) return;
      if (ec) {
        self->CloseOnStrand(
            absl::UnavailableError(absl::StrCat("connect to ", self->remote_address_, " failed: ", ec.message())));
        return;
      }
      self->OnOpen();
    });
  });
}

void Connection::OnOpen() {
  if (IsClosed()) return;
  asio::error_code ec;
  // Requests are small and latency-bound; Nagle would hold them back (RocketMQ sets TCP_NODELAY too).
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  last_activity_ = asio::steady_timer::clock_type::now();
  opened_.store(true, std::memory_order_release);
  owner_->OnConnected(shared_from_this());
  if (IsClosed()) return;  // the owner may have closed it (e.g. shutting down)
  ReadLoop();
  ArmIdleTimer();
  MaybeWrite();
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

void Connection::ReadLoop() {
  socket_.async_read_some(
      asio::buffer(read_buffer_),
      [self = shared_from_this()](const asio::error_code& ec, size_t bytes) { self->OnRead(ec, bytes); });
}

void Connection::OnRead(const asio::error_code& ec, size_t bytes) {
  if (IsClosed()) return;
  if (ec) {
    CloseOnStrand(ec == asio::error::eof
                      ? absl::UnavailableError("connection closed by the peer")
                      : absl::UnavailableError(absl::StrCat("read from ", remote_address_, " failed: ", ec.message())));
    return;
  }
  last_activity_ = asio::steady_timer::clock_type::now();
  decoder_.Append(std::string_view(read_buffer_.data(), bytes));
  while (!IsClosed()) {
    absl::StatusOr<std::optional<RemotingCommand>> next = decoder_.Next();
    if (!next.ok()) {
      // RocketMQ closes without a response too: the stream cannot be resynchronised.
      RemotingLog().warn("closing connection {} from {}: undecodable stream: {}", id_, remote_address_,
                         next.status().ToString());
      CloseOnStrand(next.status());
      return;
    }
    if (!next->has_value()) break;
    HandleCommand(std::move(**next));
  }
  if (!IsClosed()) ReadLoop();
}

void Connection::HandleCommand(RemotingCommand command) {
  if (!command.is_response()) {
    owner_->OnRequest(shared_from_this(), std::move(command));
    return;
  }
  std::optional<Pending> pending = TakePending(command.opaque());
  if (!pending) {
    // A late response (after its timeout) or one nobody waits for (Go and ali-ons peers never set the oneway
    // bit, so servers answer their "oneway" requests): drop it, as Java does.
    RemotingLog().debug("connection {} from {}: no request waiting for response opaque {}", id_, remote_address_,
                        command.opaque());
    return;
  }
  Complete(std::move(*pending), std::move(command));
}

// ---------------------------------------------------------------------------------------------------------------
// Timers

void Connection::ArmIdleTimer() {
  if (options_.idle_timeout <= absl::ZeroDuration()) return;
  idle_timer_.expires_at(last_activity_ + ToAsioDuration(options_.idle_timeout));
  idle_timer_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
    if (ec || self->IsClosed()) return;
    const auto idle_for = asio::steady_timer::clock_type::now() - self->last_activity_;
    if (idle_for < ToAsioDuration(self->options_.idle_timeout)) {
      self->ArmIdleTimer();  // there was traffic since the timer was armed
      return;
    }
    RemotingLog().debug("closing connection {} to {}: idle for {}", self->id_, self->remote_address_,
                        absl::FormatDuration(self->options_.idle_timeout));
    self->CloseOnStrand(
        absl::DeadlineExceededError(absl::StrCat("idle for ", absl::FormatDuration(self->options_.idle_timeout))));
  });
}

void Connection::ArmRequestTimer(const TimerRequest& request) {
  auto timer = std::make_unique<asio::steady_timer>(executor_, request.deadline);
  timer->async_wait([self = shared_from_this(), opaque = request.opaque](const asio::error_code& ec) {
    if (ec) return;  // cancelled: the response came, or the connection closed
    self->OnRequestTimeout(opaque);
  });
  absl::MutexLock lock(&pending_mu_);
  auto it = pending_.find(request.opaque);
  // Absent when the connection closed between queueing and now; the timer then dies here, cancelled.
  if (it != pending_.end()) it->second.timer = std::move(timer);
}

void Connection::OnRequestTimeout(int32_t opaque) {
  std::optional<Pending> pending = TakePending(opaque);
  if (!pending) return;
  const bool close = pending->sync && options_.close_on_sync_timeout;
  const absl::Status timeout = absl::DeadlineExceededError(
      absl::StrCat("no response from ", remote_address_, " within ", absl::FormatDuration(pending->timeout), " to ",
                   std::string(RequestCodeName(pending->code)), "(", pending->code, ") opaque ", opaque));
  Complete(std::move(*pending), timeout);
  if (close) CloseOnStrand(absl::DeadlineExceededError("a synchronous request timed out"));
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

absl::Status Connection::Send(RemotingCommand command) {
  if (IsClosed()) return absl::UnavailableError(absl::StrCat("connection to ", remote_address_, " is closed"));
  absl::StatusOr<std::string> prefix = EncodeFramePrefix(command, options_.max_frame_size);
  if (!prefix.ok()) return prefix.status();
  OutgoingFrame frame{std::move(*prefix), std::move(*command.mutable_body())};
  SPOOL_RETURN_IF_ERROR(ReserveQueueBytes(frame.size()));
  PostFrame(std::move(frame), std::nullopt);
  return absl::OkStatus();
}

absl::Status Connection::ReserveQueueBytes(size_t size) {
  const size_t queued = queued_bytes_.fetch_add(size) + size;
  if (options_.max_write_queue_bytes > 0 && queued > options_.max_write_queue_bytes) {
    queued_bytes_.fetch_sub(size);
    return absl::ResourceExhaustedError(absl::StrCat("write queue to ", remote_address_, " holds ", queued - size,
                                                     " bytes, over the limit of ", options_.max_write_queue_bytes));
  }
  return absl::OkStatus();
}

void Connection::PostFrame(OutgoingFrame frame, std::optional<TimerRequest> timer) {
  asio::post(executor_, [self = shared_from_this(), frame = std::move(frame), timer]() mutable {
    if (timer) self->ArmRequestTimer(*timer);
    self->PushFrame(std::move(frame));
  });
}

void Connection::PushFrame(OutgoingFrame frame) {
  if (IsClosed()) {
    queued_bytes_.fetch_sub(frame.size());
    return;
  }
  write_queue_.push_back(std::move(frame));
  MaybeWrite();
}

void Connection::MaybeWrite() {
  if (!opened_.load(std::memory_order_relaxed) || IsClosed() || !writing_.empty() || write_queue_.empty()) return;
  std::vector<asio::const_buffer> buffers;
  while (!write_queue_.empty() && writing_.size() < kMaxFramesPerWrite) {
    writing_.push_back(std::move(write_queue_.front()));
    write_queue_.pop_front();
  }
  buffers.reserve(writing_.size() * 2);
  for (const OutgoingFrame& frame : writing_) {
    buffers.push_back(asio::buffer(frame.prefix));
    if (!frame.body.empty()) buffers.push_back(asio::buffer(frame.body));
  }
  asio::async_write(socket_, buffers,
                    [self = shared_from_this()](const asio::error_code& ec, size_t) { self->OnWrite(ec); });
}

void Connection::OnWrite(const asio::error_code& ec) {
  size_t written = 0;
  for (const OutgoingFrame& frame : writing_) written += frame.size();
  queued_bytes_.fetch_sub(written);
  writing_.clear();
  if (IsClosed()) return;
  if (ec) {
    CloseOnStrand(absl::UnavailableError(absl::StrCat("write to ", remote_address_, " failed: ", ec.message())));
    return;
  }
  last_activity_ = asio::steady_timer::clock_type::now();
  MaybeWrite();
}

// ---------------------------------------------------------------------------------------------------------------
// Requests and responses

absl::Status Connection::AddPending(int32_t opaque, Pending& pending) {
  absl::MutexLock lock(&pending_mu_);
  // Checked under the table's lock: CloseOnStrand sets closed_ under it too, so a request either lands before
  // the table is drained (and fails then) or sees closed_ here. None is left waiting forever.
  if (IsClosed()) return absl::UnavailableError(absl::StrCat("connection to ", remote_address_, " is closed"));
  // The opaque counter wraps after 2^32 requests; a value still waiting then is only conceivable for a request
  // with an absurd timeout, and the caller just takes the next value.
  if (!pending_.try_emplace(opaque, std::move(pending)).second) {
    return absl::AlreadyExistsError("opaque in use");
  }
  return absl::OkStatus();
}

std::optional<Connection::Pending> Connection::TakePending(int32_t opaque) {
  absl::MutexLock lock(&pending_mu_);
  auto it = pending_.find(opaque);
  if (it == pending_.end()) return std::nullopt;
  Pending pending = std::move(it->second);
  pending_.erase(it);
  return pending;
}

absl::Status Connection::InvokeInternal(RemotingCommand request, absl::Duration timeout, ResponseCallback callback,
                                        bool sync) {
  const auto deadline = asio::steady_timer::clock_type::now() + ToAsioDuration(timeout);
  const bool limited = !sync && options_.async_limiter != nullptr;
  if (limited && !options_.async_limiter->TryAcquire()) {
    return absl::ResourceExhaustedError(
        absl::StrCat("too many asynchronous requests in flight (", options_.async_limiter->in_flight(), ")"));
  }
  Pending pending{.code = request.code(),
                  .timeout = timeout,
                  .callback = std::move(callback),
                  .sync = sync,
                  .holds_async_permit = limited};
  request.set_flag(request.flag() & ~(RemotingCommand::kResponseFlag | RemotingCommand::kOnewayFlag));
  // Everything that can fail happens before the entry enters the table: once it is there, the callback is
  // promised (it runs on response, timeout or close), so the call must succeed.
  absl::Status status;
  while (true) {
    request.set_opaque(g_next_opaque.fetch_add(1));
    absl::StatusOr<std::string> prefix = EncodeFramePrefix(request, options_.max_frame_size);
    if (!prefix.ok()) {
      status = prefix.status();
      break;
    }
    OutgoingFrame frame{std::move(*prefix), {}};
    status = ReserveQueueBytes(frame.size() + request.body().size());
    if (!status.ok()) break;
    status = AddPending(request.opaque(), pending);
    if (status.ok()) {
      frame.body = std::move(*request.mutable_body());
      PostFrame(std::move(frame), TimerRequest{request.opaque(), deadline});
      return absl::OkStatus();
    }
    queued_bytes_.fetch_sub(frame.size() + request.body().size());
    if (!absl::IsAlreadyExists(status)) break;
  }
  if (limited) options_.async_limiter->Release();
  return status;
}

absl::Status Connection::InvokeAsync(RemotingCommand request, absl::Duration timeout, ResponseCallback callback) {
  return InvokeInternal(std::move(request), timeout, std::move(callback), /*sync=*/false);
}

absl::StatusOr<RemotingCommand> Connection::InvokeSync(RemotingCommand request, absl::Duration timeout) {
  if (io_.get_executor().running_in_this_thread()) {
    return absl::FailedPreconditionError("InvokeSync called on an I/O thread: it would wait for itself");
  }
  // Shared with the callback: it may run after this frame is gone only if we stopped waiting, which we never
  // do, but shared ownership keeps that a non-question.
  struct SyncState {
    absl::Notification done;
    std::optional<absl::StatusOr<RemotingCommand>> result;
  };
  auto state = std::make_shared<SyncState>();
  absl::Status sent = InvokeInternal(
      std::move(request), timeout,
      [state](absl::StatusOr<RemotingCommand> result) {
        state->result = std::move(result);
        state->done.Notify();
      },
      /*sync=*/true);
  if (!sent.ok()) return sent;
  // Always ends: the request timer, a response or the connection's close completes the entry.
  state->done.WaitForNotification();
  return std::move(*state->result);
}

absl::Status Connection::InvokeOneway(RemotingCommand request) {
  request.set_opaque(g_next_opaque.fetch_add(1));
  request.set_flag((request.flag() & ~RemotingCommand::kResponseFlag) | RemotingCommand::kOnewayFlag);
  return Send(std::move(request));
}

void Connection::Complete(Pending pending, absl::StatusOr<RemotingCommand> result) {
  if (pending.timer) pending.timer->cancel();
  if (pending.holds_async_permit) options_.async_limiter->Release();
  if (pending.sync) {
    pending.callback(std::move(result));
    return;
  }
  owner_->RunCallback(
      [callback = std::move(pending.callback), result = std::move(result)]() mutable { callback(std::move(result)); });
}

// ---------------------------------------------------------------------------------------------------------------
// Closing

void Connection::Close(absl::Status reason) {
  asio::post(executor_, [self = shared_from_this(), reason = std::move(reason)] { self->CloseOnStrand(reason); });
}

void Connection::CloseOnStrand(const absl::Status& reason) {
  std::vector<Pending> drained;
  {
    absl::MutexLock lock(&pending_mu_);
    if (IsClosed()) return;
    closed_.store(true, std::memory_order_release);
    drained.reserve(pending_.size());
    for (auto& [opaque, pending] : pending_) drained.push_back(std::move(pending));
    pending_.clear();
  }
  asio::error_code ec;
  socket_.close(ec);
  idle_timer_.cancel();
  connect_timer_.cancel();
  write_queue_.clear();  // the batch in writing_ stays until async_write completes (it owns the buffers)
  RemotingLog().debug("connection {} to {} closed: {}", id_, remote_address_, reason.ToString());

  const absl::Status failure = PendingFailure(remote_address_, reason);
  for (Pending& pending : drained) Complete(std::move(pending), failure);
  owner_->OnClosed(shared_from_this(), reason, opened_.load(std::memory_order_acquire));
}

}  // namespace spool::remoting::internal
