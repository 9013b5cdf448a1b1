#include "log/allocate_mapped_file_service.h"

#include <sys/mman.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "util/logging.h"
#include "spool/status_macros.h"

namespace spool::store::internal {

AllocateMappedFileService::AllocateMappedFileService(FileSystem* fs, std::string dir, int64_t file_size,
                                                     bool lock_in_memory, bool prefault_write)
    : fs_(fs), dir_(std::move(dir)), file_size_(file_size), lock_in_memory_(lock_in_memory),
      prefault_write_(prefault_write),
      ready_(absl::NotFoundError("none")) {}

AllocateMappedFileService::~AllocateMappedFileService() { Stop(); }

absl::Status AllocateMappedFileService::RemoveLeftovers() {
  SPOOL_ASSIGN_OR_RETURN(bool exists, fs_->Exists(dir_));
  if (!exists) return absl::OkStatus();
  SPOOL_ASSIGN_OR_RETURN(auto names, fs_->ListDir(dir_));
  for (const auto& name : names) {
    if (absl::EndsWith(name, kAllocatingSuffix)) {
      StoreLog().warn("removing interrupted pre-allocation {}", JoinPath(dir_, name));
      SPOOL_RETURN_IF_ERROR(fs_->DeleteFile(JoinPath(dir_, name)));
    }
  }
  return absl::OkStatus();
}

void AllocateMappedFileService::Start() {
  absl::MutexLock lock(&mu_);
  if (running_) return;
  running_ = true;
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

void AllocateMappedFileService::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (!running_) return;
    stop_ = true;
  }
  thread_.join();
  absl::MutexLock lock(&mu_);
  running_ = false;
  if (ready_.ok()) {
    // Unused pre-allocated segment: remove it so the directory holds only segments that were written to.
    (*ready_)->MarkDeleteOnRelease();
    ready_ = absl::NotFoundError("none");
    ready_offset_ = -1;
  }
}

absl::StatusOr<std::shared_ptr<MappedFile>> AllocateMappedFileService::Build(int64_t offset) {
  SPOOL_RETURN_IF_ERROR(fs_->CreateDirs(dir_));
  std::string path = JoinPath(dir_, OffsetToFileName(offset));
  std::string temp = absl::StrCat(path, kAllocatingSuffix);
  SPOOL_ASSIGN_OR_RETURN(auto mapping,
                         fs_->MapFile(temp, static_cast<uint64_t>(file_size_),
                                      MapOptions{.create = true, .preallocate = true, .populate = true,
                                                 .prefault_write = prefault_write_}));
  if (lock_in_memory_ && ::mlock(mapping->data(), mapping->size()) != 0) {
    StoreLog().warn("mlock {}: failed (warmMapedFileEnable); continuing unlocked", path);
  }
  SPOOL_RETURN_IF_ERROR(fs_->Rename(temp, path));
  SPOOL_RETURN_IF_ERROR(fs_->SyncDir(dir_));
  return MappedFile::FromMapping(fs_, path, offset, std::move(mapping));
}

absl::StatusOr<std::shared_ptr<MappedFile>> AllocateMappedFileService::Take(int64_t offset) {
  absl::StatusOr<std::shared_ptr<MappedFile>> result = absl::NotFoundError("none");
  {
    absl::MutexLock lock(&mu_);
    // Wait for an in-flight build of this very segment rather than racing it.
    auto in_flight = [this, offset]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return building_ && requested_ == offset;
    };
    while (in_flight()) mu_.Await(absl::Condition(+[](bool* b) { return !*b; }, &building_));
    if (!building_ && requested_ == offset) requested_.reset();  // claim it: the thread must not build it too
    if (ready_offset_ == offset) {
      result = std::move(ready_);
      ready_ = absl::NotFoundError("none");
      ready_offset_ = -1;
    } else if (ready_.ok()) {
      // A segment for another offset (truncation moved the log): discard it.
      (*ready_)->MarkDeleteOnRelease();
      ready_ = absl::NotFoundError("none");
      ready_offset_ = -1;
    }
  }
  if (!result.ok()) result = Build(offset);
  if (result.ok()) {
    absl::MutexLock lock(&mu_);
    if (running_) requested_ = offset + file_size_;
  }
  return result;
}

void AllocateMappedFileService::Prepare(int64_t offset) {
  absl::MutexLock lock(&mu_);
  if (!running_ || building_ || ready_offset_ == offset) return;
  requested_ = offset;
}

void AllocateMappedFileService::Run() {
  for (;;) {
    int64_t offset;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](AllocateMappedFileService* s) ABSL_NO_THREAD_SAFETY_ANALYSIS {
            return s->stop_ || s->requested_.has_value();
          },
          this));
      if (stop_) return;
      offset = *requested_;
      building_ = true;
    }
    auto built = Build(offset);
    if (!built.ok()) StoreLog().warn("pre-allocating segment at {}: {}", offset, built.status().ToString());
    absl::MutexLock lock(&mu_);
    building_ = false;
    requested_.reset();
    if (built.ok()) {
      if (ready_.ok()) (*ready_)->MarkDeleteOnRelease();
      ready_ = std::move(built);
      ready_offset_ = offset;
    }
  }
}

}  // namespace spool::store::internal
