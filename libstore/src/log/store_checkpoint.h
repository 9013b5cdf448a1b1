// File: log/store_checkpoint.h
// The 4096-byte `checkpoint` file: physicMsgTimestamp, logicsMsgTimestamp, indexMsgTimestamp (store.md §7.1).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "spool/store/file_system.h"

namespace spool::store::internal {

class StoreCheckpoint {
 public:
  // Maps (creating if needed, zero-filled) the 4096-byte file and reads the three values.
  static absl::StatusOr<std::unique_ptr<StoreCheckpoint>> Open(FileSystem* fs, const std::string& path);

  int64_t physic_msg_timestamp() const { return physic_.load(); }
  int64_t logics_msg_timestamp() const { return logics_.load(); }
  int64_t index_msg_timestamp() const { return index_.load(); }
  void set_physic_msg_timestamp(int64_t v) { physic_.store(v); }
  void set_logics_msg_timestamp(int64_t v) { logics_.store(v); }
  void set_index_msg_timestamp(int64_t v) { index_.store(v); }

  // max(0, min(physic, logics) - 3000)
  int64_t MinTimestamp() const;
  // min(MinTimestamp(), index)
  int64_t MinTimestampIndex() const;

  // Writes the three longs and syncs the page.
  absl::Status Flush();

 private:
  explicit StoreCheckpoint(std::unique_ptr<MemoryMapping> mapping);
  std::unique_ptr<MemoryMapping> mapping_;
  std::atomic<int64_t> physic_{0}, logics_{0}, index_{0};
};

}  // namespace spool::store::internal
