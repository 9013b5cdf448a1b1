// File: schedule/schedule_message_service.h
// RocketMQ's ScheduleMessageService: delayed messages parked in SCHEDULE_TOPIC_XXXX (queue = level - 1, CQ tag code
// = deliver timestamp) are re-put to their REAL_TOPIC / REAL_QID once due (shared/spec/store.md §14).
//
//   ScheduleMessageService schedule(options, &delays, clock, std::move(hooks));
//   SPOOL_RETURN_IF_ERROR(schedule.Load());   // config/delayOffset.json, offsets clamped into the queues
//   schedule.Start();                         // not on a SLAVE
//   ...
//   SPOOL_RETURN_IF_ERROR(schedule.Stop());   // joins, then saves the offsets
//
// Threads: Start runs one thread (RocketMQ runs a timer per level): each level first runs 1 s after start, then
// 100 ms after its previous run; the offsets are saved every flushDelayOffsetInterval. All timing goes through the
// Clock, so a test with a ManualClock may also call DeliverDue itself: calls are serialised with the thread's.
//
// Delivery is at least once. A level's offset moves past a message only after its re-put returned PUT_OK; a failed
// put is retried later. Before delayOffset.json is written, the commit log is made durable up to the last re-put
// record, so a saved offset never vouches for a re-put a crash can lose. After a crash the offsets saved last may
// be behind: those messages are delivered again.
//
// Deviations: enableScheduleAsyncDeliver is not implemented (puts are one at a time). A level whose queue no longer
// exists at load has its offset reset to 0 (RocketMQ keeps the stale offset and would skip new messages). A parked
// record that can never be delivered (unreadable, not a SCHEDULE_TOPIC_XXXX record, no or bad REAL_TOPIC/REAL_QID)
// is skipped with an error log, as RocketMQ skips a message it cannot look up.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "config/delay_offset_table.h"
#include "log/consume_queue.h"
#include "log/delay_level_table.h"
#include "log/prepared_message.h"
#include "spool/store/clock.h"
#include "spool/store/message.h"
#include "spool/store/message_store.h"
#include "spool/store/options.h"

namespace spool::store::internal {

class ScheduleMessageService {
 public:
  // What the service needs from the store. Called from the service's thread and from DeliverDue's callers.
  struct Hooks {
    // SCHEDULE_TOPIC_XXXX's queue `queue_id`, nullptr if it does not exist (yet).
    std::function<ConsumeQueue*(int32_t queue_id)> find_queue;
    // The record at a commit-log offset (`size` from the queue unit).
    std::function<absl::StatusOr<MessageRecord>(int64_t offset, int32_t size)> read_record;
    // The store's put path for a prepared message (refuses when the store is closing, read-only or a slave).
    std::function<PutResult(const PreparedMessage&)> put;
    // Makes the commit log durable at least up to `end_offset`.
    std::function<absl::Status(int64_t end_offset)> sync_log;
  };

  // `delays` and `clock` must outlive the service.
  ScheduleMessageService(const StoreOptions& options, const DelayLevelTable* delays, Clock* clock, Hooks hooks);
  ~ScheduleMessageService();
  ScheduleMessageService(const ScheduleMessageService&) = delete;
  ScheduleMessageService& operator=(const ScheduleMessageService&) = delete;

  // Reads config/delayOffset.json (or its .bak) and clamps each level's offset into its queue's [min, max]. Call
  // after the queues are recovered, before Start.
  absl::Status Load();
  void Start();
  // Stops and joins the thread, then saves the offsets (if it was started). Idempotent.
  absl::Status Stop();

  // Re-puts every due message of `level` (1..max level) from its offset on, until one is not due yet, a put fails
  // or a batch of units is done. Returns the milliseconds after which the level wants to run again (0: more may be
  // due at once).
  int64_t DeliverDue(int32_t level);
  // Syncs the commit log up to the last re-put record, then writes config/delayOffset.json.
  absl::Status Persist();

  // The next SCHEDULE_TOPIC_XXXX queue offset `level` will look at.
  int64_t NextOffset(int32_t level) const;
  // The text Persist would write.
  std::string EncodeOffsets() const { return table_.Encode(); }

 private:
  enum class Outcome { kDelivered, kSkipped, kRetry };
  Outcome DeliverOne(int32_t level, const CqUnit& unit) ABSL_EXCLUSIVE_LOCKS_REQUIRED(deliver_mu_);
  void Run();

  const StoreOptions options_;
  const DelayLevelTable* const delays_;
  Clock* const clock_;
  const Hooks hooks_;
  DelayOffsetTable table_;

  // Serialises deliveries and persists: one re-put per unit, and a save that sees a delivery sees it synced.
  mutable absl::Mutex deliver_mu_;
  // Next queue offset per level (index = level); the table holds the same values for saving.
  std::vector<int64_t> cursors_ ABSL_GUARDED_BY(deliver_mu_);
  // Levels whose last put failed: their retries log once, not every 100 ms.
  std::vector<bool> failing_ ABSL_GUARDED_BY(deliver_mu_);
  // End of the furthest record re-put so far (commit-log offset + size).
  int64_t delivered_end_ ABSL_GUARDED_BY(deliver_mu_) = 0;

  absl::Mutex wait_mu_;
  absl::CondVar wait_cv_;
  bool stop_ ABSL_GUARDED_BY(wait_mu_) = false;
  std::atomic<bool> stopping_{false};  // read between units of a long delivery run
  bool started_ = false;
  std::thread thread_;
};

}  // namespace spool::store::internal
