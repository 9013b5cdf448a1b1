// File: testing/event_recorder.h
// A ChannelEventListener that records what it saw, for tests to wait on.
#pragma once

#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "spool/remoting/channel_event_listener.h"
#include "testing/test_sync.h"

namespace spool::remoting::testing {

class EventRecorder : public ChannelEventListener {
 public:
  void OnChannelConnected(const std::shared_ptr<Channel>& channel) override {
    absl::MutexLock lock(&mu_);
    connected_.push_back(channel);
  }
  void OnChannelClosed(const std::shared_ptr<Channel>& channel, const absl::Status& reason) override {
    absl::MutexLock lock(&mu_);
    closed_.push_back({channel, reason});
  }

  // The n-th (0-based) connected channel, once there is one; nullptr after `timeout`.
  std::shared_ptr<Channel> WaitConnected(size_t n, absl::Duration timeout = kTestWait) {
    absl::MutexLock lock(&mu_);
    auto ready = [this, n]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return connected_.size() > n; };
    if (!mu_.AwaitWithTimeout(absl::Condition(&ready), timeout)) return nullptr;
    return connected_[n];
  }
  // The reason of the n-th close, once there is one; kUnknown "timed out" after `timeout`.
  absl::Status WaitClosed(size_t n, absl::Duration timeout = kTestWait) {
    absl::MutexLock lock(&mu_);
    auto ready = [this, n]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return closed_.size() > n; };
    if (!mu_.AwaitWithTimeout(absl::Condition(&ready), timeout)) return absl::UnknownError("timed out waiting");
    return closed_[n].reason;
  }
  std::shared_ptr<Channel> closed_channel(size_t n) {
    absl::MutexLock lock(&mu_);
    return n < closed_.size() ? closed_[n].channel : nullptr;
  }
  size_t closed_count() {
    absl::MutexLock lock(&mu_);
    return closed_.size();
  }

 private:
  struct Closed {
    std::shared_ptr<Channel> channel;
    absl::Status reason;
  };
  absl::Mutex mu_;
  std::vector<std::shared_ptr<Channel>> connected_ ABSL_GUARDED_BY(mu_);
  std::vector<Closed> closed_ ABSL_GUARDED_BY(mu_);
};

}  // namespace spool::remoting::testing
