// File: spool/remoting/channel.h
// Channel: one TCP connection to a peer, seen from either end (Netty's Channel in RocketMQ). Processors receive
// the channel a request came on; a broker keeps it to reach that client later (NOTIFY_CONSUMER_IDS_CHANGED,
// CHECK_TRANSACTION_STATE, GET_CONSUMER_RUNNING_INFO) and to drop the client's registrations when it closes.
//
//   // Broker -> client, fire and forget (JSON: every stock client can parse it):
//   RemotingCommand notify = RemotingCommand::CreateRequest(request_code::kNotifyConsumerIdsChanged);
//   notify.SetExtField("consumerGroup", group);
//   absl::Status s = channel->InvokeOneway(std::move(notify));
//
//   // Broker -> client, waiting for the answer (never from an I/O thread):
//   absl::StatusOr<RemotingCommand> info = channel->InvokeSync(std::move(request), absl::Seconds(5));
//
// Identity: the server or client hands out one shared_ptr<Channel> per connection, so the pointer (or id()) is
// a stable key for "this connection". A new connection from the same peer is a new Channel.
//
// Thread safety: every method may be called from any thread. A Channel may outlive its connection and even the
// RemotingServer/RemotingClient that made it: calls then fail with kUnavailable (the server or client must not
// be destroyed *while* a call is in progress).
//
// Invoke methods overwrite the request's opaque with a fresh value (unique within this process), clear its
// response flag and set or clear the oneway flag. InvokeAsync callbacks run on the owner's callback threads (on
// the I/O thread only when their queue is full), never inside the InvokeAsync call itself, but possibly on
// another thread before it has returned: set up whatever the callback needs before calling.
#pragma once

#include <cstdint>
#include <string>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "spool/remoting/remoting_command.h"

namespace spool::remoting {

// The outcome of a request: the peer's response (whatever its code), or kDeadlineExceeded (no response within
// the timeout), kUnavailable (not connected, connection lost, write failed), kResourceExhausted (too many
// requests in flight, write queue full), kCancelled (the client or server shut down while waiting).
using ResponseCallback = absl::AnyInvocable<void(absl::StatusOr<RemotingCommand>)>;

class Channel {
 public:
  virtual ~Channel() = default;

  // Process-unique id of the connection (never reused).
  virtual uint64_t id() const = 0;

  // The peer as "ip:port" (RocketMQ's RemotingHelper.parseChannelRemoteAddr form, e.g. "127.0.0.1:53122"); on a
  // client connection, the address it was asked to connect to.
  virtual const std::string& remote_address() const = 0;

  // False once the connection has closed (or before a client connection is established). A hint: the connection
  // may close right after this returns true.
  virtual bool IsOpen() const = 0;

  // Queues `command` for writing exactly as it is (opaque and flags untouched): a response built by hand, or a
  // request nobody waits for. kUnavailable when closed, kResourceExhausted when the write queue is over its
  // limit, kInvalidArgument when the command cannot be encoded or exceeds the frame size. OK means queued, not
  // delivered. Prefer RequestContext::Respond for responses.
  virtual absl::Status Send(RemotingCommand command) = 0;

  // Sends `request` and calls `callback` exactly once with the response or an error (see ResponseCallback). A
  // non-OK return means nothing was sent and `callback` will not be called.
  virtual absl::Status InvokeAsync(RemotingCommand request, absl::Duration timeout, ResponseCallback callback) = 0;

  // Sends `request` and blocks for the response. kFailedPrecondition when called on an I/O thread (it would
  // deadlock the thread that must deliver the response).
  virtual absl::StatusOr<RemotingCommand> InvokeSync(RemotingCommand request, absl::Duration timeout) = 0;

  // Sends `request` with the oneway flag; the peer will not answer (stock Go and ali-ons peers never set the flag
  // themselves, and a response nobody waits for is dropped). OK means queued.
  virtual absl::Status InvokeOneway(RemotingCommand request) = 0;

  // Closes the connection (asynchronously; idempotent). Requests waiting on it fail with kUnavailable and the
  // owner's ChannelEventListener sees OnChannelClosed.
  virtual void Close() = 0;
};

}  // namespace spool::remoting
