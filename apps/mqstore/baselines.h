// File: baselines.h
// What the hardware and kernel can do without the store, measured by mqstore bench in the same run, on the same
// directory, beside each store row; the row reports store / baseline.
//
// These call the system directly (open, pwrite, fdatasync, mmap) rather than through the FileSystem seam: a
// baseline measures the OS, and must not move if our own layers change.
//
//   absl::StatusOr<BaselineFile> file = BaselineFile::Create("/data/bench/baseline.dat", 1 << 30);
//   BaselineResult copy = MemcpyBaseline(*file, /*record_size=*/219, /*seconds=*/3);
//   BaselineResult sync = SyncBaseline(*file, 219, /*group=*/4, 3);   // 4 records per fdatasync
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "latency_histogram.h"
#include "store_walker.h"

namespace spool::mqstore {

struct BaselineResult {
  int64_t records = 0;
  double seconds = 0;
  // SyncBaseline: each fdatasync. IndexReadBaseline: each batch. MemcpyBaseline: not recorded.
  LatencyHistogram latency;
  uint64_t checksum = 0;  // of the bytes read (IndexReadBaseline), so the copies are not optimised away
  double records_per_second() const { return seconds > 0 ? static_cast<double>(records) / seconds : 0; }
};

// A scratch file pre-written with zeros and fdatasync'ed (as the store pre-writes its segments, so neither pays
// for block allocation), mapped shared with MAP_POPULATE (so the memcpy baseline takes no page faults). The file
// is deleted when the object is destroyed.
class BaselineFile {
 public:
  static absl::StatusOr<BaselineFile> Create(const std::string& path, int64_t size);
  BaselineFile(BaselineFile&& other) noexcept;
  BaselineFile& operator=(BaselineFile&&) = delete;
  ~BaselineFile();

  int fd() const { return fd_; }
  char* data() const { return data_; }
  int64_t size() const { return size_; }
  // msync(MS_SYNC) of the whole mapping: after the memcpy baseline, so its dirty pages are not written back
  // during the next row.
  absl::Status SyncAll();

 private:
  BaselineFile(std::string path, int fd, char* data, int64_t size)
      : path_(std::move(path)), fd_(fd), data_(data), size_(size) {}
  std::string path_;
  int fd_ = -1;
  char* data_ = nullptr;
  int64_t size_ = 0;
};

// ASYNC_FLUSH rows: one thread memcpy's `record_size`-byte records back to back into the mapping (wrapping at its
// end) for `seconds`. The commit log appends under one lock, so one sequential copy stream is the ceiling of an
// ASYNC_FLUSH put whatever the number of writers.
BaselineResult MemcpyBaseline(const BaselineFile& file, int32_t record_size, double seconds);

// SYNC_FLUSH rows: one thread pwrite()s `group` records back to back (one pwrite each), then fdatasync()s, for
// `seconds`: the cost of a group commit of `group` writers done by hand. `latency` is each fdatasync.
absl::StatusOr<BaselineResult> SyncBaseline(const BaselineFile& file, int32_t record_size, int group,
                                            double seconds);

// syncfs(2) on the file system holding `dir`: writes back what earlier rows left dirty (and lets the journal
// settle after their files were deleted) before the next measured window, so one row's debris does not land in
// another's latencies.
absl::Status SyncFileSystem(const std::string& dir);

// One entry of the bare index the read baseline walks: a ConsumeQueue unit's 20 bytes (offset, size, tag code).
struct IndexEntry {
  char bytes[20];
};
IndexEntry MakeIndexEntry(int64_t offset, int32_t size, int64_t tags_code);

// Read row: copies the records `index` lists out of the read-only mapped log, `batch` per call into a reused
// buffer, cycling through the index for `seconds`. `latency` is each batch.
absl::StatusOr<BaselineResult> IndexReadBaseline(const CommitLogView& log, const std::vector<IndexEntry>& index,
                                                 int batch, double seconds);

}  // namespace spool::mqstore
