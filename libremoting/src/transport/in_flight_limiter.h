// File: transport/in_flight_limiter.h
// A counting limit on asynchronous requests waiting for responses (RocketMQ's clientAsyncSemaphoreValue /
// serverAsyncSemaphoreValue). Over the limit an invoke fails at once with kResourceExhausted ("too much
// request"), so a caller that outruns its peer gets an error instead of an ever-growing response table.
#pragma once

#include <atomic>
#include <cstdint>

namespace spool::remoting::internal {

class InFlightLimiter {
 public:
  // `limit` <= 0 means no limit.
  explicit InFlightLimiter(int64_t limit) : limit_(limit) {}

  bool TryAcquire() {
    if (limit_ <= 0) return true;
    int64_t current = in_flight_.load(std::memory_order_relaxed);
    while (current < limit_) {
      if (in_flight_.compare_exchange_weak(current, current + 1, std::memory_order_relaxed)) return true;
    }
    return false;
  }

  // Once per successful TryAcquire.
  void Release() {
    if (limit_ > 0) in_flight_.fetch_sub(1, std::memory_order_relaxed);
  }

  int64_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }

 private:
  const int64_t limit_;
  std::atomic<int64_t> in_flight_{0};
};

}  // namespace spool::remoting::internal
