// File: stats_reporter.h
// The per-second report of RocketMQ's benchmark tools, fed by many worker threads without a lock: counters and
// a round-trip window (count, sum, max) that the reporting thread reads and resets once a second, plus the
// whole-run result (with a full latency histogram, one per worker, merged at the end) and its summary line.
//
//   SendStats stats;
//   stats.RecordOk(rt_ns);                        // any worker thread
//   std::puts(stats.TakeLine(elapsed_s).c_str()); // the ticker: "Send TPS: 12345 Max RT(ms): 1.234 ..."
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "latency_histogram.h"

namespace spool::mqbench {

using mqstore::LatencyHistogram;

// Round trips recorded since the last Take(). The three fields are read one after another, so a Take() racing
// with a Record() may put that one sample's count and time in different windows: negligible at these rates.
class RtWindow {
 public:
  struct Snapshot {
    int64_t count = 0;
    int64_t sum_nanos = 0;
    int64_t max_nanos = 0;
    double AvgMillis() const { return count > 0 ? static_cast<double>(sum_nanos) / count / 1e6 : 0; }
    double MaxMillis() const { return static_cast<double>(max_nanos) / 1e6; }
  };

  void Record(int64_t nanos);
  Snapshot Take();

 private:
  std::atomic<int64_t> count_{0};
  std::atomic<int64_t> sum_{0};
  std::atomic<int64_t> max_{0};
};

// Producer side. "Send Failed" is a request that did not get an answer (transport error, timeout, no route);
// "Response Failed" is an answer refusing the message, as RocketMQ's benchmark splits RemotingException from
// MQBrokerException.
class SendStats {
 public:
  void RecordOk(int64_t rt_nanos) { window_.Record(rt_nanos); }
  void RecordSendFailed() { send_failed_.fetch_add(1, std::memory_order_relaxed); }
  void RecordResponseFailed() { response_failed_.fetch_add(1, std::memory_order_relaxed); }

  // "Send TPS: %d Max RT(ms): %.3f Average RT(ms): %7.3f Send Failed: %d Response Failed: %d" for the window
  // since the previous call (failures are totals, as RocketMQ prints them).
  std::string TakeLine(double elapsed_seconds);

 private:
  RtWindow window_;
  std::atomic<int64_t> send_failed_{0};
  std::atomic<int64_t> response_failed_{0};
};

// Consumer side: born->consumed (B2C) and stored->consumed (S2C) times, from the records' millisecond
// timestamps.
class ConsumeStats {
 public:
  void Record(int64_t b2c_millis, int64_t s2c_millis);

  // "Consume TPS: %d AVG(B2C) RT(ms): %7.3f AVG(S2C) RT(ms): %7.3f MAX(B2C) RT(ms): %d MAX(S2C) RT(ms): %d".
  std::string TakeLine(double elapsed_seconds);

 private:
  RtWindow b2c_;
  RtWindow s2c_;
};

// What a timed run of requests (sends, in-process puts or reads) measured.
struct RunResult {
  int64_t ok = 0;
  int64_t send_failed = 0;      // no answer / the store refused (in-process)
  int64_t response_failed = 0;  // the broker refused
  int64_t not_send_ok = 0;      // stored but SendStatus != SEND_OK / PutMessageStatus != PUT_OK (flush timeout)
  double seconds = 0;           // the measured window: start to the last worker's last completion
  LatencyHistogram rt;
  std::string first_error;

  int64_t failed() const { return send_failed + response_failed; }
  double per_second() const { return seconds > 0 ? static_cast<double>(ok) / seconds : 0; }
};

// "Total: N in X s, TPS: ..., RT(ms) avg ... p50 ... p99 ... max ..., Send Failed: ..., Response Failed: ...";
// for in-process puts "Put Failed: ..." instead of the two failure counts.
std::string FormatSummary(const RunResult& result, bool in_process = false);

}  // namespace spool::mqbench
