// File: log/mapped_file.h
// One fixed-size file mapped in full: a CommitLog segment, a ConsumeQueue file or an IndexFile. Named by the
// global offset of its first byte (RocketMQ's MappedFile).
//
// Positions, each a byte offset inside the file:
//  - wrote: end of appended data. Written by the single appender (under its owner's lock), read by anyone.
//  - flushed: end of data known durable. Advanced only by Flush, only after the sync succeeded.
// Readers see bytes below wrote; everything past it is undefined (zeros or stale bytes after a truncation).
//
// Held by std::shared_ptr: a reader keeps a file alive while retention removes it from its queue; the mapping is
// released when the last holder lets go. Flush is serialised internally; appends are the owner's to serialise.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "spool/store/file_system.h"

namespace spool::store::internal {

inline constexpr int64_t kOsPageSize = 4096;

class MappedFile {
 public:
  // Maps `path` (creating it with `options.create`). The file name is not parsed; `file_from_offset` is given.
  static absl::StatusOr<std::shared_ptr<MappedFile>> Open(FileSystem* fs, std::string path,
                                                          int64_t file_from_offset, int64_t size,
                                                          const MapOptions& options);

  // Wraps a mapping made elsewhere (the pre-allocation service maps a temporary name, then renames it).
  static std::shared_ptr<MappedFile> FromMapping(FileSystem* fs, std::string path, int64_t file_from_offset,
                                                 std::unique_ptr<MemoryMapping> mapping);

  const std::string& path() const { return path_; }
  int64_t file_from_offset() const { return file_from_offset_; }
  int64_t size() const { return size_; }
  char* data() { return mapping_->data(); }
  const char* data() const { return mapping_->data(); }

  int64_t wrote_position() const { return wrote_.load(std::memory_order_acquire); }
  // Publishes bytes below `pos` to readers. Only the appender calls it.
  void set_wrote_position(int64_t pos) { wrote_.store(pos, std::memory_order_release); }
  int64_t flushed_position() const { return flushed_.load(std::memory_order_acquire); }
  // Recovery sets both positions to the end of the valid data it found.
  void ResetPositions(int64_t pos);
  bool IsFull() const { return wrote_position() >= size_; }

  // Appends at the wrote position; false if it does not fit.
  bool Append(std::string_view bytes);

  // Makes [flushed, wrote) durable if at least `least_pages` 4 KiB pages are dirty (or the file is full, or
  // least_pages == 0). Returns the new flushed position. A failed sync leaves the flushed position where it was.
  absl::StatusOr<int64_t> Flush(int least_pages);

  // Bytes [pos, pos+len) if they are below the wrote position; empty otherwise.
  std::string_view Read(int64_t pos, int64_t len) const;

  // Releases page cache for flushed data (best effort).
  void DontNeed(int64_t pos, int64_t len) { mapping_->DontNeed(pos, len); }

  // Marks the file for deletion: the file is unlinked when the last holder releases it.
  void MarkDeleteOnRelease() { delete_on_release_.store(true); }

  ~MappedFile();

 private:
  MappedFile(FileSystem* fs, std::string path, int64_t from, int64_t size, std::unique_ptr<MemoryMapping> mapping);
  bool ShouldFlush(int64_t wrote, int64_t flushed, int least_pages) const;

  FileSystem* const fs_;
  const std::string path_;
  const int64_t file_from_offset_;
  const int64_t size_;
  std::unique_ptr<MemoryMapping> mapping_;
  std::atomic<int64_t> wrote_{0};
  std::atomic<int64_t> flushed_{0};
  absl::Mutex flush_mu_;  // one sync at a time; a concurrent flusher waits and finds the work done
  std::atomic<bool> delete_on_release_{false};
};

// RocketMQ's file name for an offset: 20 digits, zero-padded.
std::string OffsetToFileName(int64_t offset);
// Parses a 20-digit name; nullopt-like -1 if the name is not one.
int64_t FileNameToOffset(std::string_view name);

}  // namespace spool::store::internal
