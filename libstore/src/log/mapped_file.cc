#include "log/mapped_file.h"

#include <cstring>

#include "absl/strings/str_format.h"
#include "util/logging.h"
#include "spool/status_macros.h"

namespace spool::store::internal {

absl::StatusOr<std::shared_ptr<MappedFile>> MappedFile::Open(FileSystem* fs, std::string path,
                                                             int64_t file_from_offset, int64_t size,
                                                             const MapOptions& options) {
  SPOOL_ASSIGN_OR_RETURN(auto mapping, fs->MapFile(path, static_cast<uint64_t>(size), options));
  return std::shared_ptr<MappedFile>(
      new MappedFile(fs, std::move(path), file_from_offset, size, std::move(mapping)));
}

std::shared_ptr<MappedFile> MappedFile::FromMapping(FileSystem* fs, std::string path, int64_t file_from_offset,
                                                   std::unique_ptr<MemoryMapping> mapping) {
  int64_t size = static_cast<int64_t>(mapping->size());
  return std::shared_ptr<MappedFile>(new MappedFile(fs, std::move(path), file_from_offset, size, std::move(mapping)));
}

MappedFile::MappedFile(FileSystem* fs, std::string path, int64_t from, int64_t size,
                       std::unique_ptr<MemoryMapping> mapping)
    : fs_(fs), path_(std::move(path)), file_from_offset_(from), size_(size), mapping_(std::move(mapping)) {}

MappedFile::~MappedFile() {
  mapping_.reset();
  if (delete_on_release_.load()) {
    absl::Status s = fs_->DeleteFile(path_);
    if (!s.ok() && !absl::IsNotFound(s)) StoreLog().warn("delete {}: {}", path_, s.ToString());
  }
}

void MappedFile::ResetPositions(int64_t pos) {
  wrote_.store(pos, std::memory_order_release);
  flushed_.store(pos, std::memory_order_release);
}

bool MappedFile::Append(std::string_view bytes) {
  int64_t pos = wrote_position();
  if (pos + static_cast<int64_t>(bytes.size()) > size_) return false;
  std::memcpy(mapping_->data() + pos, bytes.data(), bytes.size());
  set_wrote_position(pos + static_cast<int64_t>(bytes.size()));
  return true;
}

bool MappedFile::ShouldFlush(int64_t wrote, int64_t flushed, int least_pages) const {
  if (wrote <= flushed) return false;
  if (wrote >= size_ || least_pages <= 0) return true;
  return wrote / kOsPageSize - flushed / kOsPageSize >= least_pages;
}

absl::StatusOr<int64_t> MappedFile::Flush(int least_pages) {
  absl::MutexLock lock(&flush_mu_);
  int64_t flushed = flushed_position();
  int64_t wrote = wrote_position();
  if (!ShouldFlush(wrote, flushed, least_pages)) return flushed;
  // Sync whole pages: the page holding `flushed` may have been partly synced before and is dirty again.
  int64_t begin = flushed / kOsPageSize * kOsPageSize;
  SPOOL_RETURN_IF_ERROR(mapping_->Sync(static_cast<uint64_t>(begin), static_cast<uint64_t>(wrote - begin)));
  flushed_.store(wrote, std::memory_order_release);
  return wrote;
}

std::string_view MappedFile::Read(int64_t pos, int64_t len) const {
  if (pos < 0 || len < 0 || pos + len > wrote_position()) return {};
  return std::string_view(mapping_->data() + pos, static_cast<size_t>(len));
}

std::string OffsetToFileName(int64_t offset) { return absl::StrFormat("%020d", offset); }

int64_t FileNameToOffset(std::string_view name) {
  if (name.size() != 20) return -1;
  int64_t v = 0;
  for (char c : name) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace spool::store::internal
