#include "log/consume_queue.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"
#include "util/big_endian.h"
#include "util/check.h"
#include "util/logging.h"
#include "spool/status_macros.h"

namespace spool::store::internal {
namespace {

// RocketMQ's fillPreBlank unit: (0, Integer.MAX_VALUE, 0). No real record has that size (messages are capped far
// below 2 GiB), so such a unit is recognisably filler.
constexpr int32_t kPreBlankSize = std::numeric_limits<int32_t>::max();

CqUnit DecodeUnit(const char* p) {
  CqUnit u;
  u.commit_log_offset = GetBELong(p);
  u.size = GetBEInt(p + 8);
  u.tags_code = GetBELong(p + 12);
  return u;
}

void EncodeUnit(char* p, int64_t offset, int32_t size, int64_t tags_code) {
  PutBE64(p, static_cast<uint64_t>(offset));
  PutBE32(p + 8, static_cast<uint32_t>(size));
  PutBE64(p + 12, static_cast<uint64_t>(tags_code));
}

// RocketMQ's validity test for a unit during recovery and truncation.
bool IsValidUnit(const CqUnit& u) { return u.commit_log_offset >= 0 && u.size > 0; }

bool IsPreBlank(const CqUnit& u) { return u.commit_log_offset == 0 && u.size == kPreBlankSize && u.tags_code == 0; }

// Queue offsets are unit indexes; anything whose byte position would overflow is simply out of range.
constexpr int64_t kMaxQueueOffset = std::numeric_limits<int64_t>::max() / kCqUnitSize;

}  // namespace

ConsumeQueue::ConsumeQueue(FileSystem* fs, const std::string& root, std::string topic, int32_t queue_id,
                           int64_t file_size)
    : fs_(fs),
      topic_(std::move(topic)),
      queue_id_(queue_id),
      file_size_(file_size),
      files_(fs, JoinPath(JoinPath(root, topic_), std::to_string(queue_id)), file_size) {
  // Options round mappedFileSizeConsumeQueue up to whole units; anything else is a wiring bug.
  SPOOL_CHECK(file_size_ > 0 && file_size_ % kCqUnitSize == 0);
}

absl::Status ConsumeQueue::Load() {
  absl::Status s = files_.Load();
  if (!s.ok()) {
    return absl::Status(s.code(), absl::StrCat("consume queue ", topic_, "-", queue_id_, ": ", s.message()));
  }
  return absl::OkStatus();
}

absl::Status ConsumeQueue::Recover() {
  std::vector<std::shared_ptr<MappedFile>> files = files_.Files();
  if (files.empty()) return absl::OkStatus();
  // As RocketMQ: older files were complete when the newer ones were started, so only the last three are scanned.
  size_t index = files.size() >= 3 ? files.size() - 3 : 0;
  int64_t end = files[index]->file_from_offset();
  int64_t max_physic = max_physic_offset_.load(std::memory_order_relaxed);
  int64_t prev_end = 0;
  lost_units_ = false;
  for (;;) {
    const auto& file = files[index];
    int64_t valid = 0;
    for (int64_t pos = 0; pos < file_size_; pos += kCqUnitSize) {
      CqUnit u = DecodeUnit(file->data() + pos);
      if (!IsValidUnit(u)) {
        // Zeros to the end of the file are where the dispatcher stopped writing; anything else there was written.
        lost_units_ = !std::all_of(file->data() + pos, file->data() + file_size_, [](char c) { return c == 0; });
        break;
      }
      // Units point at strictly increasing commit-log offsets. One that points back is not a unit the dispatcher
      // wrote but what a torn write left in a sector that was never synced: the queue ends before it.
      if (!IsPreBlank(u) && u.commit_log_offset < prev_end) {
        lost_units_ = true;
        break;
      }
      valid = pos + kCqUnitSize;
      if (!IsPreBlank(u)) prev_end = u.commit_log_offset + u.size;
      max_physic = u.commit_log_offset + u.size;
    }
    end = file->file_from_offset() + valid;
    if (valid != file_size_ || ++index >= files.size()) break;
  }
  if (files.back()->file_from_offset() + file_size_ > end + file_size_) lost_units_ = true;  // later files dropped
  files_.set_flushed_where(end);
  SPOOL_RETURN_IF_ERROR(files_.TruncateDirtyFiles(end));
  max_physic_offset_.store(max_physic, std::memory_order_release);
  return absl::OkStatus();
}

absl::Status ConsumeQueue::PutUnit(int64_t commit_log_offset, int32_t size, int64_t tags_code,
                                   int64_t queue_offset) {
  if (queue_offset < 0 || queue_offset > kMaxQueueOffset || commit_log_offset < 0 || size <= 0) {
    // Recovery reads such a unit as the end of the queue, so it must never be written.
    return absl::InvalidArgumentError(absl::StrCat("consume queue ", topic_, "-", queue_id_, ": bad unit (offset ",
                                                   commit_log_offset, ", size ", size, ") for queue offset ",
                                                   queue_offset));
  }
  if (commit_log_offset + size <= max_physic_offset()) {
    // Re-dispatch after recovery: the unit is already here.
    StoreLog().debug("consume queue {}-{}: unit for commit-log offset {} already built (max physic offset {})",
                     topic_, queue_id_, commit_log_offset, max_physic_offset());
    return absl::OkStatus();
  }
  const int64_t expect = queue_offset * kCqUnitSize;
  const bool first_file = files_.Last() == nullptr;
  absl::StatusOr<std::shared_ptr<MappedFile>> created = files_.LastOrCreate(expect);
  if (!created.ok()) {
    return absl::Status(created.status().code(),
                        absl::StrCat("consume queue ", topic_, "-", queue_id_, ": cannot create the file for queue",
                                     " offset ", queue_offset, ": ", created.status().message()));
  }
  std::shared_ptr<MappedFile> file = *std::move(created);

  if (first_file && queue_offset != 0 && file->wrote_position() == 0) {
    // The queue starts mid-file (its earlier units are gone with the commit log): fill the file up to the first
    // real unit so positions keep meaning queue offsets, and hide the filler below the min offset.
    const int64_t until = expect % file_size_;
    for (int64_t pos = 0; pos < until; pos += kCqUnitSize) EncodeUnit(file->data() + pos, 0, kPreBlankSize, 0);
    file->set_wrote_position(until);
    min_logic_offset_.store(expect, std::memory_order_release);
    files_.set_flushed_where(expect);
    StoreLog().info("consume queue {}-{}: first unit at queue offset {}, pre-blank filled {} bytes of {}", topic_,
                    queue_id_, queue_offset, until, file->path());
  }

  {
    const int64_t current = file->file_from_offset() + file->wrote_position();
    if (expect < current) {
      StoreLog().warn("consume queue {}-{}: unit for queue offset {} already written (write position {}), skipped",
                      topic_, queue_id_, queue_offset, current / kCqUnitSize);
      return absl::OkStatus();
    }
    if (expect != current) {
      // Deviation: RocketMQ appends anyway. A unit at the wrong position serves a record whose QUEUEOFFSET is not
      // the one asked for, and clients commit the record's. A gap means the queue lost units the log still has
      // (damage recovery could not rebuild): the queue stays a consistent prefix, and new puts continue from its
      // end (the store takes queue offsets from the queues at open).
      StoreLog().error("consume queue {}-{}: queue offset {} does not follow the write position {} (gap {} units): "
                       "unit for commit-log offset {} not written",
                       topic_, queue_id_, queue_offset, current / kCqUnitSize, (expect - current) / kCqUnitSize,
                       commit_log_offset);
      return absl::OkStatus();
    }
  }

  char unit[kCqUnitSize];
  EncodeUnit(unit, commit_log_offset, size, tags_code);
  // Append copies the bytes, then publishes them by a release store of the wrote position.
  if (!file->Append(std::string_view(unit, sizeof(unit)))) {
    return absl::InternalError(absl::StrCat("consume queue ", topic_, "-", queue_id_, ": no room for queue offset ",
                                            queue_offset, " in ", file->path(), " at ", file->wrote_position()));
  }
  max_physic_offset_.store(commit_log_offset + size, std::memory_order_release);
  return absl::OkStatus();
}

std::optional<CqUnit> ConsumeQueue::GetUnit(int64_t queue_offset) const {
  if (queue_offset < 0 || queue_offset > kMaxQueueOffset) return std::nullopt;
  const int64_t pos = queue_offset * kCqUnitSize;
  if (pos < min_logic_offset_.load(std::memory_order_acquire)) return std::nullopt;
  std::shared_ptr<MappedFile> file = files_.FindByOffset(pos);
  if (file == nullptr) return std::nullopt;
  std::string_view bytes = file->Read(pos - file->file_from_offset(), kCqUnitSize);
  if (bytes.size() != static_cast<size_t>(kCqUnitSize)) return std::nullopt;
  return DecodeUnit(bytes.data());
}

std::vector<CqUnit> ConsumeQueue::GetUnits(int64_t queue_offset, int32_t max_units) const {
  std::vector<CqUnit> units;
  if (max_units <= 0 || queue_offset < 0 || queue_offset > kMaxQueueOffset) return units;
  const int64_t pos = queue_offset * kCqUnitSize;
  if (pos < min_logic_offset_.load(std::memory_order_acquire)) return units;
  std::shared_ptr<MappedFile> file = files_.FindByOffset(pos);
  if (file == nullptr) return units;
  const int64_t in_file = pos - file->file_from_offset();
  const int64_t available = (file->wrote_position() - in_file) / kCqUnitSize;
  const int64_t n = std::min<int64_t>(available, max_units);
  if (n <= 0) return units;
  std::string_view bytes = file->Read(in_file, n * kCqUnitSize);
  if (bytes.size() != static_cast<size_t>(n * kCqUnitSize)) return units;
  units.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) units.push_back(DecodeUnit(bytes.data() + i * kCqUnitSize));
  return units;
}

bool ConsumeQueue::FileMissing(int64_t queue_offset, int64_t* next) const {
  if (queue_offset < 0 || queue_offset > kMaxQueueOffset) return false;
  const int64_t pos = queue_offset * kCqUnitSize;
  if (files_.FindByOffset(pos) != nullptr) return false;
  for (const auto& f : files_.Files()) {
    if (f->file_from_offset() > pos) {
      *next = f->file_from_offset() / kCqUnitSize;
      return true;
    }
  }
  return false;
}

int64_t ConsumeQueue::MinOffsetInQueue() const {
  // RocketMQ reports minLogicOffset alone, which lags behind deleted files until correctMinOffset runs; the first
  // file's start is a floor that is always right.
  std::shared_ptr<MappedFile> first = files_.First();
  int64_t min = min_logic_offset_.load(std::memory_order_acquire);
  if (first != nullptr) min = std::max(min, first->file_from_offset());
  return min / kCqUnitSize;
}

int64_t ConsumeQueue::MaxOffsetInQueue() const { return files_.MaxOffset() / kCqUnitSize; }

absl::Status ConsumeQueue::TruncateDirty(int64_t commit_log_end) {
  // RocketMQ's truncateDirtyLogicFiles, walking back from the last file. Deviation: the scan stops at the
  // recovered write position instead of reading to the end of the file, so bytes left behind an earlier
  // truncation are never taken for units.
  // What the kept units reach; a queue left empty has dispatched nothing (starting from the log end instead would
  // make re-dispatch skip every record of this queue as "already built").
  int64_t max_physic = 0;
  for (;;) {
    std::shared_ptr<MappedFile> file = files_.Last();
    if (file == nullptr) break;
    const int64_t wrote = file->wrote_position();
    if (wrote < kCqUnitSize) {
      // An empty last file behind a truncated one would leave a hole in the logical space; an empty only file
      // would make the next unit's position depend on where that file starts (PutUnit places a queue's first
      // file by its first unit).
      StoreLog().info("consume queue {}-{}: truncation deletes empty {}", topic_, queue_id_, file->path());
      SPOOL_RETURN_IF_ERROR(files_.DeleteLastFile());
      continue;
    }
    if (wrote >= kCqUnitSize) {
      CqUnit first = DecodeUnit(file->data());
      if (first.commit_log_offset >= commit_log_end) {
        StoreLog().info("consume queue {}-{}: truncation deletes {} (first unit at commit-log offset {} >= {})",
                        topic_, queue_id_, file->path(), first.commit_log_offset, commit_log_end);
        SPOOL_RETURN_IF_ERROR(files_.DeleteLastFile());
        continue;
      }
    }
    int64_t keep = 0;
    for (int64_t pos = 0; pos + kCqUnitSize <= wrote; pos += kCqUnitSize) {
      CqUnit u = DecodeUnit(file->data() + pos);
      // As RocketMQ, the first unit is kept whatever it holds once it points below the end.
      if (pos != 0 && (!IsValidUnit(u) || u.commit_log_offset >= commit_log_end)) break;
      keep = pos + kCqUnitSize;
      max_physic = u.commit_log_offset + u.size;
    }
    if (keep < wrote) {
      StoreLog().info("consume queue {}-{}: truncation drops {} units of {} (commit-log end {})", topic_, queue_id_,
                      (wrote - keep) / kCqUnitSize, file->path(), commit_log_end);
      // Zero the dropped units (readers never look past the new write position): a later crash that keeps new
      // units short of this point must not find the old ones behind them. Best effort; not synced by itself.
      std::memset(file->data() + keep, 0, static_cast<size_t>(wrote - keep));
    }
    file->ResetPositions(keep);
    break;
  }
  const int64_t end = files_.MaxOffset();
  if (files_.flushed_where() > end) files_.set_flushed_where(end);
  if (files_.FileCount() == 0) min_logic_offset_.store(0, std::memory_order_release);
  max_physic_offset_.store(max_physic, std::memory_order_release);
  return absl::OkStatus();
}

absl::StatusOr<bool> ConsumeQueue::TruncateInvalid(const UnitCheck& valid) {
  std::vector<std::shared_ptr<MappedFile>> files = files_.Files();
  int64_t max_physic = 0;
  size_t cut_file = files.size();  // the file holding the first dropped unit (files.size(): nothing dropped)
  int64_t cut_pos = 0;
  std::string why;
  for (size_t i = 0; i < files.size() && cut_file == files.size(); ++i) {
    const std::shared_ptr<MappedFile>& file = files[i];
    if (i > 0 && file->file_from_offset() != files[i - 1]->file_from_offset() + file_size_) {
      // A missing file: the units after the hole cannot be served at their queue offsets.
      cut_file = i;
      why = absl::StrCat("file ", file->path(), " does not follow the previous one");
      break;
    }
    const int64_t wrote = file->wrote_position() - file->wrote_position() % kCqUnitSize;
    for (int64_t pos = 0; pos < wrote; pos += kCqUnitSize) {
      const CqUnit u = DecodeUnit(file->data() + pos);
      if (IsPreBlank(u)) continue;  // filler below the queue's first unit
      const int64_t queue_offset = (file->file_from_offset() + pos) / kCqUnitSize;
      if (!valid(queue_offset, u)) {
        cut_file = i;
        cut_pos = pos;
        why = absl::StrCat("unit ", queue_offset, " (commit-log offset ", u.commit_log_offset, ", size ", u.size,
                           ") does not match the commit log");
        break;
      }
      max_physic = u.commit_log_offset + u.size;
    }
    if (cut_file == files.size() && wrote < file_size_ && i + 1 < files.size()) {
      // A file not full followed by another: the queue ends here (recovery of an older file's torn tail).
      cut_file = i + 1;
      why = absl::StrCat("file ", file->path(), " ends at ", wrote, " with later files present");
    }
  }
  if (cut_file == files.size()) {
    max_physic_offset_.store(max_physic, std::memory_order_release);
    return false;
  }
  StoreLog().warn("consume queue {}-{}: {}: truncating the queue at unit {}", topic_, queue_id_, why,
                  (cut_file < files.size() ? files[cut_file]->file_from_offset() + cut_pos : files_.MaxOffset()) /
                      kCqUnitSize);
  while (files_.FileCount() > cut_file + 1) SPOOL_RETURN_IF_ERROR(files_.DeleteLastFile());
  std::shared_ptr<MappedFile> file = files_.Last();
  if (file != nullptr && cut_file < files.size() && file == files[cut_file]) {
    if (cut_pos == 0) {
      // Nothing left in this file; an empty queue places its first file by its next unit (PutUnit).
      SPOOL_RETURN_IF_ERROR(files_.DeleteLastFile());
    } else {
      const int64_t wrote = file->wrote_position();
      // As TruncateDirty: zero what is dropped so a later crash cannot bring it back behind newer units.
      if (wrote > cut_pos) std::memset(file->data() + cut_pos, 0, static_cast<size_t>(wrote - cut_pos));
      file->ResetPositions(cut_pos);
    }
  }
  const int64_t end = files_.MaxOffset();
  if (files_.flushed_where() > end) files_.set_flushed_where(end);
  if (files_.FileCount() == 0) min_logic_offset_.store(0, std::memory_order_release);
  max_physic_offset_.store(max_physic, std::memory_order_release);
  return true;
}

void ConsumeQueue::CorrectMinOffset(int64_t commit_log_min_offset) {
  std::shared_ptr<MappedFile> file = files_.First();
  if (file == nullptr) return;
  const int64_t wrote = file->wrote_position();
  std::string_view bytes = file->Read(0, wrote - wrote % kCqUnitSize);
  for (size_t pos = 0; pos + kCqUnitSize <= bytes.size(); pos += kCqUnitSize) {
    CqUnit u = DecodeUnit(bytes.data() + pos);
    // Deviation: pre-blank filler (commit-log offset 0) would match a commit-log min of 0; it is never a unit.
    if (IsPreBlank(u)) continue;
    if (u.commit_log_offset >= commit_log_min_offset) {
      const int64_t min = file->file_from_offset() + static_cast<int64_t>(pos);
      if (min != min_logic_offset_.load(std::memory_order_relaxed)) {
        StoreLog().info("consume queue {}-{}: min offset {}", topic_, queue_id_, min / kCqUnitSize);
      }
      min_logic_offset_.store(min, std::memory_order_release);
      return;
    }
  }
}

int ConsumeQueue::DeleteExpiredFiles(int64_t commit_log_min_offset) {
  std::vector<std::shared_ptr<MappedFile>> files = files_.Files();
  std::vector<std::shared_ptr<MappedFile>> doomed;
  for (size_t i = 0; i + 1 < files.size(); ++i) {
    std::string_view last = files[i]->Read(file_size_ - kCqUnitSize, kCqUnitSize);
    if (last.size() != static_cast<size_t>(kCqUnitSize)) break;  // not full: cannot judge, keep (RocketMQ too)
    if (DecodeUnit(last.data()).commit_log_offset >= commit_log_min_offset) break;
    doomed.push_back(files[i]);
  }
  if (doomed.empty()) return 0;
  const int removed = files_.RemoveLeadingFiles(doomed);
  for (int i = 0; i < removed; ++i) {
    StoreLog().info("consume queue {}-{}: retention deleted {}", topic_, queue_id_, doomed[i]->path());
  }
  return removed;
}

int64_t ConsumeQueue::OffsetByTime(int64_t timestamp_ms, int64_t commit_log_min_offset,
                                   const std::function<int64_t(int64_t offset, int32_t size)>& store_time_of) const {
  std::vector<std::shared_ptr<MappedFile>> files = files_.Files();
  if (files.empty()) return 0;
  // The first file last modified at or after the time holds the answer (files are written in time order).
  std::shared_ptr<MappedFile> file = files.back();
  for (const auto& f : files) {
    absl::StatusOr<int64_t> mtime = fs_->ModifiedTimeMs(f->path());
    if (mtime.ok() && *mtime >= timestamp_ms) {
      file = f;
      break;
    }
  }
  const int64_t file_start = file->file_from_offset();
  const int64_t readable = file->wrote_position() - file->wrote_position() % kCqUnitSize;
  std::string_view bytes = file->Read(0, readable);
  if (bytes.empty()) return 0;

  const int64_t min_logic = min_logic_offset_.load(std::memory_order_acquire);
  int64_t low = min_logic > file_start ? min_logic - file_start : 0;
  int64_t high = readable - kCqUnitSize;
  int64_t target = -1, left = -1, right = -1;
  int64_t left_time = -1, right_time = -1;
  while (high >= low) {
    const int64_t mid = (low + high) / (2 * kCqUnitSize) * kCqUnitSize;
    CqUnit u = DecodeUnit(bytes.data() + mid);
    if (u.commit_log_offset < commit_log_min_offset) {
      // Its record is gone: too early by definition.
      low = mid + kCqUnitSize;
      left = mid;
      continue;
    }
    const int64_t t = store_time_of(u.commit_log_offset, u.size);
    if (t < 0) return 0;  // unreadable record: RocketMQ gives up with 0
    if (t == timestamp_ms) {
      target = mid;
      break;
    }
    if (t > timestamp_ms) {
      high = mid - kCqUnitSize;
      right = mid;
      right_time = t;
    } else {
      low = mid + kCqUnitSize;
      left = mid;
      left_time = t;
    }
  }

  int64_t offset;
  if (target != -1) {
    offset = target;
  } else if (left_time == -1) {
    // Deviation: RocketMQ computes (fileStart - 1) / 20 when there is no later unit either (every unit in range
    // was too early); the first position not known to be too early is the useful answer.
    offset = right != -1 ? right : low;
  } else if (right_time == -1) {
    offset = left;
  } else {
    offset = std::llabs(timestamp_ms - left_time) > std::llabs(timestamp_ms - right_time) ? right : left;
  }
  return (file_start + offset) / kCqUnitSize;
}

absl::StatusOr<int64_t> ConsumeQueue::Flush(int least_pages) {
  // MappedFileQueue::Flush covers one file; keep going while it advances so a full file and the start of the next
  // are both made durable by one call (shutdown relies on that).
  for (;;) {
    const int64_t before = files_.flushed_where();
    SPOOL_ASSIGN_OR_RETURN(int64_t after, files_.Flush(least_pages));
    if (after <= before || after >= files_.MaxOffset()) return after;
  }
}

absl::Status ConsumeQueue::Destroy() {
  max_physic_offset_.store(0, std::memory_order_release);
  min_logic_offset_.store(0, std::memory_order_release);
  return files_.Destroy();
}

}  // namespace spool::store::internal
