#include "log/commit_log.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "codec/message_id.h"
#include "log/delay_level_table.h"
#include "util/big_endian.h"
#include "util/logging.h"
#include "spool/status_macros.h"

namespace spool::store::internal {

CommitLog::CommitLog(const StoreOptions& options, FileSystem* fs, Clock* clock, const DelayLevelTable* delays)
    : options_(options),
      fs_(fs),
      clock_(clock),
      delays_(delays),
      allocator_(fs, options.CommitLogDir(), options.mapped_file_size_commit_log, options.warm_maped_file_enable,
                 options.flush_disk_type == FlushDiskType::kAsyncFlush),
      files_(fs, options.CommitLogDir(), options.mapped_file_size_commit_log,
             [this](const std::string& path, int64_t offset) { return CreateSegment(path, offset); }) {}

CommitLog::~CommitLog() { StopServices(); }

absl::Status CommitLog::Load() {
  SPOOL_RETURN_IF_ERROR(fs_->CreateDirs(options_.CommitLogDir()));
  SPOOL_RETURN_IF_ERROR(allocator_.RemoveLeftovers());
  return files_.Load();
}

void CommitLog::StartServices() {
  allocator_.Start();
  std::shared_ptr<MappedFile> last = files_.Last();
  if (last == nullptr) {
    allocator_.Prepare(0);  // where the first put's LastOrCreate(0) will ask for it
  } else if (last->IsFull()) {
    allocator_.Prepare(last->file_from_offset() + options_.mapped_file_size_commit_log);
  }
}
void CommitLog::StopServices() { allocator_.Stop(); }

absl::StatusOr<std::shared_ptr<MappedFile>> CommitLog::CreateSegment(const std::string& path, int64_t offset) {
  (void)path;
  return allocator_.Take(offset);
}

namespace {

int64_t DelayOf(const DelayLevelTable* delays, int32_t level) { return delays ? delays->DelayMs(level) : 0; }

}  // namespace

size_t CommitLog::RecoveryStart(const std::vector<std::shared_ptr<MappedFile>>& files, bool abnormal,
                                int64_t min_timestamp) const {
  if (!abnormal) return files.size() >= 3 ? files.size() - 3 : 0;
  // The newest segment whose first record was stored before the checkpoint's min timestamp: everything before
  // it is known flushed and dispatched. The first record must pass every check: a torn one proves nothing.
  DelayLevelFn delay_fn = [this](int32_t level) { return DelayOf(delays_, level); };
  for (size_t i = files.size(); i-- > 0;) {
    std::string_view head(files[i]->data(), static_cast<size_t>(files[i]->size()));
    RecordCheck check = CheckRecord(head, options_.check_crc_on_recover, delay_fn);
    if (check.kind != RecordKind::kMessage || check.info.commit_log_offset != files[i]->file_from_offset()) continue;
    const int64_t store_ts = check.info.store_timestamp;
    if (store_ts != 0 && store_ts <= min_timestamp) return i;
  }
  return 0;
}

CommitLog::Walk CommitLog::WalkRecords(const std::vector<std::shared_ptr<MappedFile>>& files, size_t index) const {
  DelayLevelFn delay_fn = [this](int32_t level) { return DelayOf(delays_, level); };
  Walk walk;
  walk.end = files[index]->file_from_offset();
  for (size_t i = index; i < files.size(); ++i) {
    const auto& f = files[i];
    int64_t pos = 0;
    bool next_file = false;
    while (pos < f->size()) {
      std::string_view rest(f->data() + pos, static_cast<size_t>(f->size() - pos));
      RecordCheck check = CheckRecord(rest, options_.check_crc_on_recover, delay_fn);
      if (check.kind == RecordKind::kMessage) {
        if (check.info.commit_log_offset != f->file_from_offset() + pos) {
          check.kind = RecordKind::kCorrupt;
          check.reason = absl::StrCat("PHYSICALOFFSET ", check.info.commit_log_offset, " != position");
        }
      }
      if (check.kind == RecordKind::kMessage) {
        pos += check.size;
        ++walk.records;
        walk.end = f->file_from_offset() + pos;
        walk.last_store_timestamp = check.info.store_timestamp;
        continue;
      }
      if (check.kind == RecordKind::kBlank) {
        walk.end = f->file_from_offset() + f->size();
        next_file = true;
        break;
      }
      // Zeros where the next record would start are a clean end, anything else a torn or corrupt tail.
      bool zeros = rest.size() >= 8 && GetBEInt(rest.data()) == 0 && GetBEInt(rest.data() + 4) == 0;
      if (!zeros) walk.stop_reason = absl::StrCat(f->path(), " at ", pos, ": ", check.reason);
      break;
    }
    if (!next_file) break;
  }
  return walk;
}

absl::StatusOr<RecoveryReport> CommitLog::Recover(bool abnormal, int64_t min_timestamp) {
  RecoveryReport report;
  std::vector<std::shared_ptr<MappedFile>> files = files_.Files();
  if (files.empty()) {
    files_.set_flushed_where(0);
    return report;
  }
  size_t index = RecoveryStart(files, abnormal, min_timestamp);
  Walk walk = WalkRecords(files, index);
  if (abnormal && index > 0 && walk.last_store_timestamp < min_timestamp) {
    // The checkpoint claims records newer than any the log holds from its start segment on: it is torn or the
    // log lost flushed data. Either way it cannot vouch for what came before: walk everything.
    StoreLog().warn("commit log recovery: checkpoint min timestamp {} is past the newest record ({}): recovering "
                    "from the first segment",
                    min_timestamp, walk.last_store_timestamp);
    index = 0;
    walk = WalkRecords(files, index);
  }
  report.start_offset = files[index]->file_from_offset();
  report.end_offset = walk.end;
  report.records = walk.records;
  report.stop_reason = walk.stop_reason;
  const int64_t end = walk.end;
  if (!report.stop_reason.empty()) {
    StoreLog().warn("commit log recovery: stopped at offset {}: {}", end, report.stop_reason);
  }
  // Drop everything after the end.
  SPOOL_RETURN_IF_ERROR(ZeroTail(end));
  SPOOL_RETURN_IF_ERROR(files_.TruncateDirtyFiles(end));
  files_.set_flushed_where(end);
  {
    absl::MutexLock lock(&put_mu_);
    current_ = files_.Last();
  }
  // The last record's store time seeds the checkpoint's physicMsgTimestamp at the next flush (a clean close with
  // no new put would otherwise write 0 there and send the next abnormal recovery back to the first segment).
  if (walk.last_store_timestamp > 0) last_store_timestamp_.store(walk.last_store_timestamp, std::memory_order_release);
  StoreLog().info("commit log recovered ({}): {} records from {} to {}", abnormal ? "abnormal" : "normal",
                  report.records, report.start_offset, end);
  return report;
}

absl::Status CommitLog::ZeroTail(int64_t end) {
  auto f = files_.FindByOffset(end);
  if (f == nullptr) return absl::OkStatus();
  int64_t pos = end - f->file_from_offset();
  // Only the stretch up to the last non-zero byte needs clearing; segments are zero-filled at creation.
  int64_t last = f->size();
  const char* p = f->data();
  while (last > pos && p[last - 1] == 0) --last;
  if (last <= pos) return absl::OkStatus();
  StoreLog().warn("commit log recovery: discarding {} bytes after offset {} in {}", last - pos, end, f->path());
  std::memset(f->data() + pos, 0, static_cast<size_t>(last - pos));
  // Sync through a temporary full position so the zeros reach the disk before new appends count as durable.
  f->ResetPositions(pos);
  f->set_wrote_position(last);
  auto flushed = f->Flush(0);
  f->ResetPositions(pos);
  return flushed.status();
}

AppendResult CommitLog::Append(const PreparedMessage& prepared) {
  absl::MutexLock lock(&put_mu_);
  return AppendLocked(prepared);
}

AppendResult CommitLog::AppendLocked(const PreparedMessage& prepared) {
  AppendResult result;
  const int64_t total = static_cast<int64_t>(prepared.bytes.size());
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (current_ == nullptr || current_->IsFull()) {
      auto file = files_.LastOrCreate(0);
      if (!file.ok()) {
        result.status = PutMessageStatus::kCreateMappedFileFailed;
        result.remark = std::string(file.status().message());
        StoreLog().error("create commit-log segment: {}", file.status().ToString());
        return result;
      }
      current_ = *file;
    }
    MappedFile& f = *current_;
    int64_t pos = f.wrote_position();
    int64_t left = f.size() - pos;
    if (total + kEndFileMinBlankLength > left) {
      // RocketMQ's END_OF_FILE: a BLANK record claims the rest of the segment; retry in the next one.
      char blank[8];
      EncodeBlank(static_cast<int32_t>(left), blank);
      std::memcpy(f.data() + pos, blank, sizeof(blank));
      f.set_wrote_position(f.size());
      current_.reset();
      continue;
    }
    const int64_t now = clock_->NowMillis();
    char* dst = f.data() + pos;
    std::memcpy(dst, prepared.bytes.data(), static_cast<size_t>(total));
    const int64_t base = f.file_from_offset() + pos;
    result.wrote_offset = base;
    for (const PreparedRecord& r : prepared.records) {
      int64_t queue_offset = 0;
      if (r.advances_queue) {
        auto [it, inserted] = queue_offsets_.try_emplace(r.queue_key, 0);
        queue_offset = it->second++;
      }
      if (result.queue_offset < 0) result.queue_offset = queue_offset;
      PatchRecord(dst + r.begin, queue_offset, base + static_cast<int64_t>(r.begin), now);
    }
    f.set_wrote_position(pos + total);
    last_store_timestamp_.store(now, std::memory_order_release);
    result.status = PutMessageStatus::kPutOk;
    result.wrote_bytes = static_cast<int32_t>(total);
    result.message_count = static_cast<int32_t>(prepared.records.size());
    result.store_timestamp = now;
    result.end_offset = base + total;
    return result;
  }
  result.status = PutMessageStatus::kUnknownError;
  result.remark = "record does not fit in an empty segment";
  return result;
}

absl::StatusOr<std::string> CommitLog::Read(int64_t offset, int32_t size) const {
  auto f = files_.FindByOffset(offset);
  if (f == nullptr) {
    return absl::NotFoundError(absl::StrCat("no commit-log segment holds offset ", offset));
  }
  std::string_view bytes = f->Read(offset - f->file_from_offset(), size);
  if (bytes.empty() && size > 0) {
    return absl::OutOfRangeError(absl::StrCat("commit-log offset ", offset, "+", size, " is past the written end"));
  }
  return std::string(bytes);
}

int64_t CommitLog::PickupStoreTimestamp(int64_t offset, int32_t size) const {
  auto f = files_.FindByOffset(offset);
  if (f == nullptr) return -1;
  std::string_view bytes = f->Read(offset - f->file_from_offset(), size);
  if (bytes.size() < 72) return -1;
  int32_t sys_flag = GetBEInt(bytes.data() + kPosSysFlag);
  return GetBELong(bytes.data() + StoreTimestampPosition(sys_flag));
}

void CommitLog::SetQueueOffset(const std::string& topic, int32_t queue_id, int64_t next_offset) {
  absl::MutexLock lock(&put_mu_);
  queue_offsets_[absl::StrCat(topic, "-", queue_id)] = next_offset;
}

void CommitLog::ClearQueueOffsets() {
  absl::MutexLock lock(&put_mu_);
  queue_offsets_.clear();
}

}  // namespace spool::store::internal
