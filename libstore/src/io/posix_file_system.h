// File: io/posix_file_system.h
// The real FileSystem: POSIX calls on Linux. The only place in the store that calls ::open, ::mmap or ::msync.
//
//   PosixFileSystem fs;   // or FileSystem::Default()
//   auto mapping = fs.MapFile(path, 1 << 30, MapOptions{.create = true, .preallocate = true});
//
// Notes on behaviour the contract leaves open:
//  - Mappings are MAP_SHARED. The descriptor is closed right after mmap (the mapping keeps the file alive), so
//    thousands of ConsumeQueue files cost no descriptors. Sync is one msync(MS_SYNC) over the page-aligned range;
//    on Linux that is a ranged fdatasync of the file.
//  - DontNeed is madvise(MADV_DONTNEED). On a MAP_SHARED file mapping this only drops page-table entries: a dirty
//    page's data moves to the page cache (still to be written back), and the next access re-reads it from the page
//    cache or the file. So it never loses data, but it only lets the kernel reclaim memory for ranges already
//    synced; call it on flushed ranges. (glibc's posix_madvise(POSIX_MADV_DONTNEED) is a no-op, hence madvise.)
//  - LockFile takes an open-file-description lock (F_OFD_SETLK) on byte [0, 1). OFD locks conflict with the
//    classic per-process fcntl locks a Java broker's FileChannel.tryLock(0, 1, false) takes, conflict between two
//    descriptors of one process, and are not dropped when some other descriptor of the file is closed (a classic
//    fcntl lock is: reading the lock file through ReadFile would silently unlock it). Kernels without OFD locks
//    (< 3.15) fall back to F_SETLK. A process-wide registry also refuses a second lock of the same path.
//  - GetDiskUsage reports total_bytes = used + available (statvfs: blocks - free + avail), so that
//    DiskUsage::used_ratio() equals RocketMQ's used / (used + usable) and df's Use%.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "spool/store/file_system.h"

namespace spool::store::internal {

class PosixFileSystem final : public FileSystem {
 public:
  PosixFileSystem() = default;

  absl::StatusOr<std::unique_ptr<MemoryMapping>> MapFile(const std::string& path, uint64_t size,
                                                         const MapOptions& options) override;
  absl::StatusOr<std::unique_ptr<WritableFile>> OpenWritable(const std::string& path, OpenMode mode) override;
  absl::StatusOr<std::unique_ptr<RandomAccessFile>> OpenReadable(const std::string& path) override;

  absl::StatusOr<std::string> ReadFile(const std::string& path) override;
  absl::StatusOr<bool> Exists(const std::string& path) override;
  absl::StatusOr<bool> IsDirectory(const std::string& path) override;
  absl::StatusOr<uint64_t> FileSize(const std::string& path) override;
  absl::StatusOr<int64_t> ModifiedTimeMs(const std::string& path) override;
  absl::Status SetModifiedTimeMs(const std::string& path, int64_t ms) override;
  absl::StatusOr<std::vector<std::string>> ListDir(const std::string& path) override;

  absl::Status CreateDirs(const std::string& path) override;
  absl::Status SyncDir(const std::string& path) override;
  absl::Status DeleteFile(const std::string& path) override;
  absl::Status DeleteRecursively(const std::string& path) override;
  absl::Status Rename(const std::string& from, const std::string& to) override;
  absl::Status Truncate(const std::string& path, uint64_t size) override;

  absl::StatusOr<std::unique_ptr<FileLock>> LockFile(const std::string& path) override;

  absl::StatusOr<DiskUsage> GetDiskUsage(const std::string& path) override;
};

// Maps an errno to a Status naming the operation and path: ENOENT -> kNotFound, EEXIST -> kAlreadyExists,
// EACCES/EPERM -> kPermissionDenied, ENOSPC/EDQUOT -> kResourceExhausted, ENOTDIR/EISDIR/ENOTEMPTY ->
// kFailedPrecondition, anything else (EIO...) -> kInternal.
absl::Status PosixError(const std::string& op, const std::string& path, int err);

}  // namespace spool::store::internal
