// File: spool/remoting/channel_event_listener.h
// ChannelEventListener: told when connections open and close (RocketMQ's ChannelEventListener, with idle and
// exception folded into close: each of them closes the channel). The name server drops the broker registered on
// a closed channel; the broker drops the producer/consumer registrations of that channel.
//
//   class ClientHousekeeping : public ChannelEventListener {
//     void OnChannelClosed(const std::shared_ptr<Channel>& channel, const absl::Status& reason) override {
//       registry_->DropChannel(channel);   // quick, non-blocking
//     }
//   };
//   server.SetChannelEventListener(std::make_shared<ClientHousekeeping>(...));
#pragma once

#include <memory>

#include "absl/status/status.h"
#include "spool/remoting/channel.h"

namespace spool::remoting {

// Both callbacks run on the connection's I/O thread, in order (connected before closed, each at most once per
// channel): they must be quick and must not block (no InvokeSync; Send/InvokeOneway/InvokeAsync are fine).
class ChannelEventListener {
 public:
  virtual ~ChannelEventListener() = default;

  // A connection was accepted (server) or established (client).
  virtual void OnChannelConnected(const std::shared_ptr<Channel>& channel) { (void)channel; }

  // The connection closed. `reason`: kUnavailable for the peer closing or an I/O error, kDeadlineExceeded for
  // the idle timeout, kInvalidArgument/kResourceExhausted for an undecodable stream, kCancelled for our own
  // Close() or shutdown. Called only for channels that saw OnChannelConnected (a failed connect reports nothing
  // here: the invoke that triggered it fails with kUnavailable).
  virtual void OnChannelClosed(const std::shared_ptr<Channel>& channel, const absl::Status& reason) {
    (void)channel;
    (void)reason;
  }
};

}  // namespace spool::remoting
