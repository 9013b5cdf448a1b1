#include "producer_run.h"

#include <atomic>
#include <chrono>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

#include "fmt/format.h"
#include "payload.h"
#include "periodic_ticker.h"
#include "spool/client/message.h"
#include "spool/client/producer.h"

namespace spool::mqbench {
namespace {

using SteadyClock = std::chrono::steady_clock;

int64_t Nanos(SteadyClock::duration d) { return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count(); }

// Transport-level outcomes (no answer) versus an answer that refused the message.
bool IsSendFailure(const absl::Status& s) {
  return absl::IsUnavailable(s) || absl::IsDeadlineExceeded(s) || absl::IsNotFound(s) ||
         absl::IsFailedPrecondition(s) || absl::IsCancelled(s);
}

// State shared by the worker threads of one run.
struct Shared {
  SendStats stats;
  std::atomic<bool> done{false};
  std::mutex error_mu;
  std::string first_error;

  void NoteError(const absl::Status& s) {
    std::lock_guard<std::mutex> lock(error_mu);
    if (first_error.empty()) first_error = s.ToString();
  }
};

client::Message MakeMessage(const ProducerRunOptions& options, int thread) {
  std::string body;
  mqstore::FillBody(static_cast<uint64_t>(thread) + 1, static_cast<size_t>(options.message_size), &body);
  client::Message m(options.topic, std::move(body));
  if (options.key_enable) {
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    m.SetKeys(std::to_string(now_ms / 1000));
  }
  return m;
}

}  // namespace

absl::StatusOr<RunResult> RunProducers(const ProducerRunOptions& options, StopSignal* stop) {
  client::ProducerOptions producer_options;
  producer_options.client = options.client;
  client::Producer producer(options.group, producer_options);
  if (absl::Status s = producer.Start(); !s.ok()) return s;

  Shared shared;
  const size_t threads = static_cast<size_t>(options.threads);
  std::vector<LatencyHistogram> latencies(threads);
  std::vector<RunResult> per_thread(threads);
  std::vector<SteadyClock::time_point> ends(threads);
  std::latch primed(options.threads);
  std::latch go(1);

  auto worker = [&](int t) {
    const size_t ti = static_cast<size_t>(t);
    client::Message m = MakeMessage(options, t);
    for (int i = 0; i < options.prime_per_thread; ++i) {
      absl::StatusOr<client::SendResult> r = producer.Send(m);
      if (!r.ok()) shared.NoteError(r.status());
    }
    primed.count_down();
    go.wait();
    RunResult& mine = per_thread[ti];
    for (uint64_t n = 0; !shared.done.load(std::memory_order_relaxed); ++n) {
      if (options.tag_count > 0) m.SetTags(fmt::format("tag{}", n % static_cast<uint64_t>(options.tag_count)));
      const auto before = SteadyClock::now();
      absl::StatusOr<client::SendResult> r = producer.Send(m);
      const auto after = SteadyClock::now();
      ends[ti] = after;
      if (r.ok()) {
        const int64_t rt = Nanos(after - before);
        ++mine.ok;
        if (r->status != client::SendStatus::kSendOk) ++mine.not_send_ok;
        latencies[ti].Record(rt);
        shared.stats.RecordOk(rt);
      } else if (IsSendFailure(r.status())) {
        ++mine.send_failed;
        shared.stats.RecordSendFailed();
        shared.NoteError(r.status());
      } else {
        ++mine.response_failed;
        shared.stats.RecordResponseFailed();
        shared.NoteError(r.status());
      }
    }
  };

  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (int t = 0; t < options.threads; ++t) pool.emplace_back(worker, t);
  primed.wait();

  const auto start = SteadyClock::now();
  std::unique_ptr<PeriodicTicker> ticker;
  if (options.on_line) {
    ticker = std::make_unique<PeriodicTicker>(
        absl::Seconds(1), [&](double elapsed) { options.on_line(shared.stats.TakeLine(elapsed)); });
  }
  go.count_down();
  (void)stop->WaitFor(options.duration);
  shared.done.store(true, std::memory_order_relaxed);
  for (std::thread& t : pool) t.join();
  if (ticker) ticker->Stop();
  producer.Shutdown();

  RunResult result;
  SteadyClock::time_point last = start;
  for (size_t t = 0; t < threads; ++t) {
    result.ok += per_thread[t].ok;
    result.not_send_ok += per_thread[t].not_send_ok;
    result.send_failed += per_thread[t].send_failed;
    result.response_failed += per_thread[t].response_failed;
    result.rt.Merge(latencies[t]);
    last = std::max(last, ends[t]);
  }
  result.seconds = std::chrono::duration<double>(last - start).count();
  result.first_error = shared.first_error;
  return result;
}

}  // namespace spool::mqbench
