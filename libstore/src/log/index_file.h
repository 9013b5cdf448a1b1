// File: log/index_file.h
// One IndexFile (store.md §6.1, §6.2, §6.3): a 40-byte header, `max_hash_slot_num` 4-byte hash slots and
// `max_index_num` 20-byte entries, byte for byte as RocketMQ 4.9.7's IndexFile/IndexHeader write them. Each slot
// holds the index of the newest entry whose key hashes there; each entry links to the previous one of its slot.
//
//   SPOOL_ASSIGN_OR_RETURN(auto file, IndexFile::Create(fs, path, 5'000'000, 20'000'000, 0, 0));
//   if (!file->PutKey("TopicA#key-1", commit_log_offset, store_timestamp)) { /* full: roll to a new file */ }
//   std::vector<int64_t> offsets;
//   file->SelectPhyOffsets("TopicA#key-1", 64, begin_ms, end_ms, &offsets);
//
// Not thread-safe: IndexService serialises writers against readers. Flush may run beside readers and writers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "log/mapped_file.h"
#include "spool/store/file_system.h"

namespace spool::store::internal {

class IndexFile {
 public:
  static constexpr int64_t kHeaderSize = 40;
  static constexpr int64_t kSlotSize = 4;
  static constexpr int64_t kEntrySize = 20;

  // 40 + slots*4 + entries*20.
  static int64_t FileSize(int32_t max_hash_slot_num, int32_t max_index_num);

  // abs(Java String.hashCode(key)), Integer.MIN_VALUE mapped to 0 (IndexFile.indexKeyHashMethod).
  static int32_t KeyHash(std::string_view key);

  // Creates a new zero-filled file. A follow-on file starts its header's begin/end offset and timestamp at the
  // previous file's end values (each only when > 0, as RocketMQ does).
  static absl::StatusOr<std::shared_ptr<IndexFile>> Create(FileSystem* fs, const std::string& path,
                                                           int32_t max_hash_slot_num, int32_t max_index_num,
                                                           int64_t end_phy_offset, int64_t end_timestamp);
  // Maps an existing file and reads its header. A file whose length is not FileSize(...) is refused
  // (kFailedPrecondition naming the file): it was written with other maxHashSlotNum/maxIndexNum settings.
  static absl::StatusOr<std::shared_ptr<IndexFile>> Open(FileSystem* fs, const std::string& path,
                                                         int32_t max_hash_slot_num, int32_t max_index_num);

  const std::string& path() const { return file_->path(); }

  // Adds an entry for `key`. False (nothing written) when the file is full.
  bool PutKey(std::string_view key, int64_t phy_offset, int64_t store_timestamp);

  // Appends to `out` the commit-log offsets of entries whose key hash matches `key` and whose time lies in
  // [begin, end], newest first, until `out` holds `max_num` offsets. Hash collisions are possible.
  void SelectPhyOffsets(std::string_view key, int32_t max_num, int64_t begin, int64_t end,
                        std::vector<int64_t>* out) const;

  // True if [begin, end] overlaps [begin_timestamp, end_timestamp] (IndexFile.isTimeMatched).
  bool IsTimeMatched(int64_t begin, int64_t end) const;
  bool IsFull() const { return index_count_ >= max_index_num_; }

  int64_t begin_timestamp() const { return begin_timestamp_; }
  int64_t end_timestamp() const { return end_timestamp_; }
  int64_t begin_phy_offset() const { return begin_phy_offset_; }
  int64_t end_phy_offset() const { return end_phy_offset_; }
  int32_t hash_slot_count() const { return hash_slot_count_; }
  // The next entry index; starts at 1 (entry 0 is never used).
  int32_t index_count() const { return index_count_; }

  // Makes the whole file durable (header, slots, entries). A failed sync is returned; nothing is counted durable.
  absl::Status Flush();

  // The file is unlinked once the last holder lets go.
  void MarkDeleteOnRelease() { file_->MarkDeleteOnRelease(); }

 private:
  IndexFile(std::shared_ptr<MappedFile> file, int32_t max_hash_slot_num, int32_t max_index_num);

  void LoadHeader();
  void SetBeginTimestamp(int64_t v);
  void SetEndTimestamp(int64_t v);
  void SetBeginPhyOffset(int64_t v);
  void SetEndPhyOffset(int64_t v);
  char* SlotAt(int32_t slot) const;
  char* EntryAt(int32_t index) const;

  std::shared_ptr<MappedFile> file_;
  const int32_t max_hash_slot_num_;
  const int32_t max_index_num_;
  // The header, mirrored in memory as IndexHeader does; every change is written through to the mapping.
  int64_t begin_timestamp_ = 0;
  int64_t end_timestamp_ = 0;
  int64_t begin_phy_offset_ = 0;
  int64_t end_phy_offset_ = 0;
  int32_t hash_slot_count_ = 0;
  int32_t index_count_ = 1;
};

}  // namespace spool::store::internal
