#include "consumer_run.h"

#include <atomic>
#include <chrono>
#include <memory>

#include "absl/synchronization/mutex.h"
#include "periodic_ticker.h"
#include "spool/client/message.h"
#include "spool/client/push_consumer.h"

namespace spool::mqbench {
namespace {

using SteadyClock = std::chrono::steady_clock;

int64_t SteadyNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now().time_since_epoch()).count();
}

int64_t WallMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// What the listener threads share; outlives the consumer (the consumer is shut down first).
struct Progress {
  ConsumeStats stats;
  std::atomic<int64_t> received{0};
  std::atomic<int64_t> first_ns{0};
  std::atomic<int64_t> last_ns{0};
  absl::Mutex mu;
  LatencyHistogram b2c ABSL_GUARDED_BY(mu);
  LatencyHistogram s2c ABSL_GUARDED_BY(mu);
};

}  // namespace

absl::StatusOr<ConsumeResult> RunConsumer(const ConsumerRunOptions& options, StopSignal* stop) {
  auto progress = std::make_shared<Progress>();
  client::PushConsumerOptions consumer_options;
  consumer_options.client = options.client;
  consumer_options.consume_thread_min = options.threads;
  consumer_options.consume_from_where = options.from_first ? client::ConsumeFromWhere::kConsumeFromFirstOffset
                                                           : client::ConsumeFromWhere::kConsumeFromLastOffset;
  client::PushConsumer consumer(options.group, consumer_options);
  if (absl::Status s = consumer.Subscribe(options.topic, "*"); !s.ok()) return s;

  const int64_t expect = options.expect;
  consumer.RegisterMessageListener([progress, expect, stop](const std::vector<client::MessageExt>& msgs) {
    const int64_t now_ms = WallMillis();
    for (const client::MessageExt& m : msgs) {
      const int64_t b2c = now_ms - m.born_timestamp;
      const int64_t s2c = now_ms - m.store_timestamp;
      progress->stats.Record(b2c, s2c);
      {
        absl::MutexLock lock(&progress->mu);
        progress->b2c.Record(std::max<int64_t>(0, b2c) * 1000000);
        progress->s2c.Record(std::max<int64_t>(0, s2c) * 1000000);
      }
    }
    const int64_t now_ns = SteadyNanos();
    int64_t unset = 0;
    progress->first_ns.compare_exchange_strong(unset, now_ns);
    progress->last_ns.store(now_ns, std::memory_order_relaxed);
    const int64_t before = progress->received.fetch_add(static_cast<int64_t>(msgs.size()));
    if (expect > 0 && before < expect && before + static_cast<int64_t>(msgs.size()) >= expect) stop->Notify();
    return client::ConsumeConcurrentlyStatus::kConsumeSuccess;
  });

  const auto start = SteadyClock::now();
  if (absl::Status s = consumer.Start(); !s.ok()) {
    consumer.Shutdown();
    return s;
  }
  std::unique_ptr<PeriodicTicker> ticker;
  if (options.on_line) {
    ticker = std::make_unique<PeriodicTicker>(
        absl::Seconds(1), [&](double elapsed) { options.on_line(progress->stats.TakeLine(elapsed)); });
  }
  const StopSignal::WaitOutcome outcome = stop->WaitFor(
      options.duration, [&] { return expect > 0 && progress->received.load() >= expect; });
  if (ticker) ticker->Stop();
  consumer.Shutdown();

  ConsumeResult result;
  result.wall_seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  result.received = progress->received.load();
  result.reached_expect = outcome == StopSignal::WaitOutcome::kDone;
  const int64_t first = progress->first_ns.load();
  const int64_t last = progress->last_ns.load();
  result.seconds = first > 0 && last > first ? static_cast<double>(last - first) / 1e9 : 0;
  absl::MutexLock lock(&progress->mu);
  result.b2c = progress->b2c;
  result.s2c = progress->s2c;
  return result;
}

}  // namespace spool::mqbench
