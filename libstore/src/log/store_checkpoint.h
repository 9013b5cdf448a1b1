// File: log/store_checkpoint.h
// The 4096-byte `checkpoint` file: physicMsgTimestamp, logicsMsgTimestamp, indexMsgTimestamp (store.md §7.1).
// Setters only change memory; Flush writes all three and syncs. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "spool/store/file_system.h"

namespace spool::store::internal {

class StoreCheckpoint {
 public:
  // Maps (creating if needed, zero-filled) the 4096-byte file and reads the three values. A shorter existing file
  // is extended with zeros and a longer one used by its first page, as Java's mapping of 4096 bytes does.
  static absl::StatusOr<std::unique_ptr<StoreCheckpoint>> Open(FileSystem* fs, const std::string& path);

  int64_t physic_msg_timestamp() const { return physic_.load(); }
  int64_t logics_msg_timestamp() const { return logics_.load(); }
  int64_t index_msg_timestamp() const { return index_.load(); }
  void set_physic_msg_timestamp(int64_t v) { physic_.store(v); }
  void set_logics_msg_timestamp(int64_t v) { logics_.store(v); }
  void set_index_msg_timestamp(int64_t v) { index_.store(v); }
  // The logicsMsgTimestamp that Flush writes. The live value above runs ahead of what the ConsumeQueues hold
  // durably (the dispatcher sets it per unit) and the index service flushes the checkpoint too, so only the
  // queue flusher moves this one, after every queue synced the units dispatched before it read the live value.
  void set_flushed_logics_msg_timestamp(int64_t v) { flushed_logics_.store(v); }

  // max(0, min(physic, logics) - 3000)
  int64_t MinTimestamp() const;
  // min(MinTimestamp(), index)
  int64_t MinTimestampIndex() const;

  // Writes the three longs and syncs the page.
  absl::Status Flush();

 private:
  StoreCheckpoint(std::unique_ptr<MemoryMapping> mapping, std::string path);
  std::unique_ptr<MemoryMapping> mapping_;
  const std::string path_;
  std::atomic<int64_t> physic_{0}, logics_{0}, index_{0}, flushed_logics_{0};
  // Flush runs on the queue flusher, the dispatcher (a full index file) and shutdown: one writes the page at a time.
  absl::Mutex flush_mu_;
};

}  // namespace spool::store::internal
