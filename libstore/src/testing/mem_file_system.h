// File: testing/mem_file_system.h
// MemFileSystem: the whole FileSystem in memory, for tests. Thread-safe. It keeps, for every file, both its
// current bytes and the bytes a power cut would leave (its durable bytes), and for every directory the names a
// power cut would leave, so FaultInjectionFileSystem can drop whatever was never made durable.
//
//   ManualClock clock;
//   MemFileSystem fs(&clock);
//   SPOOL_CHECK(fs.CreateDirs("/store/commitlog").ok());
//   auto mapping = fs.MapFile("/store/commitlog/00000000000000000000", 1 << 20, MapOptions{.create = true});
//
// Durability model (what FaultInjectionFileSystem::SimulatePowerLoss keeps):
//  - Bytes: a mapping's Sync(offset, length) makes that range durable; WritableFile::Sync makes the whole file,
//    length included, durable. Nothing else does.
//  - Names: a file's creation, rename or deletion is durable once SyncDir ran on its parent directory afterwards.
//    A file created by MapFile (which sets its length) counts, once its name is durable, as durable zeros of that
//    length: ext4 commits the ftruncate with the directory in one journal transaction. MapFile with preallocate
//    syncs the data and the parent directory itself, as the POSIX one does.
//  - Directories (CreateDirs, DeleteRecursively) are durable at once, as in RocksDB's FaultInjectionTestFS; only
//    files are tracked.
// Other behaviour:
//  - A mapping shares the file's buffer: writes through data() are the file's current bytes at once, and the
//    pointer stays valid for the mapping's life, even if the file is renamed or deleted. While a file is mapped its
//    length is fixed: writes past the end, truncation and kCreateOrTruncate opens fail with kFailedPrecondition.
//  - read_only mappings are not enforced (the pointer is writable); DontNeed does nothing.
//  - The modification time comes from the Clock given at construction (the system clock if none) and is set on
//    creation, on writes through a WritableFile, on truncation and on a mapping's Sync.
//  - GetDiskUsage returns what SetDiskUsage set (default: 1 TiB, all of it available) for any existing path.
//  - The file system's state is shared with the objects it hands out, so they may outlive it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "spool/store/clock.h"
#include "spool/store/file_system.h"

namespace spool::store::internal {

class MemFileSystem : public FileSystem {
 public:
  // Operation kinds, for counting and (in FaultInjectionFileSystem) failing them.
  enum class Op {
    kSync,     // WritableFile::Sync
    kMapSync,  // MemoryMapping::Sync
    kWrite,    // WritableFile Append/WriteAt/Truncate, FileSystem::Truncate, SetModifiedTimeMs, truncating open
    kMap,      // MapFile
    kRename,   // Rename
    kSyncDir,  // SyncDir
    kCreate,   // anything that creates a file or directory (MapFile/OpenWritable/LockFile/CreateDirs)
    kDelete,   // DeleteFile, DeleteRecursively
    kRead,     // OpenReadable, ReadFile, RandomAccessFile::Read
  };
  static constexpr int kOpCount = 9;
  static const char* OpName(Op op);

  // `clock` (may be null: system clock) must outlive the file system and everything it hands out.
  explicit MemFileSystem(Clock* clock = nullptr);
  ~MemFileSystem() override;
  MemFileSystem(const MemFileSystem&) = delete;
  MemFileSystem& operator=(const MemFileSystem&) = delete;

  // What GetDiskUsage reports from now on.
  void SetDiskUsage(uint64_t total_bytes, uint64_t available_bytes);
  // Successful operations of a kind so far (e.g. OpCount(Op::kMapSync) after a SYNC_FLUSH put).
  uint64_t OpCount(Op op) const;

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

  struct State;  // shared with the objects handed out; defined in the .cc

 protected:
  // Consulted before every operation that may fail, with no other effect when it returns OK. A non-OK result
  // fails the operation with that status. Called with the file system's lock held: it must not call back in.
  using FaultHook = std::function<absl::Status(Op op, const std::string& path)>;
  void SetFaultHook(FaultHook hook);

  // What to do with bytes written but not synced when the power goes.
  struct DropOptions {
    // Each 512-byte sector holding unsynced changes gets random bytes where it changed (a torn write).
    bool garbage = false;
    // Each such sector independently keeps its old bytes, takes its new bytes or (with `garbage`) gets garbage,
    // chosen at random: the kernel may have written some dirty pages back before the cut.
    bool unsynced_may_survive = false;
    uint64_t seed = 1;
  };
  // A power cut: every file gets its durable bytes (altered per `options`) and length, the names revert to the
  // durable directory view, locks are released, and every mapping, file and lock handed out so far is dead (its
  // writes go nowhere, its calls fail with kUnavailable).
  void DropUnsyncedData(const DropOptions& options);

  // The bytes `path` would hold after a power cut now (kNotFound if its name would not survive).
  absl::StatusOr<std::string> ReadDurable(const std::string& path) const;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace spool::store::internal
