// File: store_walker.h
// A read-only view of a store's commit log, and the record walk recovery does over it. dump prints what the walk
// finds; verify checks it against the ConsumeQueues; bench reads the log through it as the raw read baseline.
//
// Nothing here writes: segments are opened O_RDONLY and mapped PROT_READ (the files may belong to a running broker,
// or be read-only like the testdata), so a view can be taken of any store at any time. A running broker may be
// appending while we read: the walk then stops at the record being written, as recovery would.
//
//   SPOOL_ASSIGN_OR_RETURN(CommitLogView log, CommitLogView::Open(fs, "/store/commitlog", 0));
//   SPOOL_ASSIGN_OR_RETURN(WalkSummary end, WalkCommitLog(log, /*check_crc=*/true, delay_fn,
//       [](int64_t offset, std::string_view record, const internal::RecordCheck& check) { ...; return OkStatus(); }));
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "codec/message_codec.h"
#include "spool/store/file_system.h"

namespace spool::mqstore {

struct Segment {
  int64_t start = 0;  // global offset of its first byte (the file name)
  std::string path;
  std::unique_ptr<store::MemoryMapping> mapping;
  std::string_view bytes() const { return {mapping->data(), static_cast<size_t>(mapping->size())}; }
};

class CommitLogView {
 public:
  // Maps every segment of `dir` (files named by a 20-digit offset; other names, such as a pre-allocation's
  // temporary file, are ignored), sorted by offset. `segment_size` > 0: every segment must be that long, as
  // RocketMQ's load requires (kFailedPrecondition naming the file otherwise). 0: the first segment's length is the
  // segment size and every other segment must match it. `populate` pre-faults the mappings (bench). kNotFound if
  // `dir` does not exist.
  static absl::StatusOr<CommitLogView> Open(store::FileSystem* fs, const std::string& dir, int64_t segment_size,
                                            bool populate = false);

  int64_t segment_size() const { return segment_size_; }
  const std::vector<Segment>& segments() const { return segments_; }
  // Start of the first segment (0 if there is none).
  int64_t min_offset() const { return segments_.empty() ? 0 : segments_.front().start; }
  // The bytes from `offset` to the end of the segment holding it; empty if no segment holds it.
  std::string_view From(int64_t offset) const;

 private:
  int64_t segment_size_ = 0;
  std::vector<Segment> segments_;
};

struct WalkSummary {
  int64_t start_offset = 0;  // first segment's start
  int64_t end_offset = 0;    // first byte after the last whole record: where recovery would truncate the log
  int64_t records = 0;       // message records visited
  int64_t blanks = 0;        // end-of-segment BLANK records passed
  // True if the walk stopped on something other than clean unwritten space: a corrupt or torn record, non-zero
  // bytes after the stop point in its segment, or a later segment that holds data (recovery would delete it).
  bool damaged = false;
  // True if the walk ended at a BLANK in the last segment (the log is full up to that segment's end).
  bool ended_at_blank = false;
  std::string reason;  // why the walk stopped (set whenever it stopped before the end of the last segment)
};

// Called for every whole message record, in log order. `record` is exactly TOTALSIZE bytes. A non-OK status stops
// the walk and is returned.
using RecordVisitor =
    std::function<absl::Status(int64_t offset, std::string_view record, const store::internal::RecordCheck& check)>;

// RocketMQ's recovery walk (CommitLog.recoverNormally/recoverAbnormally) from the first segment: each record is
// checked with CheckRecord (body CRC if `check_crc`); BLANK moves to the next segment; the first record that is
// not whole and valid ends the walk. `delay_level` gives SCHEDULE_TOPIC_XXXX tag codes (may be empty).
absl::StatusOr<WalkSummary> WalkCommitLog(const CommitLogView& log, bool check_crc,
                                          const store::internal::DelayLevelFn& delay_level,
                                          const RecordVisitor& visit);

}  // namespace spool::mqstore
