#include "log/reput_service.h"

#include <pthread.h>

#include "absl/strings/str_cat.h"
#include "log/commit_log.h"
#include "log/consume_queue_table.h"
#include "log/index_service.h"
#include "log/running_flags.h"
#include "log/store_checkpoint.h"
#include "util/logging.h"
#include "spool/status_macros.h"

namespace spool::store::internal {

namespace {
constexpr absl::Duration kBusyNap = absl::Microseconds(200);
}  // namespace

ReputService::ReputService(CommitLog* log, ConsumeQueueTable* queues, IndexService* index,
                           StoreCheckpoint* checkpoint, RunningFlags* flags, DelayLevelFn delay_level)
    : log_(log), queues_(queues), index_(index), checkpoint_(checkpoint), flags_(flags),
      delay_level_(std::move(delay_level)) {}

ReputService::~ReputService() { Stop(); }

absl::Status ReputService::Dispatch(const DispatchInfo& info) {
  int32_t tx = info.sys_flag & kSysFlagTransactionMask;
  if (tx == kSysFlagTransactionNotType || tx == kSysFlagTransactionCommit) {
    ConsumeQueue* cq = queues_->FindOrCreate(info.topic, info.queue_id);
    SPOOL_RETURN_IF_ERROR(cq->PutUnit(info.commit_log_offset, info.size, info.tags_code, info.queue_offset));
    checkpoint_->set_logics_msg_timestamp(info.store_timestamp);
  }
  if (index_ != nullptr) SPOOL_RETURN_IF_ERROR(index_->BuildIndex(info));
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ReputService::DispatchAvailable() {
  int64_t dispatched = 0;
  for (;;) {
    int64_t from = reput_from();
    if (from < log_->min_offset()) {
      from = log_->min_offset();
      set_reput_from(from);
    }
    const int64_t max = log_->max_offset();
    if (from >= max) return dispatched;
    auto file = log_->FindFile(from);
    if (file == nullptr) return dispatched;
    const int64_t file_start = file->file_from_offset();
    const int64_t readable = std::min(file->wrote_position(), max - file_start);
    int64_t pos = from - file_start;
    while (pos < readable) {
      std::string_view rest(file->data() + pos, static_cast<size_t>(readable - pos));
      RecordCheck check = CheckRecord(rest, /*check_crc=*/false, delay_level_);
      if (check.kind == RecordKind::kMessage) {
        absl::Status s = Dispatch(check.info);
        if (!s.ok()) {
          flags_->SetIoError(absl::StrCat("dispatch failed: ", s.message()));
          StoreLog().error("dispatch at offset {} failed; the store is read-only now: {}", file_start + pos,
                           s.ToString());
          return s;
        }
        pos += check.size;
        ++dispatched;
        continue;
      }
      if (check.kind == RecordKind::kBlank) {
        pos = file->size();
        break;
      }
      if (file_start + pos < verified_from()) {
        // Recovery never walked this part of the log (it trusted the checkpoint) and a queue being rebuilt needs
        // it: skip the rest of the segment, as RocketMQ's reput does on a master, rather than refuse to open.
        StoreLog().warn("dispatch: unreadable record at commit-log offset {} ({}), before the recovered part of the "
                        "log from {}: skipping the rest of its segment",
                        file_start + pos, check.reason, verified_from());
        pos = file->size();
        break;
      }
      // Our own appender publishes whole records only, so this is damage: refuse to build queues past it.
      absl::Status s = absl::DataLossError(
          absl::StrCat("dispatch: unreadable record at commit-log offset ", file_start + pos, ": ", check.reason));
      flags_->SetIoError(std::string(s.message()));
      StoreLog().error("{}", s.ToString());
      set_reput_from(file_start + pos);
      return s;
    }
    set_reput_from(file_start + pos);
    if (pos < file->size()) return dispatched;  // caught up inside this segment
  }
}

absl::Status ReputService::CatchUp() {
  auto n = DispatchAvailable();
  if (!n.ok()) return n.status();
  if (*n > 0) StoreLog().info("dispatched {} records up to offset {}", *n, reput_from());
  return absl::OkStatus();
}

void ReputService::Start() {
  if (running_) return;
  running_ = true;
  {
    absl::MutexLock lock(&mu_);
    stop_ = false;
  }
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "spool-reput");
    Run();
  });
}

void ReputService::Stop() {
  if (!running_) return;
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
    work_cv_.Signal();
  }
  thread_.join();
  running_ = false;
  absl::MutexLock lock(&arrival_mu_);
  stopped_ = true;
  arrival_cv_.SignalAll();
}

void ReputService::Notify() {
  // Pairs with the seq_cst store of sleeping_ in Run: either the dispatcher sees the new max offset before it
  // sleeps, or we see it sleeping and wake it.
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (sleeping_.load(std::memory_order_seq_cst)) {
    absl::MutexLock lock(&mu_);
    work_cv_.Signal();
  }
}

void ReputService::Run() {
  for (;;) {
    auto n = DispatchAvailable();
    // Pairs with the waiter's increment before its check: either it sees the new units or we see it waiting.
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (n.ok() && *n > 0 && waiters_.load(std::memory_order_seq_cst) > 0) {
      absl::MutexLock lock(&arrival_mu_);
      arrival_cv_.SignalAll();
    }
    absl::MutexLock lock(&mu_);
    if (stop_) return;
    if (!n.ok()) {
      // Damage or a failed write: stay idle until stopped.
      while (!stop_) work_cv_.Wait(&mu_);
      return;
    }
    if (*n > 0) {
      if (reput_from() < log_->max_offset()) continue;
      // Puts are arriving: nap briefly without advertising sleep, so producers skip the wake-up and the next round
      // dispatches a batch, instead of every put paying a context switch. Costs at most kBusyNap of consumer
      // latency while busy; an idle store sleeps until a put notifies it.
      work_cv_.WaitWithTimeout(&mu_, kBusyNap);
      if (stop_) return;
      continue;
    }
    sleeping_.store(true, std::memory_order_seq_cst);
    if (reput_from() >= log_->max_offset()) {
      work_cv_.WaitWithTimeout(&mu_, absl::Seconds(1));
    }
    sleeping_.store(false, std::memory_order_seq_cst);
    if (stop_) return;
  }
}

bool ReputService::WaitFor(const std::function<bool()>& ready, absl::Duration timeout) {
  if (ready()) return true;
  absl::Time deadline = absl::Now() + timeout;
  waiters_.fetch_add(1, std::memory_order_seq_cst);
  bool ok = false;
  {
    absl::MutexLock lock(&arrival_mu_);
    for (;;) {
      if (ready()) {
        ok = true;
        break;
      }
      if (stopped_) break;
      if (arrival_cv_.WaitWithDeadline(&arrival_mu_, deadline)) {
        ok = ready();
        break;
      }
    }
  }
  waiters_.fetch_sub(1, std::memory_order_acq_rel);
  return ok;
}

}  // namespace spool::store::internal
