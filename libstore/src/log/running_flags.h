// File: log/running_flags.h
// Store-wide state that refuses writes (RocketMQ's RunningFlags). Once an fsync/msync fails the log's state on
// disk is unknown, so the store stays read-only until reopened (recovery then decides what is there).
#pragma once

#include <atomic>
#include <string>

#include "absl/synchronization/mutex.h"

namespace spool::store::internal {

class RunningFlags {
 public:
  bool writeable() const { return !closed_.load(std::memory_order_acquire) && !io_error_.load(std::memory_order_acquire) && !disk_full_.load(std::memory_order_acquire); }
  bool closed() const { return closed_.load(std::memory_order_acquire); }
  bool io_error() const { return io_error_.load(std::memory_order_acquire); }
  bool disk_full() const { return disk_full_.load(std::memory_order_acquire); }

  void set_closed() { closed_.store(true, std::memory_order_release); }
  void set_disk_full(bool full) { disk_full_.store(full, std::memory_order_release); }
  // Records the first I/O error; the store is read-only from now on.
  void SetIoError(const std::string& what) {
    absl::MutexLock lock(&mu_);
    if (!io_error_.load()) error_ = what;
    io_error_.store(true, std::memory_order_release);
  }
  std::string io_error_message() const {
    absl::MutexLock lock(&mu_);
    return error_;
  }

 private:
  std::atomic<bool> closed_{false};
  std::atomic<bool> io_error_{false};
  std::atomic<bool> disk_full_{false};
  mutable absl::Mutex mu_;
  std::string error_;
};

}  // namespace spool::store::internal
