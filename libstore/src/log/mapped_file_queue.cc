#include "log/mapped_file_queue.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "util/logging.h"
#include "spool/status_macros.h"

namespace spool::store::internal {

MappedFileQueue::MappedFileQueue(FileSystem* fs, std::string dir, int64_t file_size, FileFactory factory)
    : fs_(fs), dir_(std::move(dir)), file_size_(file_size), factory_(std::move(factory)) {}

absl::Status MappedFileQueue::Load() {
  SPOOL_ASSIGN_OR_RETURN(bool exists, fs_->Exists(dir_));
  if (!exists) return absl::OkStatus();
  SPOOL_ASSIGN_OR_RETURN(std::vector<std::string> names, fs_->ListDir(dir_));
  std::vector<std::shared_ptr<MappedFile>> loaded;
  for (const std::string& name : names) {
    int64_t offset = FileNameToOffset(name);
    if (offset < 0) continue;
    std::string path = JoinPath(dir_, name);
    SPOOL_ASSIGN_OR_RETURN(uint64_t size, fs_->FileSize(path));
    if (static_cast<int64_t>(size) != file_size_) {
      return absl::FailedPreconditionError(absl::StrCat(path, ": length ", size, " differs from the configured file size ",
                                                        file_size_, " (check mappedFileSize* options)"));
    }
    SPOOL_ASSIGN_OR_RETURN(auto file, MappedFile::Open(fs_, path, offset, file_size_, MapOptions{}));
    file->ResetPositions(file_size_);
    if (!loaded.empty() && loaded.back()->file_from_offset() + file_size_ != offset) {
      StoreLog().warn("{}: file {} does not follow {} (gap or overlap)", dir_, name,
                      OffsetToFileName(loaded.back()->file_from_offset()));
    }
    loaded.push_back(std::move(file));
  }
  absl::MutexLock lock(&mu_);
  files_ = std::move(loaded);
  return absl::OkStatus();
}

std::shared_ptr<MappedFile> MappedFileQueue::Last() const {
  absl::ReaderMutexLock lock(&mu_);
  return files_.empty() ? nullptr : files_.back();
}

std::shared_ptr<MappedFile> MappedFileQueue::First() const {
  absl::ReaderMutexLock lock(&mu_);
  return files_.empty() ? nullptr : files_.front();
}

std::vector<std::shared_ptr<MappedFile>> MappedFileQueue::Files() const {
  absl::ReaderMutexLock lock(&mu_);
  return files_;
}

size_t MappedFileQueue::FileCount() const {
  absl::ReaderMutexLock lock(&mu_);
  return files_.size();
}

absl::StatusOr<std::shared_ptr<MappedFile>> MappedFileQueue::CreateFile(int64_t offset) {
  std::string path = JoinPath(dir_, OffsetToFileName(offset));
  if (factory_) return factory_(path, offset);
  SPOOL_RETURN_IF_ERROR(fs_->CreateDirs(dir_));
  SPOOL_ASSIGN_OR_RETURN(auto file, MappedFile::Open(fs_, path, offset, file_size_, MapOptions{.create = true}));
  // A new file's directory entry must be durable before anything in it is counted durable.
  SPOOL_RETURN_IF_ERROR(fs_->SyncDir(dir_));
  return file;
}

absl::StatusOr<std::shared_ptr<MappedFile>> MappedFileQueue::LastOrCreate(int64_t start_offset) {
  int64_t create_at;
  {
    absl::ReaderMutexLock lock(&mu_);
    if (!files_.empty() && !files_.back()->IsFull()) return files_.back();
    create_at = files_.empty() ? start_offset - start_offset % file_size_
                               : files_.back()->file_from_offset() + file_size_;
  }
  SPOOL_ASSIGN_OR_RETURN(auto file, CreateFile(create_at));
  absl::MutexLock lock(&mu_);
  files_.push_back(file);
  return file;
}

std::shared_ptr<MappedFile> MappedFileQueue::FindByOffset(int64_t offset, bool first_if_missing) const {
  absl::ReaderMutexLock lock(&mu_);
  if (files_.empty()) return nullptr;
  int64_t first = files_.front()->file_from_offset();
  if (offset >= first) {
    size_t index = static_cast<size_t>((offset - first) / file_size_);
    if (index < files_.size() && files_[index]->file_from_offset() <= offset &&
        offset < files_[index]->file_from_offset() + file_size_) {
      return files_[index];
    }
    // Gaps (should not happen): search.
    for (const auto& f : files_) {
      if (f->file_from_offset() <= offset && offset < f->file_from_offset() + file_size_) return f;
    }
  }
  return first_if_missing ? files_.front() : nullptr;
}

int64_t MappedFileQueue::MinOffset() const {
  absl::ReaderMutexLock lock(&mu_);
  return files_.empty() ? 0 : files_.front()->file_from_offset();
}

int64_t MappedFileQueue::MaxOffset() const {
  absl::ReaderMutexLock lock(&mu_);
  return files_.empty() ? 0 : files_.back()->file_from_offset() + files_.back()->wrote_position();
}

absl::StatusOr<int64_t> MappedFileQueue::Flush(int least_pages) {
  int64_t where = flushed_where();
  auto file = FindByOffset(where, where == 0);
  if (file == nullptr) return where;
  SPOOL_ASSIGN_OR_RETURN(int64_t pos, file->Flush(least_pages));
  int64_t now_where = file->file_from_offset() + pos;
  if (now_where > where) set_flushed_where(now_where);
  return flushed_where();
}

absl::StatusOr<int64_t> MappedFileQueue::FlushUpTo(int64_t target) {
  for (;;) {
    int64_t before = flushed_where();
    if (before >= target) return before;
    SPOOL_ASSIGN_OR_RETURN(int64_t after, Flush(0));
    if (after >= target) return after;
    if (after == before) {
      // Nothing more in this file; a full file's end is the next file's start.
      auto file = FindByOffset(before, before == 0);
      if (file == nullptr || !file->IsFull() || file->flushed_position() < file->size()) return after;
      int64_t next = file->file_from_offset() + file_size_;
      if (FindByOffset(next) == nullptr) return after;
      set_flushed_where(next);
    }
  }
}

absl::Status MappedFileQueue::TruncateDirtyFiles(int64_t offset) {
  std::vector<std::shared_ptr<MappedFile>> doomed;
  {
    absl::MutexLock lock(&mu_);
    std::vector<std::shared_ptr<MappedFile>> kept;
    for (auto& f : files_) {
      int64_t end = f->file_from_offset() + file_size_;
      if (end > offset) {
        if (offset >= f->file_from_offset()) {
          f->ResetPositions(offset % file_size_);
          kept.push_back(f);
        } else {
          doomed.push_back(f);
        }
      } else {
        kept.push_back(f);
      }
    }
    files_ = std::move(kept);
  }
  for (auto& f : doomed) {
    StoreLog().info("truncate: deleting {} (after offset {})", f->path(), offset);
    f->MarkDeleteOnRelease();
  }
  doomed.clear();
  if (flushed_where() > offset) set_flushed_where(offset);
  return fs_->SyncDir(dir_);
}

absl::Status MappedFileQueue::DeleteLastFile() {
  std::shared_ptr<MappedFile> last;
  {
    absl::MutexLock lock(&mu_);
    if (files_.empty()) return absl::OkStatus();
    last = files_.back();
    files_.pop_back();
  }
  last->MarkDeleteOnRelease();
  return absl::OkStatus();
}

int MappedFileQueue::RemoveLeadingFiles(const std::vector<std::shared_ptr<MappedFile>>& doomed) {
  int removed = 0;
  absl::MutexLock lock(&mu_);
  for (const auto& f : doomed) {
    if (files_.size() <= 1 || files_.front() != f) break;
    f->MarkDeleteOnRelease();
    files_.erase(files_.begin());
    ++removed;
  }
  return removed;
}

absl::Status MappedFileQueue::Destroy() {
  absl::MutexLock lock(&mu_);
  for (auto& f : files_) f->MarkDeleteOnRelease();
  files_.clear();
  flushed_where_.store(0);
  return absl::OkStatus();
}

}  // namespace spool::store::internal
