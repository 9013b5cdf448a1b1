// File: transport/connection_channel.h
// The public Channel handle of a Connection. It refers to the connection weakly: users may keep a Channel as
// long as they like (a broker's client table does), while the connection itself, and the socket bound to the
// owner's io_context, goes away when it closes. Calls on a handle whose connection is gone fail kUnavailable.
#pragma once

#include <memory>
#include <string>

#include "spool/remoting/channel.h"

namespace spool::remoting::internal {

class Connection;

class ConnectionChannel final : public Channel {
 public:
  explicit ConnectionChannel(const std::shared_ptr<Connection>& connection);

  uint64_t id() const override { return id_; }
  const std::string& remote_address() const override { return remote_address_; }
  bool IsOpen() const override;
  absl::Status Send(RemotingCommand command) override;
  absl::Status InvokeAsync(RemotingCommand request, absl::Duration timeout, ResponseCallback callback) override;
  absl::StatusOr<RemotingCommand> InvokeSync(RemotingCommand request, absl::Duration timeout) override;
  absl::Status InvokeOneway(RemotingCommand request) override;
  void Close() override;

 private:
  absl::Status Gone() const;

  const std::weak_ptr<Connection> connection_;
  const uint64_t id_;
  const std::string remote_address_;
};

}  // namespace spool::remoting::internal
