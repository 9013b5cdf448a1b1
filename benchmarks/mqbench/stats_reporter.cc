#include "stats_reporter.h"

#include <cmath>

#include "fmt/format.h"

namespace spool::mqbench {
namespace {

int64_t Rate(int64_t count, double seconds) {
  return seconds > 0 ? static_cast<int64_t>(std::llround(static_cast<double>(count) / seconds)) : 0;
}

}  // namespace

void RtWindow::Record(int64_t nanos) {
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(nanos, std::memory_order_relaxed);
  int64_t seen = max_.load(std::memory_order_relaxed);
  while (nanos > seen && !max_.compare_exchange_weak(seen, nanos, std::memory_order_relaxed)) {
  }
}

RtWindow::Snapshot RtWindow::Take() {
  Snapshot s;
  s.count = count_.exchange(0, std::memory_order_relaxed);
  s.sum_nanos = sum_.exchange(0, std::memory_order_relaxed);
  s.max_nanos = max_.exchange(0, std::memory_order_relaxed);
  return s;
}

std::string SendStats::TakeLine(double elapsed_seconds) {
  const RtWindow::Snapshot w = window_.Take();
  return fmt::format("Send TPS: {} Max RT(ms): {:.3f} Average RT(ms): {:7.3f} Send Failed: {} Response Failed: {}",
                     Rate(w.count, elapsed_seconds), w.MaxMillis(), w.AvgMillis(),
                     send_failed_.load(std::memory_order_relaxed), response_failed_.load(std::memory_order_relaxed));
}

void ConsumeStats::Record(int64_t b2c_millis, int64_t s2c_millis) {
  // Clocks of producer host and broker may disagree by a little; a negative age is not a latency.
  b2c_.Record(std::max<int64_t>(0, b2c_millis) * 1000000);
  s2c_.Record(std::max<int64_t>(0, s2c_millis) * 1000000);
}

std::string ConsumeStats::TakeLine(double elapsed_seconds) {
  const RtWindow::Snapshot b2c = b2c_.Take();
  const RtWindow::Snapshot s2c = s2c_.Take();
  return fmt::format("Consume TPS: {} AVG(B2C) RT(ms): {:7.3f} AVG(S2C) RT(ms): {:7.3f} MAX(B2C) RT(ms): {} "
                     "MAX(S2C) RT(ms): {}",
                     Rate(b2c.count, elapsed_seconds), b2c.AvgMillis(), s2c.AvgMillis(),
                     static_cast<int64_t>(b2c.MaxMillis()), static_cast<int64_t>(s2c.MaxMillis()));
}

std::string FormatSummary(const RunResult& r, bool in_process) {
  std::string line = fmt::format("Total: {} in {:.2f} s, TPS: {:.0f}, RT(ms) avg {:.3f} p50 {:.3f} p99 {:.3f} max {:.3f}",
                                 r.ok, r.seconds, r.per_second(), r.rt.MeanMicros() / 1000,
                                 r.rt.PercentileMicros(50) / 1000, r.rt.PercentileMicros(99) / 1000,
                                 r.rt.MaxMicros() / 1000);
  if (in_process) {
    line += fmt::format(", Put Failed: {}", r.failed());
  } else {
    line += fmt::format(", Send Failed: {}, Response Failed: {}", r.send_failed, r.response_failed);
  }
  if (r.not_send_ok > 0) {
    line += fmt::format(", stored but not {}: {}", in_process ? "PUT_OK" : "SEND_OK", r.not_send_ok);
  }
  if (!r.first_error.empty()) line += fmt::format(" (first error: {})", r.first_error);
  return line;
}

}  // namespace spool::mqbench
