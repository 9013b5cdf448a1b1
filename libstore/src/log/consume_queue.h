// File: log/consume_queue.h
// One topic/queue's ConsumeQueue: 20-byte units (commit-log offset, size, tag code) in fixed-size files under
// consumequeue/<topic>/<queueId>/, named by logical byte offset (shared/spec/store.md §4, §11.2, §11.5).
//
// Written only by the dispatcher (one thread) — and by recovery before services start. Read by any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "log/mapped_file_queue.h"

namespace spool::store::internal {

inline constexpr int32_t kCqUnitSize = 20;

struct CqUnit {
  int64_t commit_log_offset = 0;
  int32_t size = 0;
  int64_t tags_code = 0;
};

class ConsumeQueue {
 public:
  // `root` is the consumequeue directory; the queue lives in root/topic/queue_id. `file_size` is a multiple of 20.
  ConsumeQueue(FileSystem* fs, const std::string& root, std::string topic, int32_t queue_id, int64_t file_size);

  const std::string& topic() const { return topic_; }
  int32_t queue_id() const { return queue_id_; }

  // Maps existing files (wrong-size files refused).
  absl::Status Load();
  // RocketMQ's ConsumeQueue.recover: finds the end of the valid units from the third-to-last file; sets positions
  // and drops dirty files after it; computes max_physic_offset.
  absl::Status Recover();
  // Whether Recover ended the queue at something other than its clean end (a damaged unit, a unit pointing back,
  // later files dropped): units the dispatcher wrote were lost and must be rebuilt from the commit log.
  bool lost_units_on_recover() const { return lost_units_; }

  // Appends a unit for `queue_offset` (RocketMQ's putMessagePositionInfo idempotence rules: skip if already
  // written, fill pre-blank units when a queue's first file starts at a non-zero offset).
  absl::Status PutUnit(int64_t commit_log_offset, int32_t size, int64_t tags_code, int64_t queue_offset);

  // The unit at a queue offset; nullopt if beyond the written end or below the min (or its file is gone).
  std::optional<CqUnit> GetUnit(int64_t queue_offset) const;
  // Reads up to `max_units` consecutive units from `queue_offset` within one file (as RocketMQ's getIndexBuffer).
  // Returns the units; empty if none.
  std::vector<CqUnit> GetUnits(int64_t queue_offset, int32_t max_units) const;
  // True if the file that would hold `queue_offset` is missing while later files exist (OFFSET_FOUND_NULL), and
  // then sets *next to the first offset of the next file.
  bool FileMissing(int64_t queue_offset, int64_t* next) const;

  int64_t MinOffsetInQueue() const;   // units
  int64_t MaxOffsetInQueue() const;   // units (= next queue offset)
  // commit-log offset + size of the last unit written (0 if none).
  int64_t max_physic_offset() const { return max_physic_offset_.load(std::memory_order_acquire); }

  // Recovery: drop units pointing at or beyond `commit_log_end` (RocketMQ's truncateDirtyLogicFiles).
  absl::Status TruncateDirty(int64_t commit_log_end);
  // Recovery: keeps the longest prefix of units (from the first file) that `valid` accepts, with no file missing
  // in between, and drops the rest; max_physic_offset() becomes the end of the last kept unit's record. `valid`
  // gets each unit with its queue offset (pre-blank filler is skipped). Returns whether anything was dropped.
  using UnitCheck = std::function<bool(int64_t queue_offset, const CqUnit& unit)>;
  absl::StatusOr<bool> TruncateInvalid(const UnitCheck& valid);
  // Sets the min logical offset to the first unit of the first file whose commit-log offset >= the log's min.
  void CorrectMinOffset(int64_t commit_log_min_offset);
  // Retention: deletes files (never the last) whose last unit's commit-log offset < `commit_log_min_offset`.
  // Returns the number deleted.
  int DeleteExpiredFiles(int64_t commit_log_min_offset);

  // Queue offset closest to `timestamp_ms` (RocketMQ's getOffsetInQueueByTime). `store_time_of` reads a record's
  // STORETIMESTAMP from the commit log (-1 if unreadable); `commit_log_min_offset` bounds valid units.
  int64_t OffsetByTime(int64_t timestamp_ms, int64_t commit_log_min_offset,
                       const std::function<int64_t(int64_t offset, int32_t size)>& store_time_of) const;

  absl::StatusOr<int64_t> Flush(int least_pages);
  // Deletes every file.
  absl::Status Destroy();

 private:
  FileSystem* fs_;
  std::string topic_;
  int32_t queue_id_;
  int64_t file_size_;
  MappedFileQueue files_;
  std::atomic<int64_t> max_physic_offset_{0};
  std::atomic<int64_t> min_logic_offset_{0};  // bytes
  bool lost_units_ = false;                    // recovery only
};

}  // namespace spool::store::internal
