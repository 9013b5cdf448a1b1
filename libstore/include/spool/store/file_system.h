// File: spool/store/file_system.h
// The file-system seam. Every byte the store reads or writes, every sync, rename, lock and directory listing goes
// through a FileSystem, so tests can run the store in memory, drop everything that was not made durable (a power
// cut), or fail single operations.
//
//   FileSystem* fs = FileSystem::Default();               // POSIX, process-lifetime singleton
//   auto mapping = fs->MapFile("/store/commitlog/00000000000000000000", 1 << 30, MapOptions{.create = true});
//   std::memcpy((*mapping)->data() + pos, bytes, n);
//   absl::Status s = (*mapping)->Sync(pos, n);              // durable once this returns OK
//
// Contract every implementation meets (a shared contract test runs against POSIX and memory):
//  - Data written through a mapping or a WritableFile is visible to later reads at once, but durable only after a
//    successful Sync covering it. A file's existence (create, rename, delete) is durable only after SyncDir on its
//    parent directory.
//  - Errors name the path. kNotFound for a missing file, kAlreadyExists where exclusive creation fails,
//    kUnavailable for a held lock, kInternal/kDataLoss for I/O failures.
//  - Implementations are thread-safe; a single mapping or file object may be used from several threads as long
//    as writes to the same bytes are not concurrent.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace spool::store {

// A whole file mapped shared, read-write (or read-only). Unmapped on destruction.
class MemoryMapping {
 public:
  virtual ~MemoryMapping() = default;
  virtual char* data() = 0;
  virtual const char* data() const = 0;
  virtual uint64_t size() const = 0;
  // Makes [offset, offset+length) durable (msync MS_SYNC on POSIX). A failed Sync means the range's state on
  // disk is unknown; callers never count it as durable.
  virtual absl::Status Sync(uint64_t offset, uint64_t length) = 0;
  // Hints that [offset, offset+length) will not be read soon (page-cache release after flushing). Optional.
  virtual void DontNeed(uint64_t /*offset*/, uint64_t /*length*/) {}
};

// Sequential or positioned writes through the file descriptor (metadata files, checkpoint, tests).
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual absl::Status Append(std::string_view data) = 0;
  virtual absl::Status WriteAt(uint64_t offset, std::string_view data) = 0;
  virtual absl::Status Truncate(uint64_t size) = 0;
  // fdatasync: data and the metadata needed to read it back (size) are durable.
  virtual absl::Status Sync() = 0;
  virtual absl::Status Close() = 0;
};

class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  // Reads up to n bytes at offset into scratch; returns the bytes read (fewer only at end of file).
  virtual absl::StatusOr<size_t> Read(uint64_t offset, size_t n, char* scratch) const = 0;
  virtual absl::StatusOr<uint64_t> Size() const = 0;
};

// An exclusive process lock on a file (RocketMQ's store `lock`), released on destruction.
class FileLock {
 public:
  virtual ~FileLock() = default;
};

struct MapOptions {
  // Create the file if it is missing. A new file is extended to `size` bytes.
  bool create = false;
  // Map read-only (no writes through data()).
  bool read_only = false;
  // For a new file: write zeros over the whole length and sync them, so later syncs of the data only write data
  // blocks (no extent conversion or block allocation on the commit path). Slow: done off the hot path.
  bool preallocate = false;
  // Fault every page into the page table now (MAP_POPULATE), so the first read of each page costs no fault.
  bool populate = false;
  // Fault every page in writable now (MADV_POPULATE_WRITE, or one write per page where the kernel lacks it). A
  // populated shared mapping still takes a write-protect fault (page_mkwrite) on the first write to each page, which
  // costs more than copying a 1 KiB record; this moves that cost off the hot path. It leaves the pages dirty, so
  // the kernel writes them back (the same bytes) in its own time: use it where background writeback is harmless.
  bool prefault_write = false;
};

struct DiskUsage {
  uint64_t total_bytes = 0;
  uint64_t available_bytes = 0;
  // used / (used + available), as RocketMQ computes it (UtilAll.getDiskPartitionSpaceUsedPercent).
  double used_ratio() const;
};

enum class OpenMode {
  kCreateOrOpen,   // open existing or create empty, no truncation
  kCreateOrTruncate,
  kOpenExisting,
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // The POSIX file system. Never destroyed.
  static FileSystem* Default();

  // Maps the whole file, `size` bytes. An existing file whose length differs from `size` is refused
  // (kFailedPrecondition), as RocketMQ refuses a segment of the wrong size, unless size == 0, which maps the
  // file at its current length.
  virtual absl::StatusOr<std::unique_ptr<MemoryMapping>> MapFile(const std::string& path, uint64_t size,
                                                                 const MapOptions& options) = 0;
  virtual absl::StatusOr<std::unique_ptr<WritableFile>> OpenWritable(const std::string& path, OpenMode mode) = 0;
  virtual absl::StatusOr<std::unique_ptr<RandomAccessFile>> OpenReadable(const std::string& path) = 0;

  virtual absl::StatusOr<std::string> ReadFile(const std::string& path) = 0;
  virtual absl::StatusOr<bool> Exists(const std::string& path) = 0;
  virtual absl::StatusOr<bool> IsDirectory(const std::string& path) = 0;
  virtual absl::StatusOr<uint64_t> FileSize(const std::string& path) = 0;
  // Last modification time, ms since the epoch.
  virtual absl::StatusOr<int64_t> ModifiedTimeMs(const std::string& path) = 0;
  // Sets the modification time (tests of retention; RocketMQ's clean-up goes by mtime).
  virtual absl::Status SetModifiedTimeMs(const std::string& path, int64_t ms) = 0;
  // Names (not paths) of the entries in a directory, sorted.
  virtual absl::StatusOr<std::vector<std::string>> ListDir(const std::string& path) = 0;

  // Creates the directory and any missing parents; OK if it exists.
  virtual absl::Status CreateDirs(const std::string& path) = 0;
  virtual absl::Status SyncDir(const std::string& path) = 0;
  virtual absl::Status DeleteFile(const std::string& path) = 0;
  // Deletes a directory and everything under it; OK if missing.
  virtual absl::Status DeleteRecursively(const std::string& path) = 0;
  // Atomic replace of `to` by `from` (rename(2)).
  virtual absl::Status Rename(const std::string& from, const std::string& to) = 0;
  virtual absl::Status Truncate(const std::string& path, uint64_t size) = 0;

  // Takes an exclusive lock on byte [0, 1) of the file, creating it if needed. On POSIX an fcntl record lock, the
  // kind Java's FileChannel.tryLock takes, so a Java RocketMQ broker and Spool exclude each other.
  // kUnavailable if another process holds it.
  virtual absl::StatusOr<std::unique_ptr<FileLock>> LockFile(const std::string& path) = 0;

  virtual absl::StatusOr<DiskUsage> GetDiskUsage(const std::string& path) = 0;
};

// Path helpers shared by the store and the tools.
std::string JoinPath(std::string_view a, std::string_view b);

}  // namespace spool::store
