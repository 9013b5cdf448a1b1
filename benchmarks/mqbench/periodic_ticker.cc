#include "periodic_ticker.h"

#include <chrono>

namespace spool::mqbench {

PeriodicTicker::PeriodicTicker(absl::Duration interval, std::function<void(double)> tick)
    : interval_(interval), tick_(std::move(tick)), thread_([this] { Run(); }) {}

PeriodicTicker::~PeriodicTicker() { Stop(); }

void PeriodicTicker::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void PeriodicTicker::Run() {
  auto previous = std::chrono::steady_clock::now();
  absl::Time next = absl::Now() + interval_;
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      if (mu_.AwaitWithDeadline(absl::Condition(&stop_), next)) return;
    }
    const auto now = std::chrono::steady_clock::now();
    tick_(std::chrono::duration<double>(now - previous).count());
    previous = now;
    next += interval_;
  }
}

}  // namespace spool::mqbench
