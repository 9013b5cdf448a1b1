#include "log/index_service.h"

#include <algorithm>
#include <ctime>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "log/index_file.h"
#include "log/store_checkpoint.h"
#include "spool/store/message.h"
#include "util/logging.h"
#include "spool/status_macros.h"

namespace spool::store::internal {
namespace {

// UtilAll.timeMillisToHumanString: yyyyMMddHHmmssSSS in the local time zone.
std::string MillisToName(int64_t ms) {
  int64_t secs = ms / 1000;
  int64_t millis = ms % 1000;
  if (millis < 0) {
    millis += 1000;
    --secs;
  }
  const time_t t = static_cast<time_t>(secs);
  struct tm tm {};
  localtime_r(&t, &tm);
  return absl::StrFormat("%04d%02d%02d%02d%02d%02d%03d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                         tm.tm_min, tm.tm_sec, millis);
}

// The inverse, for names MillisToName made; -1 if `name` is not one.
int64_t NameToMillis(std::string_view name) {
  if (name.size() != 17) return -1;
  for (char c : name) {
    if (c < '0' || c > '9') return -1;
  }
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (name[i] - '0');
    return v;
  };
  struct tm tm {};
  tm.tm_year = num(0, 4) - 1900;
  tm.tm_mon = num(4, 2) - 1;
  tm.tm_mday = num(6, 2);
  tm.tm_hour = num(8, 2);
  tm.tm_min = num(10, 2);
  tm.tm_sec = num(12, 2);
  tm.tm_isdst = -1;
  const time_t t = mktime(&tm);
  if (t == static_cast<time_t>(-1)) return -1;
  return static_cast<int64_t>(t) * 1000 + num(14, 3);
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string BuildKey(const std::string& topic, std::string_view key) {
  std::string out;
  out.reserve(topic.size() + 1 + key.size());
  out.append(topic).append("#").append(key);
  return out;
}

}  // namespace

IndexService::IndexService(FileSystem* fs, Clock* clock, std::string dir, int32_t max_hash_slot_num,
                           int32_t max_index_num, StoreCheckpoint* checkpoint)
    : fs_(fs),
      clock_(clock),
      dir_(std::move(dir)),
      max_hash_slot_num_(max_hash_slot_num),
      max_index_num_(max_index_num),
      checkpoint_(checkpoint) {}

IndexService::~IndexService() = default;

absl::Status IndexService::Load(bool last_exit_ok) {
  SPOOL_ASSIGN_OR_RETURN(bool exists, fs_->Exists(dir_));
  std::vector<std::shared_ptr<IndexFile>> loaded;
  int dropped = 0;
  if (exists) {
    SPOOL_ASSIGN_OR_RETURN(std::vector<std::string> names, fs_->ListDir(dir_));
    for (const std::string& name : names) {
      const std::string path = JoinPath(dir_, name);
      // RocketMQ skips names that are not numbers (its MappedFile parses the name as an offset).
      if (!AllDigits(name)) {
        StoreLog().warn("index: ignoring {}: not an index file name", path);
        continue;
      }
      SPOOL_ASSIGN_OR_RETURN(bool is_dir, fs_->IsDirectory(path));
      if (is_dir) {
        StoreLog().warn("index: ignoring directory {}", path);
        continue;
      }
      SPOOL_ASSIGN_OR_RETURN(auto file, IndexFile::Open(fs_, path, max_hash_slot_num_, max_index_num_));
      if (!last_exit_ok && checkpoint_ != nullptr && file->end_timestamp() > checkpoint_->index_msg_timestamp()) {
        // Entries past the last checkpointed full file may be torn; re-dispatch from the recovery start rebuilds
        // them (store.md §11.1).
        StoreLog().warn("index: abnormal exit, deleting {} (endTimestamp {} > checkpoint indexMsgTimestamp {})", path,
                        file->end_timestamp(), checkpoint_->index_msg_timestamp());
        file->MarkDeleteOnRelease();
        ++dropped;
        continue;
      }
      loaded.push_back(std::move(file));
    }
  }
  if (dropped > 0) SPOOL_RETURN_IF_ERROR(fs_->SyncDir(dir_));
  StoreLog().info("index: loaded {} files from {}{}", loaded.size(), dir_,
                  dropped > 0 ? absl::StrCat(", deleted ", dropped) : std::string());
  // The dropped files' keys come back only by dispatching their records again: from the last kept file's last
  // record (indexed twice, as RocketMQ's re-dispatch also does), or from the start of the log.
  rebuild_from_ = dropped == 0 ? -1 : (loaded.empty() ? 0 : loaded.back()->end_phy_offset());
  absl::MutexLock lock(&mu_);
  files_ = std::move(loaded);
  return absl::OkStatus();
}

absl::Status IndexService::BuildIndex(const DispatchInfo& info) {
  std::vector<std::shared_ptr<IndexFile>> full;
  absl::Status status;
  {
    absl::MutexLock lock(&mu_);
    status = BuildIndexLocked(info, &full);
  }
  // RocketMQ flushes a file that filled up on a thread of its own. Here the dispatcher does it, after releasing
  // mu_ so queries go on meanwhile: it happens once per maxIndexNum entries (20 million by default), and msync
  // writes only the file's dirty pages, so the occasional pause in dispatch is cheap. In exchange no thread
  // outlives the service, and a failed sync reaches the dispatcher (which stops the store) instead of a log line.
  for (const auto& f : full) {
    absl::Status s = FlushFull(f);
    if (status.ok()) status = s;
  }
  return status;
}

absl::Status IndexService::BuildIndexLocked(const DispatchInfo& info, std::vector<std::shared_ptr<IndexFile>>* full) {
  SPOOL_ASSIGN_OR_RETURN(std::shared_ptr<IndexFile> file, LastOrCreateLocked(full));
  // Re-dispatch after recovery: everything before the newest entry is indexed already. (As RocketMQ, the record
  // at endPhyOffset itself is not skipped.)
  if (info.commit_log_offset < file->end_phy_offset()) return absl::OkStatus();
  if ((info.sys_flag & kSysFlagTransactionMask) == kSysFlagTransactionRollback) return absl::OkStatus();
  if (!info.uniq_key.empty()) {
    SPOOL_RETURN_IF_ERROR(PutKeyLocked(&file, BuildKey(info.topic, info.uniq_key), info, full));
  }
  std::string_view keys = info.keys;
  while (!keys.empty()) {
    const size_t space = keys.find(' ');
    std::string_view key = keys.substr(0, space);
    if (!key.empty()) SPOOL_RETURN_IF_ERROR(PutKeyLocked(&file, BuildKey(info.topic, key), info, full));
    if (space == std::string_view::npos) break;
    keys.remove_prefix(space + 1);
  }
  return absl::OkStatus();
}

absl::Status IndexService::PutKeyLocked(std::shared_ptr<IndexFile>* file, const std::string& key,
                                        const DispatchInfo& info, std::vector<std::shared_ptr<IndexFile>>* full) {
  if ((*file)->PutKey(key, info.commit_log_offset, info.store_timestamp)) return absl::OkStatus();
  SPOOL_ASSIGN_OR_RETURN(*file, LastOrCreateLocked(full));
  if ((*file)->PutKey(key, info.commit_log_offset, info.store_timestamp)) return absl::OkStatus();
  // Only a file that is full when new (maxIndexNum < 2: entry 0 is never used) gets here.
  return absl::FailedPreconditionError(absl::StrCat("index: ", (*file)->path(), " cannot take an entry (maxIndexNum ",
                                                    max_index_num_, " must be at least 2)"));
}

absl::StatusOr<std::shared_ptr<IndexFile>> IndexService::LastOrCreateLocked(
    std::vector<std::shared_ptr<IndexFile>>* full) {
  int64_t end_phy_offset = 0;
  int64_t end_timestamp = 0;
  if (!files_.empty()) {
    const std::shared_ptr<IndexFile>& last = files_.back();
    if (!last->IsFull()) return last;
    end_phy_offset = last->end_phy_offset();
    end_timestamp = last->end_timestamp();
    full->push_back(last);
  }
  SPOOL_RETURN_IF_ERROR(fs_->CreateDirs(dir_));
  SPOOL_ASSIGN_OR_RETURN(std::string name, NewFileNameLocked());
  const std::string path = JoinPath(dir_, name);
  SPOOL_ASSIGN_OR_RETURN(
      auto file, IndexFile::Create(fs_, path, max_hash_slot_num_, max_index_num_, end_phy_offset, end_timestamp));
  // The new file's directory entry must be durable before entries in it can be.
  SPOOL_RETURN_IF_ERROR(fs_->SyncDir(dir_));
  StoreLog().info("index: created {} (starting after commit-log offset {})", path, end_phy_offset);
  files_.push_back(file);
  return file;
}

absl::StatusOr<std::string> IndexService::NewFileNameLocked() {
  // Files are ordered by name at load, so a new name must sort after the last one and must not exist (two files
  // in one millisecond, or a clock set back). RocketMQ would silently reopen an existing file here.
  const std::string last = files_.empty() ? std::string() : BaseName(files_.back()->path());
  auto usable = [&](const std::string& name) -> absl::StatusOr<bool> {
    if (!last.empty() && name <= last) return false;
    SPOOL_ASSIGN_OR_RETURN(bool exists, fs_->Exists(JoinPath(dir_, name)));
    return !exists;
  };
  const int64_t now = clock_->NowMillis();
  std::string name = MillisToName(now);
  SPOOL_ASSIGN_OR_RETURN(bool ok, usable(name));
  if (ok) return name;
  const int64_t base = std::max(now, NameToMillis(last));
  for (int64_t step = 1; step <= 1000; ++step) {
    name = MillisToName(base + step);
    SPOOL_ASSIGN_OR_RETURN(ok, usable(name));
    if (ok) return name;
  }
  return absl::InternalError(absl::StrCat("index: no free file name in ", dir_, " after ", last, " (clock at ", now,
                                          " ms)"));
}

absl::Status IndexService::FlushFull(const std::shared_ptr<IndexFile>& file) {
  absl::MutexLock lock(&flush_mu_);
  absl::Status s = file->Flush();
  if (!s.ok()) {
    return absl::Status(s.code(), absl::StrCat("index: flush of full file ", file->path(), ": ", s.message()));
  }
  // A full file never changes again, so its endTimestamp is stable without mu_.
  const int64_t ts = file->end_timestamp();
  if (checkpoint_ != nullptr && ts > 0) {
    checkpoint_->set_index_msg_timestamp(ts);
    SPOOL_RETURN_IF_ERROR(checkpoint_->Flush());
  }
  return absl::OkStatus();
}

IndexQueryResult IndexService::QueryOffsets(const std::string& topic, const std::string& key, int32_t max_num,
                                            int64_t begin, int64_t end) const {
  IndexQueryResult result;
  const std::string full_key = BuildKey(topic, key);
  absl::ReaderMutexLock lock(&mu_);
  if (files_.empty()) return result;
  result.last_update_timestamp = files_.back()->end_timestamp();
  result.last_update_phy_offset = files_.back()->end_phy_offset();
  for (size_t i = files_.size(); i > 0; --i) {
    const IndexFile& f = *files_[i - 1];
    if (f.IsTimeMatched(begin, end)) f.SelectPhyOffsets(full_key, max_num, begin, end, &result.offsets);
    // Older files hold only older entries.
    if (f.begin_timestamp() < begin) break;
    if (static_cast<int64_t>(result.offsets.size()) >= max_num) break;
  }
  return result;
}

int IndexService::DeleteExpiredFiles(int64_t commit_log_min_offset) {
  std::vector<std::shared_ptr<IndexFile>> doomed;
  {
    absl::MutexLock lock(&mu_);
    size_t n = 0;
    while (n + 1 < files_.size() && files_[n]->end_phy_offset() < commit_log_min_offset) ++n;
    doomed.assign(files_.begin(), files_.begin() + static_cast<std::ptrdiff_t>(n));
    files_.erase(files_.begin(), files_.begin() + static_cast<std::ptrdiff_t>(n));
  }
  for (const auto& f : doomed) {
    StoreLog().info("index: retention deleted {} (endPhyOffset {} < {})", f->path(), f->end_phy_offset(),
                    commit_log_min_offset);
    f->MarkDeleteOnRelease();
  }
  return static_cast<int>(doomed.size());
}

absl::Status IndexService::Flush() {
  std::vector<std::shared_ptr<IndexFile>> files;
  {
    absl::ReaderMutexLock lock(&mu_);
    files = files_;
  }
  absl::MutexLock lock(&flush_mu_);
  absl::Status first_error;
  for (const auto& f : files) {
    absl::Status s = f->Flush();
    if (!s.ok() && first_error.ok()) {
      first_error = absl::Status(s.code(), absl::StrCat("index: flush of ", f->path(), ": ", s.message()));
    }
  }
  return first_error;
}

absl::Status IndexService::Destroy() {
  std::vector<std::shared_ptr<IndexFile>> doomed;
  {
    absl::MutexLock lock(&mu_);
    doomed.swap(files_);
  }
  for (const auto& f : doomed) f->MarkDeleteOnRelease();
  return absl::OkStatus();
}

}  // namespace spool::store::internal
