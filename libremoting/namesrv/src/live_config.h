// File: live_config.h
// The running name server's NamesrvConfig: read by request handlers (orderMessageEnable), changed by
// UPDATE_NAMESRV_CONFIG, which also persists the whole config to configStorePath as RocketMQ's Configuration does.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <map>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "spool/namesrv/namesrv_config.h"

namespace spool::namesrv::internal {

class LiveConfig {
 public:
  explicit LiveConfig(NamesrvConfig initial) : config_(std::move(initial)) {}

  NamesrvConfig Get() const;
  std::string Describe() const;

  // Applies `props` (unknown keys ignored, bad values kInvalidArgument and nothing applied) and writes the result
  // to configStorePath, when set. The new values are in effect even if that write fails (the error says so).
  // Most keys only take effect at the next start; orderMessageEnable applies at once.
  absl::Status Update(const std::map<std::string, std::string>& props);

 private:
  // Serialises updates so that the file holds the last one.
  absl::Mutex update_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  mutable absl::Mutex mu_;
  NamesrvConfig config_ ABSL_GUARDED_BY(mu_);
};

}  // namespace spool::namesrv::internal
