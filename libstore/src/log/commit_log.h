// File: log/commit_log.h
// The CommitLog: every message of every topic, appended to fixed-size mmap'd segments in RocketMQ's v1 record
// format (store.md §2, §8, §11). Appends are serialised by one put lock; the record is encoded before the lock and
// only the queue offset, physical offset and store timestamp are patched under it.
//
// Positions: max_offset() = end of appended data (readers may read below it); flushed_where() = end of data
// known durable (advanced only by a successful sync).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "codec/message_codec.h"
#include "log/allocate_mapped_file_service.h"
#include "log/mapped_file_queue.h"
#include "log/prepared_message.h"
#include "spool/store/clock.h"
#include "spool/store/options.h"

namespace spool::store::internal {

struct AppendResult {
  PutMessageStatus status = PutMessageStatus::kUnknownError;
  std::string remark;
  int64_t wrote_offset = -1;  // first record
  int32_t wrote_bytes = 0;
  int64_t queue_offset = -1;  // first record's
  int32_t message_count = 0;
  int64_t store_timestamp = 0;
  int64_t end_offset = 0;  // offset after the last record: what a sync must reach
  std::vector<std::string> msg_ids;
};

struct RecoveryReport {
  int64_t end_offset = 0;        // first byte after the last whole record
  int64_t start_offset = 0;      // where the walk began
  int64_t records = 0;
  int64_t dropped_bytes = 0;     // non-zero bytes found after the end and discarded
  std::string stop_reason;       // why the walk stopped (empty at a clean end)
};

class CommitLog {
 public:
  CommitLog(const StoreOptions& options, FileSystem* fs, Clock* clock, const DelayLevelTable* delays);
  ~CommitLog();

  absl::Status Load();

  // RocketMQ's recoverNormally (from the third-to-last segment) or recoverAbnormally (from the newest segment
  // whose first record is older than `min_timestamp`; from the first if the log holds nothing that new, i.e. the
  // checkpoint cannot be right). Truncates the log after the last whole record: later
  // segments are deleted and the stale bytes after the end are zeroed and synced, so nothing dropped now can
  // reappear after a later crash.
  absl::StatusOr<RecoveryReport> Recover(bool abnormal, int64_t min_timestamp);

  // Starts/stops segment pre-allocation.
  void StartServices();
  void StopServices();

  AppendResult Append(const PreparedMessage& prepared);

  int64_t min_offset() const { return files_.MinOffset(); }
  int64_t max_offset() const { return files_.MaxOffset(); }
  int64_t flushed_where() const { return files_.flushed_where(); }
  // Store timestamp of the newest appended record (checkpoint's physicMsgTimestamp after a flush).
  int64_t last_store_timestamp() const { return last_store_timestamp_.load(std::memory_order_acquire); }

  // Flush per RocketMQ's rules (least pages); FlushUpTo makes everything below `target` durable.
  absl::StatusOr<int64_t> Flush(int least_pages) { return files_.Flush(least_pages); }
  absl::StatusOr<int64_t> FlushUpTo(int64_t target) { return files_.FlushUpTo(target); }

  // Copies `size` bytes at `offset` (one record). kOutOfRange beyond the end, kNotFound if the segment is gone.
  absl::StatusOr<std::string> Read(int64_t offset, int32_t size) const;
  // The segment holding `offset` (shared ownership keeps it readable while retention removes it).
  std::shared_ptr<MappedFile> FindFile(int64_t offset) const { return files_.FindByOffset(offset); }
  // STORETIMESTAMP of the record at `offset` (-1 if unreadable).
  int64_t PickupStoreTimestamp(int64_t offset, int32_t size) const;

  // The topic-queue table: next queue offset per "<topic>-<queueId>". Rebuilt from the ConsumeQueues at start.
  void SetQueueOffset(const std::string& topic, int32_t queue_id, int64_t next_offset);
  void ClearQueueOffsets();

  MappedFileQueue& files() { return files_; }
  const StoreOptions& options() const { return options_; }

 private:
  struct Walk {
    int64_t end = 0;
    int64_t records = 0;
    int64_t last_store_timestamp = 0;  // of the last whole record (0 if none)
    std::string stop_reason;
  };
  // Index of the segment recovery starts at (store.md §11.3, §11.4).
  size_t RecoveryStart(const std::vector<std::shared_ptr<MappedFile>>& files, bool abnormal,
                       int64_t min_timestamp) const;
  // Walks whole records from files[index] until the first that fails the checks.
  Walk WalkRecords(const std::vector<std::shared_ptr<MappedFile>>& files, size_t index) const;
  absl::StatusOr<std::shared_ptr<MappedFile>> CreateSegment(const std::string& path, int64_t offset);
  absl::Status ZeroTail(int64_t end);
  // Appends under put_mu_. Returns kPutOk, or END_OF_FILE handling inside.
  AppendResult AppendLocked(const PreparedMessage& prepared) ABSL_EXCLUSIVE_LOCKS_REQUIRED(put_mu_);

  const StoreOptions& options_;
  FileSystem* const fs_;
  Clock* const clock_;
  const DelayLevelTable* delays_;
  AllocateMappedFileService allocator_;
  MappedFileQueue files_;

  absl::Mutex put_mu_;
  std::shared_ptr<MappedFile> current_ ABSL_GUARDED_BY(put_mu_);
  absl::flat_hash_map<std::string, int64_t> queue_offsets_ ABSL_GUARDED_BY(put_mu_);
  std::string scratch_ ABSL_GUARDED_BY(put_mu_);
  // Written under put_mu_; read by the flush services.
  std::atomic<int64_t> last_store_timestamp_{0};
};

}  // namespace spool::store::internal
