// File: spool/remoting/bounded_thread_pool.h
// BoundedThreadPool: a fixed set of threads draining a bounded FIFO of tasks. The executor RocketMQ gives each
// processor (sendMessageThreadPoolNums threads, sendThreadPoolQueueCapacity queue, ...): when the queue is full,
// TrySubmit refuses instead of blocking, and the server answers SYSTEM_BUSY ("[OVERLOAD]...") rather than stall
// an I/O thread.
//
//   auto send_pool = std::make_shared<BoundedThreadPool>("SendMessage", /*threads=*/4, /*queue_capacity=*/10000);
//   server.RegisterProcessor(request_code::kSendMessageV2, send_processor, send_pool);
//
//   absl::Status s = pool.TrySubmit([] { ... });   // kResourceExhausted when full
//
// Thread safety: every method may be called from any thread, including from a task. Shutdown() must not be
// called from one of the pool's own threads (it joins them).
//
// Lifecycle: threads start in the constructor. Shutdown() (also run by the destructor) refuses new tasks, lets
// the workers finish every task already queued, and joins them: nothing queued is silently dropped, which keeps
// "a response callback runs exactly once" true through shutdown. A task that never returns makes Shutdown hang.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace spool::remoting {

class BoundedThreadPool {
 public:
  // `name` names the threads (truncated to 15 characters for the OS) and appears in errors. `threads` >= 1 and
  // `queue_capacity` >= 1 (smaller values are raised to 1). The capacity counts tasks waiting, not running.
  BoundedThreadPool(std::string name, int threads, size_t queue_capacity);
  ~BoundedThreadPool();

  BoundedThreadPool(const BoundedThreadPool&) = delete;
  BoundedThreadPool& operator=(const BoundedThreadPool&) = delete;

  // Queues `task`. kResourceExhausted when `queue_capacity` tasks are already waiting, kFailedPrecondition after
  // Shutdown; the task is then destroyed without running.
  absl::Status TrySubmit(absl::AnyInvocable<void()> task);

  // See the file comment. Idempotent.
  void Shutdown();

  const std::string& name() const { return name_; }
  // Tasks waiting (not running). A snapshot, for stats and tests.
  size_t queue_size() const;

 private:
  void WorkerLoop();

  const std::string name_;
  const size_t queue_capacity_;
  mutable absl::Mutex mu_;
  std::deque<absl::AnyInvocable<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Written by the constructor and Shutdown only; Shutdown is serialised by shutdown_mu_.
  absl::Mutex shutdown_mu_;
  std::vector<std::thread> threads_;
};

}  // namespace spool::remoting
