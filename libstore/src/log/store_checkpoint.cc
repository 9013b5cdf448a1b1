#include "log/store_checkpoint.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "util/big_endian.h"
#include "util/logging.h"
#include "spool/status_macros.h"

namespace spool::store::internal {
namespace {

// One OS page, as StoreCheckpoint maps it.
constexpr uint64_t kCheckpointSize = 4096;
constexpr int kPhysicPos = 0;
constexpr int kLogicsPos = 8;
constexpr int kIndexPos = 16;
// Margin subtracted from the older of the two timestamps (StoreCheckpoint.getMinTimestamp).
constexpr int64_t kMinTimestampMarginMs = 3000;

std::string ParentDir(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

StoreCheckpoint::StoreCheckpoint(std::unique_ptr<MemoryMapping> mapping, std::string path)
    : mapping_(std::move(mapping)), path_(std::move(path)) {
  const char* p = mapping_->data();
  physic_.store(GetBELong(p + kPhysicPos));
  logics_.store(GetBELong(p + kLogicsPos));
  flushed_logics_.store(logics_.load());
  index_.store(GetBELong(p + kIndexPos));
}

absl::StatusOr<std::unique_ptr<StoreCheckpoint>> StoreCheckpoint::Open(FileSystem* fs, const std::string& path) {
  SPOOL_ASSIGN_OR_RETURN(bool exists, fs->Exists(path));
  std::unique_ptr<MemoryMapping> mapping;
  if (!exists) {
    SPOOL_ASSIGN_OR_RETURN(mapping, fs->MapFile(path, kCheckpointSize, MapOptions{.create = true}));
    // The file's directory entry must be durable before its contents can count as durable.
    SPOOL_RETURN_IF_ERROR(fs->SyncDir(ParentDir(path)));
  } else {
    SPOOL_ASSIGN_OR_RETURN(uint64_t size, fs->FileSize(path));
    if (size < kCheckpointSize) {
      // Java maps 4096 bytes whatever the length, which extends a short file with zeros; do the same.
      StoreLog().warn("{}: checkpoint is {} bytes, extending it to {}", path, size, kCheckpointSize);
      SPOOL_RETURN_IF_ERROR(fs->Truncate(path, kCheckpointSize));
      size = kCheckpointSize;
    }
    SPOOL_ASSIGN_OR_RETURN(mapping, fs->MapFile(path, size, MapOptions{}));
  }
  if (mapping->size() < kCheckpointSize) {
    return absl::DataLossError(absl::StrCat(path, ": checkpoint mapping is ", mapping->size(), " bytes, expected ",
                                            kCheckpointSize));
  }
  std::unique_ptr<StoreCheckpoint> checkpoint(new StoreCheckpoint(std::move(mapping), path));
  StoreLog().info("{}: physicMsgTimestamp {}, logicsMsgTimestamp {}, indexMsgTimestamp {}", path,
                  checkpoint->physic_msg_timestamp(), checkpoint->logics_msg_timestamp(),
                  checkpoint->index_msg_timestamp());
  return checkpoint;
}

int64_t StoreCheckpoint::MinTimestamp() const {
  return std::max<int64_t>(0, std::min(physic_msg_timestamp(), logics_msg_timestamp()) - kMinTimestampMarginMs);
}

int64_t StoreCheckpoint::MinTimestampIndex() const { return std::min(MinTimestamp(), index_msg_timestamp()); }

absl::Status StoreCheckpoint::Flush() {
  absl::MutexLock lock(&flush_mu_);
  char* p = mapping_->data();
  PutBE64(p + kPhysicPos, static_cast<uint64_t>(physic_msg_timestamp()));
  PutBE64(p + kLogicsPos, static_cast<uint64_t>(flushed_logics_.load()));
  PutBE64(p + kIndexPos, static_cast<uint64_t>(index_msg_timestamp()));
  absl::Status s = mapping_->Sync(0, kCheckpointSize);
  if (!s.ok()) return absl::Status(s.code(), absl::StrCat(path_, ": checkpoint sync failed: ", s.message()));
  return absl::OkStatus();
}

}  // namespace spool::store::internal
