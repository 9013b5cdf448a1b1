// File: store/retention.h
// Retention (RocketMQ's CleanCommitLogService + CleanConsumeQueueService, store.md §12): deletes commit-log
// segments older than fileReservedTime at the deleteWhen hours, or at once when the disk is fuller than
// diskMaxUsedSpaceRatio; ConsumeQueue and index files whose data is gone follow, and queue min offsets move up.
// Time and the disk come through the Clock and FileSystem seams, so tests fake both.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "spool/store/clock.h"
#include "spool/store/file_system.h"
#include "spool/store/options.h"

namespace spool::store::internal {

class CommitLog;
class ConsumeQueueTable;
class IndexService;
class RunningFlags;

struct RetentionReport {
  double disk_used_ratio = 0;
  bool time_matched = false;
  bool space_triggered = false;
  int commit_log_files_deleted = 0;
  int consume_queue_files_deleted = 0;
  int index_files_deleted = 0;
};

class Retention {
 public:
  Retention(const StoreOptions& options, FileSystem* fs, Clock* clock, CommitLog* log, ConsumeQueueTable* queues,
            IndexService* index, RunningFlags* flags);

  // One clean-up round. `force` acts as RocketMQ's manual delete request with the disk over the limit.
  absl::StatusOr<RetentionReport> RunOnce(bool force);

 private:
  bool IsDeleteHour(int64_t now) const;
  int DeleteExpiredSegments(int64_t now, bool at_once);
  void CleanQueues(RetentionReport* report);

  const StoreOptions& options_;
  FileSystem* fs_;
  Clock* clock_;
  CommitLog* log_;
  ConsumeQueueTable* queues_;
  IndexService* index_;
  RunningFlags* flags_;
  std::vector<int> delete_hours_;
  int64_t last_min_offset_ = -1;
};

}  // namespace spool::store::internal
