// File: transport/io_thread_pool.h
// The io_context of a server or client and the threads that run it. The owner of an IoThreadPool owns every
// object bound to its io_context (sockets, timers, acceptor) and must destroy them before it, which declaring
// the pool first among the owner's members does.
//
// Stop() releases the work guard and joins: run() returns once no handler is pending, so the owner must first
// close everything that re-arms itself (acceptor, connections, timers). A hang in Stop is such a leak, a bug.
#pragma once

#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "asio/executor_work_guard.hpp"
#include "asio/io_context.hpp"

namespace spool::remoting::internal {

class IoThreadPool {
 public:
  IoThreadPool(std::string name, int threads);
  ~IoThreadPool();  // Stop()

  IoThreadPool(const IoThreadPool&) = delete;
  IoThreadPool& operator=(const IoThreadPool&) = delete;

  asio::io_context& context() { return io_; }

  void Start();
  // Idempotent. Must not be called from one of the pool's threads.
  void Stop();

  // True on one of this pool's threads (where blocking would stall every connection it serves).
  bool RunningInThisThread() { return io_.get_executor().running_in_this_thread(); }

 private:
  void Run();

  const std::string name_;
  const int thread_count_;
  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;
};

}  // namespace spool::remoting::internal
