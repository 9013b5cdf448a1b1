#include "store/retention.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "log/commit_log.h"
#include "log/consume_queue_table.h"
#include "log/index_service.h"
#include "log/running_flags.h"
#include "util/logging.h"

namespace spool::store::internal {

namespace {
// RocketMQ deletes at most this many segments per round (MappedFileQueue.deleteExpiredFileByTime).
constexpr int kMaxSegmentsPerRound = 10;
}  // namespace

Retention::Retention(const StoreOptions& options, FileSystem* fs, Clock* clock, CommitLog* log,
                     ConsumeQueueTable* queues, IndexService* index, RunningFlags* flags)
    : options_(options), fs_(fs), clock_(clock), log_(log), queues_(queues), index_(index), flags_(flags) {
  for (absl::string_view h : absl::StrSplit(options.delete_when, ';', absl::SkipWhitespace())) {
    int hour;
    if (absl::SimpleAtoi(absl::StripAsciiWhitespace(h), &hour)) delete_hours_.push_back(hour);
  }
}

bool Retention::IsDeleteHour(int64_t now) const {
  int hour = clock_->LocalHour(now);
  return std::find(delete_hours_.begin(), delete_hours_.end(), hour) != delete_hours_.end();
}

int Retention::DeleteExpiredSegments(int64_t now, bool at_once) {
  const int64_t reserved_ms = static_cast<int64_t>(options_.file_reserved_time) * 3600 * 1000;
  std::vector<std::shared_ptr<MappedFile>> files = log_->files().Files();
  std::vector<std::shared_ptr<MappedFile>> doomed;
  // Never the last segment; stop at the first that stays, so no holes open in the log.
  for (size_t i = 0; i + 1 < files.size() && doomed.size() < kMaxSegmentsPerRound; ++i) {
    auto mtime = fs_->ModifiedTimeMs(files[i]->path());
    if (!mtime.ok()) break;
    if (!at_once && *mtime + reserved_ms > now) break;
    doomed.push_back(files[i]);
  }
  int removed = log_->files().RemoveLeadingFiles(doomed);
  for (int i = 0; i < removed; ++i) StoreLog().info("retention: deleted commit-log segment {}", doomed[i]->path());
  return removed;
}

void Retention::CleanQueues(RetentionReport* report) {
  int64_t min_offset = log_->min_offset();
  if (min_offset == last_min_offset_) return;
  last_min_offset_ = min_offset;
  for (ConsumeQueue* cq : queues_->All()) {
    report->consume_queue_files_deleted += cq->DeleteExpiredFiles(min_offset);
    cq->CorrectMinOffset(min_offset);
  }
  if (index_ != nullptr) report->index_files_deleted += index_->DeleteExpiredFiles(min_offset);
}

absl::StatusOr<RetentionReport> Retention::RunOnce(bool force) {
  RetentionReport report;
  const int64_t now = clock_->NowMillis();
  auto usage = fs_->GetDiskUsage(options_.CommitLogDir());
  // Unmeasurable counts as full, as in RocketMQ.
  report.disk_used_ratio = usage.ok() ? usage->used_ratio() : 1.0;
  const double max_ratio = std::clamp(options_.disk_max_used_space_ratio, 10, 95) / 100.0;
  bool clean_at_once = force;
  if (report.disk_used_ratio > options_.disk_space_warning_level_ratio) {
    if (!flags_->disk_full()) StoreLog().error("disk {:.2f} full: puts refused until space is freed", report.disk_used_ratio);
    flags_->set_disk_full(true);
    clean_at_once = true;
  } else if (report.disk_used_ratio > options_.disk_space_clean_forcibly_ratio) {
    clean_at_once = true;
  } else if (flags_->disk_full()) {
    StoreLog().info("disk usage {:.2f}: puts accepted again", report.disk_used_ratio);
    flags_->set_disk_full(false);
  }
  report.time_matched = IsDeleteHour(now);
  report.space_triggered = report.disk_used_ratio > max_ratio;
  if (report.time_matched || report.space_triggered || force) {
    bool at_once = options_.clean_file_forcibly_enable && clean_at_once;
    report.commit_log_files_deleted = DeleteExpiredSegments(now, at_once);
  }
  CleanQueues(&report);
  return report;
}

}  // namespace spool::store::internal
