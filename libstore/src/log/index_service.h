// File: log/index_service.h
// The IndexFiles under index/ (store.md §6): builds entries for each dispatched record's UNIQ_KEY and KEYS, and
// answers key queries within a time range. Files are named by creation time (yyyyMMddHHmmssSSS, local time).
//
// BuildIndex is called by the dispatcher only; queries from any thread (they wait while BuildIndex adds a record's
// keys, never during a flush).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "codec/message_codec.h"
#include "spool/store/clock.h"
#include "spool/store/file_system.h"

namespace spool::store::internal {

class IndexFile;
class StoreCheckpoint;

struct IndexQueryResult {
  std::vector<int64_t> offsets;  // commit-log offsets, newest file first; may contain hash collisions
  int64_t last_update_timestamp = 0;
  int64_t last_update_phy_offset = 0;
};

class IndexService {
 public:
  IndexService(FileSystem* fs, Clock* clock, std::string dir, int32_t max_hash_slot_num, int32_t max_index_num,
               StoreCheckpoint* checkpoint);
  ~IndexService();

  // Maps existing index files. After an abnormal exit (`last_exit_ok` false), files whose endTimestamp is newer
  // than the checkpoint's indexMsgTimestamp are deleted (they are rebuilt by re-dispatch).
  absl::Status Load(bool last_exit_ok);

  // Indexes one dispatched record (skips ROLLBACK records and offsets already indexed).
  absl::Status BuildIndex(const DispatchInfo& info);

  // Commit-log offsets of records with `key` (UNIQ_KEY or a KEYS token) in `topic`, stored in [begin, end].
  IndexQueryResult QueryOffsets(const std::string& topic, const std::string& key, int32_t max_num, int64_t begin,
                                int64_t end) const;

  // After Load(false) deleted index files: the commit-log offset to re-dispatch from so that their keys are indexed
  // again; -1 when Load deleted nothing.
  int64_t rebuild_from() const { return rebuild_from_; }

  // Retention: deletes index files (never the last) whose endPhyOffset < `commit_log_min_offset`. Returns the
  // number deleted.
  int DeleteExpiredFiles(int64_t commit_log_min_offset);

  // There is no truncation step: when recovery cuts the commit log, index files keep their entries past the new
  // end, as RocketMQ keeps them. Such an entry can only point at a record that is gone or was rewritten, and query
  // callers read every hit back and re-check its topic and key; re-dispatch skips offsets below the last file's
  // endPhyOffset, so it does not index them twice.

  // Makes every index file durable (shutdown). Does not touch the checkpoint.
  absl::Status Flush();
  // Deletes every index file.
  absl::Status Destroy();

 private:
  absl::Status BuildIndexLocked(const DispatchInfo& info, std::vector<std::shared_ptr<IndexFile>>* full)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The file to add entries to: the last one, or a new one when there is none or it is full (a full last file
  // goes to *full, to be flushed once mu_ is released).
  absl::StatusOr<std::shared_ptr<IndexFile>> LastOrCreateLocked(std::vector<std::shared_ptr<IndexFile>>* full)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<std::string> NewFileNameLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Adds one key, rolling *file to a new file when it is full.
  absl::Status PutKeyLocked(std::shared_ptr<IndexFile>* file, const std::string& key, const DispatchInfo& info,
                            std::vector<std::shared_ptr<IndexFile>>* full) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Flushes a full file, then records its endTimestamp as the checkpoint's indexMsgTimestamp and flushes that.
  absl::Status FlushFull(const std::shared_ptr<IndexFile>& file) ABSL_LOCKS_EXCLUDED(mu_);

  FileSystem* fs_;
  Clock* clock_;
  std::string dir_;
  int32_t max_hash_slot_num_;
  int32_t max_index_num_;
  StoreCheckpoint* checkpoint_;
  mutable absl::Mutex mu_;
  std::vector<std::shared_ptr<IndexFile>> files_ ABSL_GUARDED_BY(mu_);
  // One index flush at a time (IndexFile::Flush rewinds its MappedFile's positions). Never held with mu_.
  absl::Mutex flush_mu_;
  int64_t rebuild_from_ = -1;  // set by Load, before any other thread runs
};

}  // namespace spool::store::internal
