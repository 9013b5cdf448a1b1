#include "log/index_file.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "codec/java_hash.h"
#include "util/big_endian.h"
#include "util/logging.h"
#include "spool/status_macros.h"

namespace spool::store::internal {
namespace {

// IndexHeader field positions.
constexpr int kBeginTimestampPos = 0;
constexpr int kEndTimestampPos = 8;
constexpr int kBeginPhyOffsetPos = 16;
constexpr int kEndPhyOffsetPos = 24;
constexpr int kHashSlotCountPos = 32;
constexpr int kIndexCountPos = 36;

// An empty slot, and the end of a chain.
constexpr int32_t kInvalidIndex = 0;

}  // namespace

int64_t IndexFile::FileSize(int32_t max_hash_slot_num, int32_t max_index_num) {
  return kHeaderSize + kSlotSize * max_hash_slot_num + kEntrySize * max_index_num;
}

int32_t IndexFile::KeyHash(std::string_view key) {
  const int32_t h = JavaStringHashCode(key);
  // Java's Math.abs(Integer.MIN_VALUE) is still negative; RocketMQ maps it to 0.
  if (h == std::numeric_limits<int32_t>::min()) return 0;
  return h < 0 ? -h : h;
}

IndexFile::IndexFile(std::shared_ptr<MappedFile> file, int32_t max_hash_slot_num, int32_t max_index_num)
    : file_(std::move(file)), max_hash_slot_num_(max_hash_slot_num), max_index_num_(max_index_num) {
  // Writes land anywhere in the file, so the append position means nothing here; keep it at the end so Read and
  // Flush see the whole file.
  file_->ResetPositions(0);
  file_->set_wrote_position(file_->size());
}

absl::StatusOr<std::shared_ptr<IndexFile>> IndexFile::Create(FileSystem* fs, const std::string& path,
                                                             int32_t max_hash_slot_num, int32_t max_index_num,
                                                             int64_t end_phy_offset, int64_t end_timestamp) {
  if (max_hash_slot_num <= 0 || max_index_num <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": bad index geometry maxHashSlotNum=", max_hash_slot_num,
                                                   " maxIndexNum=", max_index_num));
  }
  SPOOL_ASSIGN_OR_RETURN(auto mapped, MappedFile::Open(fs, path, 0, FileSize(max_hash_slot_num, max_index_num),
                                                       MapOptions{.create = true}));
  std::shared_ptr<IndexFile> file(new IndexFile(std::move(mapped), max_hash_slot_num, max_index_num));
  // As IndexFile's constructor: only these four fields are written now; the counts reach the file with the first
  // entry (a never-used file reads back with indexCount 0, which loading treats as 1).
  if (end_phy_offset > 0) {
    file->SetBeginPhyOffset(end_phy_offset);
    file->SetEndPhyOffset(end_phy_offset);
  }
  if (end_timestamp > 0) {
    file->SetBeginTimestamp(end_timestamp);
    file->SetEndTimestamp(end_timestamp);
  }
  return file;
}

absl::StatusOr<std::shared_ptr<IndexFile>> IndexFile::Open(FileSystem* fs, const std::string& path,
                                                           int32_t max_hash_slot_num, int32_t max_index_num) {
  if (max_hash_slot_num <= 0 || max_index_num <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": bad index geometry maxHashSlotNum=", max_hash_slot_num,
                                                   " maxIndexNum=", max_index_num));
  }
  const int64_t size = FileSize(max_hash_slot_num, max_index_num);
  SPOOL_ASSIGN_OR_RETURN(uint64_t actual, fs->FileSize(path));
  if (static_cast<int64_t>(actual) != size) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, ": index file length ", actual, " differs from ", size, " (40 + maxHashSlotNum ", max_hash_slot_num,
        " * 4 + maxIndexNum ", max_index_num, " * 20); check the maxHashSlotNum/maxIndexNum options"));
  }
  SPOOL_ASSIGN_OR_RETURN(auto mapped, MappedFile::Open(fs, path, 0, size, MapOptions{}));
  std::shared_ptr<IndexFile> file(new IndexFile(std::move(mapped), max_hash_slot_num, max_index_num));
  file->LoadHeader();
  return file;
}

void IndexFile::LoadHeader() {
  const char* h = file_->data();
  begin_timestamp_ = GetBELong(h + kBeginTimestampPos);
  end_timestamp_ = GetBELong(h + kEndTimestampPos);
  begin_phy_offset_ = GetBELong(h + kBeginPhyOffsetPos);
  end_phy_offset_ = GetBELong(h + kEndPhyOffsetPos);
  hash_slot_count_ = GetBEInt(h + kHashSlotCountPos);
  index_count_ = GetBEInt(h + kIndexCountPos);
  if (index_count_ <= 0) index_count_ = 1;
  if (index_count_ > max_index_num_) {
    // Only a damaged header or other settings get here; the file then counts as full and reads stay in bounds.
    StoreLog().warn("{}: indexCount {} exceeds maxIndexNum {}", file_->path(), index_count_, max_index_num_);
  }
}

void IndexFile::SetBeginTimestamp(int64_t v) {
  begin_timestamp_ = v;
  PutBE64(file_->data() + kBeginTimestampPos, static_cast<uint64_t>(v));
}
void IndexFile::SetEndTimestamp(int64_t v) {
  end_timestamp_ = v;
  PutBE64(file_->data() + kEndTimestampPos, static_cast<uint64_t>(v));
}
void IndexFile::SetBeginPhyOffset(int64_t v) {
  begin_phy_offset_ = v;
  PutBE64(file_->data() + kBeginPhyOffsetPos, static_cast<uint64_t>(v));
}
void IndexFile::SetEndPhyOffset(int64_t v) {
  end_phy_offset_ = v;
  PutBE64(file_->data() + kEndPhyOffsetPos, static_cast<uint64_t>(v));
}

char* IndexFile::SlotAt(int32_t slot) const { return file_->data() + kHeaderSize + kSlotSize * slot; }

char* IndexFile::EntryAt(int32_t index) const {
  return file_->data() + kHeaderSize + kSlotSize * max_hash_slot_num_ + kEntrySize * index;
}

bool IndexFile::PutKey(std::string_view key, int64_t phy_offset, int64_t store_timestamp) {
  if (IsFull()) return false;
  const int32_t hash = KeyHash(key);
  char* slot = SlotAt(hash % max_hash_slot_num_);
  int32_t prev = GetBEInt(slot);
  if (prev <= kInvalidIndex || prev > index_count_) prev = kInvalidIndex;

  // Seconds since the header's begin timestamp as it stands before this entry (0 in a fresh first file).
  int64_t time_diff = (store_timestamp - begin_timestamp_) / 1000;
  if (begin_timestamp_ <= 0 || time_diff < 0) {
    time_diff = 0;
  } else if (time_diff > std::numeric_limits<int32_t>::max()) {
    time_diff = std::numeric_limits<int32_t>::max();
  }

  char* entry = EntryAt(index_count_);
  PutBE32(entry, static_cast<uint32_t>(hash));
  PutBE64(entry + 4, static_cast<uint64_t>(phy_offset));
  PutBE32(entry + 12, static_cast<uint32_t>(time_diff));
  PutBE32(entry + 16, static_cast<uint32_t>(prev));
  PutBE32(slot, static_cast<uint32_t>(index_count_));

  if (index_count_ <= 1) {
    SetBeginPhyOffset(phy_offset);
    SetBeginTimestamp(store_timestamp);
  }
  if (prev == kInvalidIndex) {  // the slot was empty: one more slot in use
    ++hash_slot_count_;
    PutBE32(file_->data() + kHashSlotCountPos, static_cast<uint32_t>(hash_slot_count_));
  }
  ++index_count_;
  PutBE32(file_->data() + kIndexCountPos, static_cast<uint32_t>(index_count_));
  SetEndPhyOffset(phy_offset);
  SetEndTimestamp(store_timestamp);
  return true;
}

void IndexFile::SelectPhyOffsets(std::string_view key, int32_t max_num, int64_t begin, int64_t end,
                                 std::vector<int64_t>* out) const {
  if (index_count_ <= 1) return;
  // Entries at or past maxIndexNum are outside the mapping; only a damaged header points there.
  const int32_t limit = std::min(index_count_, max_index_num_ - 1);
  const int32_t hash = KeyHash(key);
  int32_t next = GetBEInt(SlotAt(hash % max_hash_slot_num_));
  if (next <= kInvalidIndex || next > limit) return;
  for (;;) {
    if (static_cast<int64_t>(out->size()) >= max_num) return;
    const char* entry = EntryAt(next);
    const int32_t entry_hash = GetBEInt(entry);
    const int64_t offset = GetBELong(entry + 4);
    const int64_t time_diff = GetBEInt(entry + 12);
    const int32_t prev = GetBEInt(entry + 16);
    if (time_diff < 0) return;
    const int64_t time = begin_timestamp_ + time_diff * 1000;
    if (entry_hash == hash && time >= begin && time <= end) out->push_back(offset);
    // Chains run newest to oldest, so an entry older than the range ends the search.
    if (prev <= kInvalidIndex || prev > limit || prev == next || time < begin) return;
    next = prev;
  }
}

bool IndexFile::IsTimeMatched(int64_t begin, int64_t end) const {
  return (begin < begin_timestamp_ && end > end_timestamp_) ||
         (begin >= begin_timestamp_ && begin <= end_timestamp_) || (end >= begin_timestamp_ && end <= end_timestamp_);
}

absl::Status IndexFile::Flush() {
  // MappedFile syncs [flushed, wrote); an index file changes anywhere, so rewind the flushed position and sync the
  // whole mapping. msync writes back only the dirty pages, as Java's MappedByteBuffer.force() does.
  file_->ResetPositions(0);
  file_->set_wrote_position(file_->size());
  return file_->Flush(0).status();
}

}  // namespace spool::store::internal
