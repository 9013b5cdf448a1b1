// File: log/allocate_mapped_file_service.h
// Creates CommitLog segments ahead of need (RocketMQ's AllocateMappedFileService), so a segment roll on the put
// path maps a file that is already written with zeros, synced and faulted in. Without that, the first msync of
// each page of a sparse file allocates blocks and converts extents, which stalls SYNC_FLUSH puts for tens of ms.
//
// A new segment is built under a temporary name (<name>.alloc) and renamed when complete, so a crash during
// pre-allocation never leaves a short segment that would make the next load fail.
//
// Owns one thread; Start after recovery, Stop before the CommitLog goes away.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "log/mapped_file.h"
#include "spool/store/file_system.h"

namespace spool::store::internal {

inline constexpr char kAllocatingSuffix[] = ".alloc";

class AllocateMappedFileService {
 public:
  // `prefault_write`: map new segments with MapOptions::prefault_write (ASYNC_FLUSH, where the kernel's own
  // writeback of the pre-dirtied zeros costs nothing a put waits for).
  AllocateMappedFileService(FileSystem* fs, std::string dir, int64_t file_size, bool lock_in_memory,
                            bool prefault_write);
  ~AllocateMappedFileService();

  // Deletes leftovers of an interrupted pre-allocation.
  absl::Status RemoveLeftovers();
  void Start();
  // Stops the thread; a pre-allocated, unused segment is deleted.
  void Stop();

  // The segment starting at `offset`: the pre-allocated one if ready (or being built: waits for it), else built
  // now. Then asks for the segment after it in the background.
  absl::StatusOr<std::shared_ptr<MappedFile>> Take(int64_t offset);

  // Asks the thread to build the segment at `offset` now, so that the Take for it finds it ready: the first segment
  // of an empty store (or the next one after a full last segment) would otherwise be created and pre-faulted on the
  // first put, which takes seconds for a 1 GiB segment. No-op unless started.
  void Prepare(int64_t offset);

 private:
  absl::StatusOr<std::shared_ptr<MappedFile>> Build(int64_t offset);
  void Run();

  FileSystem* const fs_;
  const std::string dir_;
  const int64_t file_size_;
  const bool lock_in_memory_;
  const bool prefault_write_;

  absl::Mutex mu_;
  bool running_ ABSL_GUARDED_BY(mu_) = false;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<int64_t> requested_ ABSL_GUARDED_BY(mu_);  // offset to build next
  bool building_ ABSL_GUARDED_BY(mu_) = false;
  int64_t ready_offset_ ABSL_GUARDED_BY(mu_) = -1;
  absl::StatusOr<std::shared_ptr<MappedFile>> ready_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;  // joined by Stop
};

}  // namespace spool::store::internal
