// File: testing/fault_injection_file_system.h
// FaultInjectionFileSystem: a MemFileSystem that can lose power and fail operations, for crash tests (LevelDB's
// fault_injection_test, RocksDB's FaultInjectionTestFS).
//
//   FaultInjectionFileSystem fs;
//   ... open a store on &fs, put messages, some acknowledged under SYNC_FLUSH ...
//   fs.SetActive(false);                 // the power cut begins: every later write or sync fails
//   store.reset();                       // the old store dies (its shutdown flushes fail harmlessly)
//   fs.SimulatePowerLoss({.garbage_after_durable = true, .seed = 42});
//   ... reopen the store on &fs: every acknowledged message is there ...
//
//   fs.FailNext(FaultInjectionFileSystem::Op::kMapSync, absl::InternalError("EIO"));  // exactly one msync fails
//
// The durability model (which bytes and names survive) is MemFileSystem's; see mem_file_system.h.
// Thread-safe; the controls may be called while other threads use the file system.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "testing/mem_file_system.h"

namespace spool::store::internal {

struct PowerLossOptions {
  // Every 512-byte sector holding unsynced changes gets random bytes where it changed, as a torn write leaves it.
  // Synced bytes are never touched.
  bool garbage_after_durable = false;
  // Each such sector independently keeps its old bytes, takes the unsynced new ones or (with garbage) is torn:
  // the kernel may have written back some dirty pages before the cut. Off: every unsynced byte is lost.
  bool unsynced_may_survive = false;
  // Seeds the choices and the garbage (std::mt19937_64, so a seed reproduces a failure on any platform).
  uint64_t seed = 1;
};

class FaultInjectionFileSystem : public MemFileSystem {
 public:
  // Op (inherited): kSync, kMapSync, kWrite, kMap, kRename, kSyncDir, kCreate, kDelete, kRead.

  explicit FaultInjectionFileSystem(Clock* clock = nullptr);
  ~FaultInjectionFileSystem() override;

  // The power goes and comes back: every file reverts to its durable bytes and length (see PowerLossOptions),
  // names created, renamed or deleted since their directory's last SyncDir revert, locks are released, and every
  // mapping, file and lock handed out before is dead: writes through an old mapping's data() land in a detached
  // buffer, every call on an old object fails with kUnavailable. The file system is active again afterwards;
  // injected failures stay armed (ClearFailures removes them). Reopen the store on this same object.
  void SimulatePowerLoss(const PowerLossOptions& options = {});

  // The next operation of kind `op` (on a path containing `path_contains`, if given) fails with `status` instead of
  // running; later ones run. A second FailNext for the same op replaces the first.
  void FailNext(Op op, absl::Status status, std::string path_contains = "");
  // Every operation of kind `op` (on a path containing `path_contains`) fails with `status` until ClearFailures.
  void FailAlways(Op op, absl::Status status, std::string path_contains = "");
  void ClearFailures();
  // Failures injected so far (by FailNext, FailAlways or inactivity).
  uint64_t injected_failures() const;

  // false: a power cut in progress. Every later write, sync, create, rename or delete fails with kUnavailable
  // (reads and maps of existing files still work; writes through live mappings still change memory, but can no
  // longer become durable). true again by SetActive(true) or SimulatePowerLoss.
  void SetActive(bool active);
  bool active() const;

  // The bytes `path` would hold after a power loss now; kNotFound if its name would not survive.
  using MemFileSystem::ReadDurable;

  // Successful operations so far, e.g. OpCount(Op::kMapSync) (inherited from MemFileSystem).
  using MemFileSystem::OpCount;

 private:
  struct Rule {
    absl::Status status;
    std::string path_contains;
  };

  absl::Status Check(Op op, const std::string& path);

  mutable absl::Mutex mu_;
  bool active_ ABSL_GUARDED_BY(mu_) = true;
  std::array<std::optional<Rule>, kOpCount> next_ ABSL_GUARDED_BY(mu_);
  std::array<std::optional<Rule>, kOpCount> always_ ABSL_GUARDED_BY(mu_);
  uint64_t injected_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace spool::store::internal
