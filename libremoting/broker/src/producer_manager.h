// File: producer_manager.h
// ProducerManager: which connections produce for which group (from heartbeats), for GET_PRODUCER_CONNECTION_LIST
// and housekeeping. Thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "client_channel_info.h"

namespace spool::broker::internal {

class ProducerManager {
 public:
  void RegisterProducer(const std::string& group, const ClientChannelInfo& client);
  void UnregisterProducer(const std::string& group, uint64_t channel_id);
  void DropChannel(uint64_t channel_id);
  // Closes and drops channels silent for kChannelExpiredTimeoutMs; returns how many.
  int ScanNotActiveChannels(int64_t now_ms);
  std::vector<ClientChannelInfo> Channels(const std::string& group) const;

 private:
  mutable absl::Mutex mu_;
  std::map<std::string, std::map<uint64_t, ClientChannelInfo>> groups_ ABSL_GUARDED_BY(mu_);
};

}  // namespace spool::broker::internal
