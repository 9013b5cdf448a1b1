// File: consumer_run.h
// RunConsumer: RocketMQ's benchmark Consumer over the SDK: a PushConsumer (CLUSTERING, concurrent listener) on one
// topic, a report line per second (Consume TPS, B2C and S2C round trips), and what the whole run received.
//
//   ConsumerRunOptions options;
//   options.client.namesrv_addr = "127.0.0.1:9876";
//   options.expect = 100000;                          // stop once that many messages arrived
//   absl::StatusOr<ConsumeResult> r = RunConsumer(options, &stop);
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "spool/client/client_config.h"
#include "stats_reporter.h"
#include "stop_signal.h"

namespace spool::mqbench {

struct ConsumerRunOptions {
  client::ClientConfig client;
  std::string group = "benchmark_consumer";
  std::string topic = "BenchmarkTest";
  // consumeThreadMin: the listener's pool.
  int threads = 20;
  // CONSUME_FROM_FIRST_OFFSET for a group without offsets (the loopback run reads what it produced); else LAST.
  bool from_first = false;
  // Stop once this many messages have arrived (0: only duration or a stop request end the run).
  int64_t expect = 0;
  absl::Duration duration = absl::InfiniteDuration();
  std::function<void(const std::string&)> on_line;
};

struct ConsumeResult {
  int64_t received = 0;
  // First to last message received: the rate excludes the start-up (route, rebalance, offset query).
  double seconds = 0;
  // Start to the end of the run, start-up included.
  double wall_seconds = 0;
  bool reached_expect = false;
  LatencyHistogram b2c;  // born -> consumed, ms resolution
  LatencyHistogram s2c;  // stored -> consumed, ms resolution
  double per_second() const { return seconds > 0 ? static_cast<double>(received) / seconds : 0; }
};

absl::StatusOr<ConsumeResult> RunConsumer(const ConsumerRunOptions& options, StopSignal* stop);

}  // namespace spool::mqbench
