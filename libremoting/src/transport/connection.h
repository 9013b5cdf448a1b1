// File: transport/connection.h
// Connection: one TCP connection, accepted by a server or opened by a client; the same class serves both ends
// because RocketMQ's protocol is symmetric (either side sends requests, either side answers).
//
// Threading: the socket, the timers, the write queue and the decoder live on the connection's strand; public
// methods may be called from any thread and post to it. The response table (opaque -> waiting request) is
// shared with caller threads under a mutex. The connection lives by shared_from_this in its handlers and in its
// owner's registry; users hold only the Channel handle, which refers to it weakly, so no socket outlives the
// io_context it is bound to.
//
// Lifecycle: Create -> Start (accepted) or Connect (client) -> open: read loop, idle timer, writes flow ->
// Close (ours, the peer's, an I/O or decode error, idle): every waiting request fails, the owner hears
// OnClosed once. A closed connection stays closed; the client makes a new one.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "asio/io_context.hpp"
#include "asio/ip/tcp.hpp"
#include "asio/steady_timer.hpp"
#include "spool/remoting/channel.h"
#include "spool/remoting/frame_codec.h"
#include "spool/remoting/remoting_command.h"
#include "transport/in_flight_limiter.h"

namespace spool::remoting::internal {

class Connection;

// What a connection needs from the server or client that owns it. The owner outlives every handler of its
// connections (it owns and joins the io_context's threads); connections call it only from their strand.
class ConnectionOwner {
 public:
  virtual ~ConnectionOwner() = default;
  // The connection is open (accepted and started, or connected).
  virtual void OnConnected(const std::shared_ptr<Connection>& connection) = 0;
  // A request (or oneway request) arrived.
  virtual void OnRequest(const std::shared_ptr<Connection>& connection, RemotingCommand request) = 0;
  // The connection closed; called once. `was_open`: OnConnected was called before.
  virtual void OnClosed(const std::shared_ptr<Connection>& connection, const absl::Status& reason, bool was_open) = 0;
  // Runs a response callback away from the I/O threads (user code may block or invoke synchronously).
  virtual void RunCallback(absl::AnyInvocable<void()> callback) = 0;
};

struct ConnectionOptions {
  size_t max_frame_size = kDefaultMaxFrameSize;
  // Closed when nothing was read or written for this long (RocketMQ's IdleStateHandler(0, 0, 120 s)); zero or
  // negative: never.
  absl::Duration idle_timeout = absl::Seconds(120);
  // Send fails with kResourceExhausted while this many bytes wait to be written: a peer that stops reading must
  // not make us buffer without bound.
  size_t max_write_queue_bytes = 256 * 1024 * 1024;
  // Close the connection when a synchronous request times out (Java's clientCloseSocketIfTimeout): the peer is
  // presumed stuck, and the next invoke reconnects.
  bool close_on_sync_timeout = false;
  // Limits InvokeAsync requests in flight across the owner's connections; null: no limit.
  std::shared_ptr<InFlightLimiter> async_limiter;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // An accepted socket (its executor must be a strand of `io`). Call Start().
  static std::shared_ptr<Connection> CreateAccepted(asio::io_context& io, asio::ip::tcp::socket socket,
                                                    ConnectionOwner* owner, ConnectionOptions options);
  // A client connection to `remote_address` (kept as given, for logs and the Channel). Call Connect().
  static std::shared_ptr<Connection> CreateOutgoing(asio::io_context& io, std::string remote_address,
                                                    ConnectionOwner* owner, ConnectionOptions options);

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Accepted connections: start reading.
  void Start();
  // Client connections: try `endpoints` in order; fail (close) after `timeout`. Writes queued meanwhile go out
  // once connected.
  void Connect(std::vector<asio::ip::tcp::endpoint> endpoints, absl::Duration timeout);

  // --- Any thread (they back the Channel) ---
  absl::Status Send(RemotingCommand command);
  absl::Status InvokeAsync(RemotingCommand request, absl::Duration timeout, ResponseCallback callback);
  absl::StatusOr<RemotingCommand> InvokeSync(RemotingCommand request, absl::Duration timeout);
  absl::Status InvokeOneway(RemotingCommand request);
  // Closes asynchronously with `reason` (see ChannelEventListener for the codes). Idempotent.
  void Close(absl::Status reason);

  bool IsOpen() const { return opened_.load(std::memory_order_acquire) && !IsClosed(); }
  bool IsClosed() const { return closed_.load(std::memory_order_acquire); }
  uint64_t id() const { return id_; }
  const std::string& remote_address() const { return remote_address_; }
  // The handle given to processors and listeners; one per connection.
  const std::shared_ptr<Channel>& channel() const { return channel_; }

 private:
  struct OutgoingFrame {
    std::string prefix;  // length, headerInfo, header
    std::string body;
    size_t size() const { return prefix.size() + body.size(); }
  };

  // A request waiting for its response.
  struct Pending {
    int32_t code = 0;  // for the timeout message
    absl::Duration timeout;
    ResponseCallback callback;
    // Sync waiters only wake a blocked thread: their callback runs on the strand, skipping the callback pool.
    bool sync = false;
    bool holds_async_permit = false;
    std::unique_ptr<asio::steady_timer> timer;  // armed on the strand
  };

  Connection(asio::io_context& io, asio::ip::tcp::socket socket, std::string remote_address, ConnectionOwner* owner,
             ConnectionOptions options);

  // A request timer to arm on the strand together with queueing the frame.
  struct TimerRequest {
    int32_t opaque;
    asio::steady_timer::time_point deadline;
  };

  // Counts `size` bytes against max_write_queue_bytes (released when written or dropped).
  absl::Status ReserveQueueBytes(size_t size);
  // Hands a frame (whose bytes are reserved) to the strand, arming the request timer first if given.
  void PostFrame(OutgoingFrame frame, std::optional<TimerRequest> timer);
  absl::Status InvokeInternal(RemotingCommand request, absl::Duration timeout, ResponseCallback callback, bool sync);
  // Enters `pending` (moved from only on success) under `opaque`: kUnavailable once closed, kAlreadyExists when
  // the opaque is taken.
  absl::Status AddPending(int32_t opaque, Pending& pending);

  // --- Strand only ---
  void OnOpen();
  void ReadLoop();
  void OnRead(const asio::error_code& ec, size_t bytes);
  void HandleCommand(RemotingCommand command);
  void ArmIdleTimer();
  void ArmRequestTimer(const TimerRequest& timer);
  void OnRequestTimeout(int32_t opaque);
  void PushFrame(OutgoingFrame frame);
  void MaybeWrite();
  void OnWrite(const asio::error_code& ec);
  void CloseOnStrand(const absl::Status& reason);
  void Complete(Pending pending, absl::StatusOr<RemotingCommand> result);
  std::optional<Pending> TakePending(int32_t opaque);

  asio::io_context& io_;
  asio::ip::tcp::socket socket_;
  // The socket's strand, copied once so that other threads can post to it without touching the socket object.
  const asio::any_io_executor executor_;
  const uint64_t id_;
  const std::string remote_address_;
  ConnectionOwner* const owner_;
  const ConnectionOptions options_;
  std::shared_ptr<Channel> channel_;

  // Set on the strand when the connection becomes usable; never cleared (IsOpen also checks closed_).
  std::atomic<bool> opened_{false};
  // Set once, under pending_mu_ (so no request can be added to the table after it was drained).
  std::atomic<bool> closed_{false};
  std::atomic<size_t> queued_bytes_{0};

  absl::Mutex pending_mu_;
  absl::flat_hash_map<int32_t, Pending> pending_ ABSL_GUARDED_BY(pending_mu_);

  // Strand-confined state.
  FrameDecoder decoder_;
  std::vector<char> read_buffer_;
  std::deque<OutgoingFrame> write_queue_;
  std::vector<OutgoingFrame> writing_;  // the batch handed to async_write
  asio::steady_timer idle_timer_;
  asio::steady_timer connect_timer_;
  asio::steady_timer::time_point last_activity_;
};

}  // namespace spool::remoting::internal
