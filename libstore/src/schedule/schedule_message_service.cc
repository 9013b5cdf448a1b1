#include "schedule/schedule_message_service.h"

#include <pthread.h>

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "codec/message_codec.h"
#include "spool/status_macros.h"
#include "spool/store/file_system.h"
#include "util/logging.h"

namespace spool::store::internal {
namespace {

// ScheduleMessageService's FIRST_DELAY_TIME and DELAY_FOR_A_WHILE.
constexpr int64_t kFirstDelayMs = 1000;
constexpr int64_t kDelayForAWhileMs = 100;
// Units looked at per run of a level (RocketMQ takes the rest of the queue file; a bound keeps Stop prompt and
// lets other levels and the offset save interleave with a large backlog).
constexpr int32_t kMaxUnitsPerRun = 256;
// MixAll.RMQ_SYS_TRANS_HALF_TOPIC: a delayed half message would be a transaction bug; RocketMQ drops it.
constexpr char kTransHalfTopic[] = "RMQ_SYS_TRANS_HALF_TOPIC";

constexpr int64_t kNanosPerMilli = 1'000'000;

}  // namespace

ScheduleMessageService::ScheduleMessageService(const StoreOptions& options, const DelayLevelTable* delays,
                                               Clock* clock, Hooks hooks)
    : options_(options),
      delays_(delays),
      clock_(clock),
      hooks_(std::move(hooks)),
      table_(options.file_system, JoinPath(options.ConfigDir(), "delayOffset.json")),
      cursors_(static_cast<size_t>(delays->max_level()) + 1, 0),
      failing_(static_cast<size_t>(delays->max_level()) + 1, false) {}

ScheduleMessageService::~ScheduleMessageService() {
  absl::Status s = Stop();
  if (!s.ok()) StoreLog().warn("schedule service: saving delay offsets at stop: {}", s.ToString());
}

absl::Status ScheduleMessageService::Load() {
  SPOOL_RETURN_IF_ERROR(table_.Load());
  absl::MutexLock lock(&deliver_mu_);
  for (const auto& [level, offset] : table_.Snapshot()) {
    if (level < 1 || level > delays_->max_level()) continue;
    // ScheduleMessageService.correctDelayOffset: an offset outside the queue (files removed, queue truncated by
    // recovery) would deliver nothing or re-deliver from nowhere.
    int64_t min = 0;
    int64_t max = 0;
    if (ConsumeQueue* cq = hooks_.find_queue(level - 1); cq != nullptr) {
      min = cq->MinOffsetInQueue();
      max = cq->MaxOffsetInQueue();
    }
    const int64_t corrected = std::clamp(offset, min, std::max(min, max));
    if (corrected != offset) {
      StoreLog().warn("delayOffset.json: level {} offset {} outside its queue [{}, {}]: using {}", level, offset, min,
                      max, corrected);
      table_.Update(level, corrected);
    }
  }
  for (int32_t level = 1; level <= delays_->max_level(); ++level) {
    cursors_[static_cast<size_t>(level)] = table_.Get(level).value_or(0);
  }
  return absl::OkStatus();
}

void ScheduleMessageService::Start() {
  if (started_) return;
  started_ = true;
  {
    absl::MutexLock lock(&wait_mu_);
    stop_ = false;
  }
  stopping_.store(false, std::memory_order_relaxed);
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "spool-schedule");
    Run();
  });
}

absl::Status ScheduleMessageService::Stop() {
  if (!started_) return absl::OkStatus();
  stopping_.store(true, std::memory_order_relaxed);
  {
    absl::MutexLock lock(&wait_mu_);
    stop_ = true;
    wait_cv_.Signal();
  }
  thread_.join();
  started_ = false;
  // ScheduleMessageService.shutdown persists the offsets last.
  return Persist();
}

void ScheduleMessageService::Run() {
  const size_t levels = static_cast<size_t>(delays_->max_level());
  const int64_t start = clock_->MonotonicNanos();
  // Monotonic deadlines: index = level - 1, then one for the offset save.
  std::vector<int64_t> due(levels + 1, start + kFirstDelayMs * kNanosPerMilli);
  const int64_t persist_every = std::max<int64_t>(options_.flush_delay_offset_interval, 1) * kNanosPerMilli;
  due[levels] = start + persist_every;
  for (;;) {
    {
      absl::MutexLock lock(&wait_mu_);
      const int64_t deadline = *std::min_element(due.begin(), due.end());
      while (!stop_) {
        const int64_t left = deadline - clock_->MonotonicNanos();
        if (left <= 0) break;
        clock_->WaitFor(&wait_cv_, &wait_mu_, absl::Nanoseconds(left));
      }
      if (stop_) return;
    }
    const int64_t now = clock_->MonotonicNanos();
    for (size_t i = 0; i < levels; ++i) {
      if (due[i] > now) continue;
      const int64_t again_ms = DeliverDue(static_cast<int32_t>(i) + 1);
      due[i] = clock_->MonotonicNanos() + again_ms * kNanosPerMilli;
      if (stopping_.load(std::memory_order_relaxed)) return;
    }
    if (due[levels] <= now) {
      if (absl::Status s = Persist(); !s.ok()) StoreLog().warn("saving delay offsets: {}", s.ToString());
      due[levels] = clock_->MonotonicNanos() + persist_every;
    }
  }
}

int64_t ScheduleMessageService::DeliverDue(int32_t level) {
  if (level < 1 || level > delays_->max_level()) return kDelayForAWhileMs;
  absl::MutexLock lock(&deliver_mu_);
  int64_t& cursor = cursors_[static_cast<size_t>(level)];
  ConsumeQueue* cq = hooks_.find_queue(level - 1);
  if (cq == nullptr) return kDelayForAWhileMs;
  const std::vector<CqUnit> units = cq->GetUnits(cursor, kMaxUnitsPerRun);
  if (units.empty()) {
    // Retention or recovery moved the queue's bounds past the cursor (executeOnTimeup's resetOffset).
    const int64_t min = cq->MinOffsetInQueue();
    const int64_t max = cq->MaxOffsetInQueue();
    const int64_t reset = cursor < min ? min : (cursor > max ? max : cursor);
    if (reset != cursor) {
      StoreLog().warn("schedule level {}: offset {} outside its queue [{}, {}]: moving to {}", level, cursor, min,
                      max, reset);
      cursor = reset;
      table_.Update(level, cursor);
    }
    return kDelayForAWhileMs;
  }
  const int64_t level_delay = delays_->DelayMs(level);
  for (const CqUnit& unit : units) {
    if (stopping_.load(std::memory_order_relaxed)) return kDelayForAWhileMs;
    const int64_t now = clock_->NowMillis();
    // correctDeliverTimestamp: a deliver time more than one level-delay ahead means the clock went back (or the
    // record came from elsewhere); waiting for it could take forever, so it is due now.
    int64_t deliver_at = unit.tags_code;
    if (deliver_at > now + level_delay) deliver_at = now;
    if (deliver_at > now) return kDelayForAWhileMs;
    const Outcome outcome = DeliverOne(level, unit);
    if (outcome == Outcome::kRetry) return kDelayForAWhileMs;
    ++cursor;
    table_.Update(level, cursor);
  }
  return 0;
}

ScheduleMessageService::Outcome ScheduleMessageService::DeliverOne(int32_t level, const CqUnit& unit) {
  const int64_t queue_offset = cursors_[static_cast<size_t>(level)];
  auto skip = [&](const std::string& why) {
    StoreLog().error("schedule level {}: skipping {}-{}@{} (commit-log offset {}): {}", level, kScheduleTopic,
                     level - 1, queue_offset, unit.commit_log_offset, why);
    return Outcome::kSkipped;
  };
  absl::StatusOr<MessageRecord> parked = hooks_.read_record(unit.commit_log_offset, unit.size);
  if (!parked.ok()) return skip(parked.status().ToString());
  if (parked->topic != kScheduleTopic) return skip(absl::StrCat("the record is in topic ", parked->topic));
  const std::string* topic = parked->properties.Find(kPropertyRealTopic);
  const std::string* queue = parked->properties.Find(kPropertyRealQueueId);
  int32_t queue_id = 0;
  if (topic == nullptr || queue == nullptr || !absl::SimpleAtoi(*queue, &queue_id)) {
    return skip("no valid REAL_TOPIC / REAL_QID property");
  }
  if (*topic == kTransHalfTopic) return skip("its real topic is RMQ_SYS_TRANS_HALF_TOPIC");

  thread_local PreparedMessage prepared;
  PrepareScheduledDelivery(*parked, *topic, queue_id, options_, &prepared);
  if (!prepared.ok()) return skip(prepared.remark);
  PutResult result = hooks_.put(prepared);
  std::vector<bool>::reference failing = failing_[static_cast<size_t>(level)];
  // A record that was stored (e.g. a flush or slave timeout) is delivered: putting it again would duplicate it.
  if (!result.stored()) {
    if (!failing) {
      StoreLog().warn("schedule level {}: re-putting {}@{} to {}-{} failed ({}), retrying every {} ms", level,
                      kScheduleTopic, queue_offset, *topic, queue_id, result.remark, kDelayForAWhileMs);
    }
    failing = true;
    return Outcome::kRetry;
  }
  failing = false;
  delivered_end_ = std::max(delivered_end_, result.commit_log_offset + result.total_size);
  StoreLog().debug("schedule level {}: delivered {}@{} to {}-{}@{}", level, kScheduleTopic, queue_offset, *topic,
                   queue_id, result.queue_offset);
  return Outcome::kDelivered;
}

absl::Status ScheduleMessageService::Persist() {
  absl::MutexLock lock(&deliver_mu_);
  // The saved offsets vouch for every re-put before them: those records must survive a crash first.
  if (delivered_end_ > 0) SPOOL_RETURN_IF_ERROR(hooks_.sync_log(delivered_end_));
  return table_.Persist();
}

int64_t ScheduleMessageService::NextOffset(int32_t level) const {
  absl::MutexLock lock(&deliver_mu_);
  if (level < 1 || level > delays_->max_level()) return 0;
  return cursors_[static_cast<size_t>(level)];
}

}  // namespace spool::store::internal
