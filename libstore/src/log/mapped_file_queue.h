// File: log/mapped_file_queue.h
// An ordered run of equal-size MappedFiles in one directory, each named by its start offset: the CommitLog's
// segments or one ConsumeQueue's files (RocketMQ's MappedFileQueue).
//
// The file list is guarded by a reader/writer lock; MappedFiles are handed out as shared_ptrs, so a reader keeps a
// file usable while retention removes it. Appending is the owner's job (it serialises appends itself).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "log/mapped_file.h"
#include "spool/store/file_system.h"

namespace spool::store::internal {

class MappedFileQueue {
 public:
  // Creates the file for `offset` at `path`; lets the CommitLog hand creation to its pre-allocation service.
  using FileFactory = std::function<absl::StatusOr<std::shared_ptr<MappedFile>>(const std::string& path,
                                                                                int64_t offset)>;

  MappedFileQueue(FileSystem* fs, std::string dir, int64_t file_size, FileFactory factory = nullptr);

  const std::string& dir() const { return dir_; }
  int64_t file_size() const { return file_size_; }

  // Maps every file in the directory (sorted by name). Files of the wrong size are refused, as RocketMQ refuses
  // them; names that are not 20-digit offsets are ignored. Positions are set to the file size (full) until
  // recovery says otherwise.
  absl::Status Load();

  // The last file, or nullptr.
  std::shared_ptr<MappedFile> Last() const;
  // The file to append to: the last one if it has room, else a new one starting where the last ends (or at
  // `start_offset` rounded down to a file boundary when there is none). nullptr+error if creation failed.
  absl::StatusOr<std::shared_ptr<MappedFile>> LastOrCreate(int64_t start_offset);
  // The file holding `offset`, or nullptr (first file if `first_if_missing` and nothing holds it).
  std::shared_ptr<MappedFile> FindByOffset(int64_t offset, bool first_if_missing = false) const;
  std::shared_ptr<MappedFile> First() const;
  std::vector<std::shared_ptr<MappedFile>> Files() const;
  size_t FileCount() const;

  // Start of the first file (0 if none).
  int64_t MinOffset() const;
  // End of the written data (last file start + wrote position; 0 if none).
  int64_t MaxOffset() const;

  int64_t flushed_where() const { return flushed_where_.load(std::memory_order_acquire); }
  void set_flushed_where(int64_t v) { flushed_where_.store(v, std::memory_order_release); }

  // Flushes the file holding flushed_where (RocketMQ's MappedFileQueue.flush). Returns the new flushed_where.
  // Called by one flusher at a time.
  absl::StatusOr<int64_t> Flush(int least_pages);
  // Flushes until flushed_where >= target (or nothing more is written). Returns the new flushed_where.
  absl::StatusOr<int64_t> FlushUpTo(int64_t target);

  // Recovery tail: files starting after `offset` are deleted; the file holding it gets positions offset % size.
  absl::Status TruncateDirtyFiles(int64_t offset);
  // Removes and deletes the last file (ConsumeQueue truncation).
  absl::Status DeleteLastFile();

  // Removes the given leading files from the list and deletes them (when their last holder releases them).
  // Returns how many were removed. Never removes the last file.
  int RemoveLeadingFiles(const std::vector<std::shared_ptr<MappedFile>>& files);

  // Deletes every file and the list.
  absl::Status Destroy();

 private:
  absl::StatusOr<std::shared_ptr<MappedFile>> CreateFile(int64_t offset);

  FileSystem* const fs_;
  const std::string dir_;
  const int64_t file_size_;
  FileFactory factory_;
  mutable absl::Mutex mu_;
  std::vector<std::shared_ptr<MappedFile>> files_ ABSL_GUARDED_BY(mu_);
  // End of data known durable, global offset. Written by the flusher (and recovery).
  std::atomic<int64_t> flushed_where_{0};
};

}  // namespace spool::store::internal
