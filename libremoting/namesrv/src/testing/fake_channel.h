// File: testing/fake_channel.h
// A Channel that is only an identity and a remote address, for tests of code that keys state on connections
// (RouteInfoManager, the processors). Sending fails; Close() is recorded.
#pragma once

#include <atomic>
#include <string>

#include "absl/status/status.h"
#include "spool/remoting/channel.h"

namespace spool::namesrv::testing {

class FakeChannel : public remoting::Channel {
 public:
  explicit FakeChannel(std::string remote_address) : remote_address_(std::move(remote_address)) {}

  uint64_t id() const override { return reinterpret_cast<uintptr_t>(this); }
  const std::string& remote_address() const override { return remote_address_; }
  bool IsOpen() const override { return !closed_; }
  absl::Status Send(remoting::RemotingCommand) override { return absl::UnavailableError("fake channel"); }
  absl::Status InvokeAsync(remoting::RemotingCommand, absl::Duration, remoting::ResponseCallback) override {
    return absl::UnavailableError("fake channel");
  }
  absl::StatusOr<remoting::RemotingCommand> InvokeSync(remoting::RemotingCommand, absl::Duration) override {
    return absl::UnavailableError("fake channel");
  }
  absl::Status InvokeOneway(remoting::RemotingCommand) override { return absl::UnavailableError("fake channel"); }
  void Close() override { closed_ = true; }

  bool closed() const { return closed_; }

 private:
  std::string remote_address_;
  std::atomic<bool> closed_{false};
};

}  // namespace spool::namesrv::testing
