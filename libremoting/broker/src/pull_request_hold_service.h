// File: pull_request_hold_service.h
// PullRequestHoldService: long polling (spec broker.md §7.4). A pull that found nothing is parked under its
// topic@queue until a message arrives there or its hold time ends, then re-run without suspend rights and
// answered with its own opaque.
//
// One thread per broker. It sleeps on a condition variable until the earliest hold deadline, the periodic
// re-check (5 s, or shortPollingTimeMills without long polling, for messages that arrive by paths that do not
// call NotifyMessageArriving) or a NotifyMessageArriving from the broker's send path. No polling in between.
//
// Thread safety: every method from any thread. Lifecycle: Start() once; Shutdown() re-runs every parked request
// (each gets its NOT_FOUND answer now rather than a dropped connection later), then joins the thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "spool/remoting/request_processor.h"
#include "spool/store/message_store.h"

namespace spool::broker::internal {

class PullRequestHoldService {
 public:
  // Re-runs a parked pull (without suspend rights) and sends its answer.
  using Rerun = std::function<void(const remoting::RequestContext&, remoting::RemotingCommand)>;

  PullRequestHoldService(store::MessageStore* store, absl::Duration check_interval, Rerun rerun);
  ~PullRequestHoldService();

  PullRequestHoldService(const PullRequestHoldService&) = delete;
  PullRequestHoldService& operator=(const PullRequestHoldService&) = delete;

  void Start();
  void Shutdown();

  // Parks `request` (a pull of `topic`/`queue_id` from `offset`) for up to `hold`. After Shutdown it is re-run
  // at once instead.
  void Suspend(const std::string& topic, int32_t queue_id, int64_t offset, absl::Duration hold,
               const remoting::RequestContext& ctx, remoting::RemotingCommand request);

  // A message was stored in topic/queue_id at `queue_offset`: parked pulls there are re-checked as soon as the
  // store has dispatched it to the ConsumeQueue (dispatch is asynchronous; the hold thread waits for it with
  // MessageStore::WaitForMessages, woken by the dispatch itself).
  void NotifyMessageArriving(const std::string& topic, int32_t queue_id, int64_t queue_offset);

  // Test hook: waits (condition wait with a deadline) until at least `n` pulls are parked.
  bool WaitForHeld(size_t n, absl::Duration timeout);
  size_t held_count() const;

 private:
  struct Held {
    int64_t offset = 0;
    absl::Time deadline;
    remoting::RequestContext ctx;
    remoting::RemotingCommand request;
  };
  using Key = std::pair<std::string, int32_t>;

  void Run();
  // Removes and returns the parked pulls that are due (`all`: every one).
  std::vector<Held> TakeReady(bool periodic, bool all, const std::set<Key>& arrived)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Time EarliestDeadline() const ABSL_SHARED_LOCKS_REQUIRED(mu_);

  store::MessageStore* const store_;
  const absl::Duration check_interval_;
  const Rerun rerun_;

  mutable absl::Mutex mu_;
  std::map<Key, std::vector<Held>> held_ ABSL_GUARDED_BY(mu_);
  // Queues written since the thread last looked, with the highest queue offset written.
  std::map<Key, int64_t> arrived_ ABSL_GUARDED_BY(mu_);
  // Per queue, the highest queue offset a put was acknowledged at. A pull parked after the put's notice but
  // before its dispatch reaches the ConsumeQueue checks this instead of waiting for the periodic re-check.
  std::map<Key, int64_t> last_written_ ABSL_GUARDED_BY(mu_);
  size_t held_count_ ABSL_GUARDED_BY(mu_) = 0;
  // A pull was parked: the thread recomputes its wake-up time (the new deadline may be the earliest).
  bool reschedule_ ABSL_GUARDED_BY(mu_) = false;
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace spool::broker::internal
