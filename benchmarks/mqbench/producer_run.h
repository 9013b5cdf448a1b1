// File: producer_run.h
// RunProducers: RocketMQ's benchmark Producer over the SDK. One Producer (one client instance, as the Java tool
// shares one DefaultMQProducer), `threads` threads each sending synchronously in a loop, a report line per second,
// and the whole run's result. Only the SDK is used, so it works against any RocketMQ 4.x name server and broker.
//
//   ProducerRunOptions options;
//   options.client.namesrv_addr = "127.0.0.1:9876";
//   options.duration = absl::Seconds(10);
//   absl::StatusOr<RunResult> r = RunProducers(options, &stop);   // kUnavailable etc. only if Start fails
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

struct ProducerRunOptions {
  client::ClientConfig client;
  std::string group = "benchmark_producer";
  std::string topic = "BenchmarkTest";
  int threads = 64;
  int32_t message_size = 128;
  // -k: KEYS = the run's start second, as RocketMQ's tool sets it (the broker then indexes every message).
  bool key_enable = false;
  // -c: TAGS = "tag<n % tag_count>"; 0 sends no tag.
  int tag_count = 0;
  // How long the measured window lasts; infinite = until a stop is requested.
  absl::Duration duration = absl::InfiniteDuration();
  // Sends per thread before the clock starts (route lookup, connection set-up); their results are not counted,
  // but a failure among them is reported as the run's first error.
  int prime_per_thread = 0;
  // Called with each per-second line (and nothing else); null prints nothing.
  std::function<void(const std::string&)> on_line;
};

absl::StatusOr<RunResult> RunProducers(const ProducerRunOptions& options, StopSignal* stop);

}  // namespace spool::mqbench
