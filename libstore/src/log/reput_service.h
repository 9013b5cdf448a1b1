// File: log/reput_service.h
// Dispatch: follows the CommitLog and builds ConsumeQueues and the index from it (RocketMQ's
// ReputMessageService), so a recovery or a replica rebuilds them from the log alone. Unlike RocketMQ's 1 ms
// polling loop it sleeps until a put wakes it, and it wakes readers blocked in WaitForMessages once their queue
// has grown.
//
// Owns one thread. CatchUp runs dispatch synchronously (start-up, before puts are accepted).
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "codec/message_codec.h"

namespace spool::store::internal {

class CommitLog;
class ConsumeQueueTable;
class IndexService;
class StoreCheckpoint;
class RunningFlags;

class ReputService {
 public:
  ReputService(CommitLog* log, ConsumeQueueTable* queues, IndexService* index, StoreCheckpoint* checkpoint,
               RunningFlags* flags, DelayLevelFn delay_level);
  ~ReputService();

  void set_reput_from(int64_t offset) { reput_from_.store(offset, std::memory_order_release); }
  int64_t reput_from() const { return reput_from_.load(std::memory_order_acquire); }
  // Records from here on passed recovery's checks, so an unreadable one is damage that stops dispatch (the store
  // turns read-only); before it, dispatch skips the rest of the damaged segment. Set before CatchUp/Start.
  void set_verified_from(int64_t offset) { verified_from_.store(offset, std::memory_order_release); }
  int64_t verified_from() const { return verified_from_.load(std::memory_order_acquire); }

  // Dispatches everything written so far, on the calling thread (before Start).
  absl::Status CatchUp();
  void Start();
  // Stops after dispatching what is already written.
  void Stop();
  // Tells the dispatcher new data is there. Cheap when it is already awake.
  void Notify();

  // Blocks until `ready()` is true, the timeout passes or the service stops. Woken after each dispatch round.
  bool WaitFor(const std::function<bool()>& ready, absl::Duration timeout);

 private:
  // One pass over what is readable now. Returns records dispatched.
  absl::StatusOr<int64_t> DispatchAvailable();
  absl::Status Dispatch(const DispatchInfo& info);
  void Run();

  CommitLog* log_;
  ConsumeQueueTable* queues_;
  IndexService* index_;
  StoreCheckpoint* checkpoint_;
  RunningFlags* flags_;
  DelayLevelFn delay_level_;
  // Written by the dispatcher thread (or CatchUp before it starts).
  std::atomic<int64_t> reput_from_{0};
  std::atomic<int64_t> verified_from_{0};

  absl::Mutex mu_;
  absl::CondVar work_cv_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  bool running_ = false;
  // Set (seq_cst) by the dispatcher before it sleeps; Notify signals only when it is set.
  std::atomic<bool> sleeping_{false};

  absl::Mutex arrival_mu_;
  absl::CondVar arrival_cv_;
  std::atomic<int> waiters_{0};
  bool stopped_ ABSL_GUARDED_BY(arrival_mu_) = false;

  std::thread thread_;
};

}  // namespace spool::store::internal
