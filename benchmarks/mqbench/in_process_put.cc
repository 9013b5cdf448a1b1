#include "in_process_put.h"

#include <atomic>
#include <chrono>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

#include "fmt/format.h"
#include "payload.h"
#include "spool/store/file_system.h"
#include "spool/store/message.h"
#include "spool/store/topic_config.h"

namespace spool::mqbench {
namespace {

using SteadyClock = std::chrono::steady_clock;

int64_t Nanos(SteadyClock::duration d) { return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count(); }

}  // namespace

absl::StatusOr<std::unique_ptr<store::MessageStore>> OpenFreshStore(const store::StoreOptions& options) {
  if (absl::Status s = store::FileSystem::Default()->DeleteRecursively(options.store_path_root_dir); !s.ok()) {
    return s;
  }
  return store::MessageStore::Open(options);
}

void CreateStoreTopic(store::MessageStore* store, const std::string& topic, int32_t queues) {
  store::TopicConfig config;
  config.topic_name = topic;
  config.read_queue_nums = queues;
  config.write_queue_nums = queues;
  store->topic_config().Upsert(config);
}

void WaitForNextSegment(store::MessageStore* store, StopSignal* stop) {
  const store::StoreOptions& options = store->options();
  const int64_t segment = options.mapped_file_size_commit_log;
  const int64_t written = store->Stats().commit_log_max_offset;
  if (written == 0) return;  // nothing written: no segment exists and none is being prepared
  const int64_t next = (written / segment + 1) * segment;
  // RocketMQ names a segment by its start offset, 20 digits zero-padded.
  const std::string path = store::JoinPath(options.CommitLogDir(), fmt::format("{:020d}", next));
  const auto deadline = SteadyClock::now() + std::chrono::seconds(120);
  while (SteadyClock::now() < deadline && !stop->stopped()) {
    absl::StatusOr<bool> exists = store::FileSystem::Default()->Exists(path);
    if (!exists.ok() || *exists) return;
    // Nothing signals the allocation's end outside the store: poll the directory, off the measured window.
    (void)stop->WaitFor(absl::Milliseconds(10));
  }
}

absl::Status PutOnePerQueue(store::MessageStore* store, const std::string& topic, int32_t queues,
                            int32_t message_size) {
  store::Message m;
  m.topic = topic;
  mqstore::FillBody(0, static_cast<size_t>(message_size), &m.body);
  m.properties.Set(store::kPropertyWaitStoreMsgOk, "true");
  for (int32_t q = 0; q < queues; ++q) {
    m.queue_id = q;
    const store::PutResult r = store->PutMessage(m);
    if (!r.stored()) {
      return absl::InternalError(fmt::format("put to {}:{}: {} {}", topic, q, store::ToString(r.status), r.remark));
    }
  }
  return absl::OkStatus();
}

void WaitForDispatch(store::MessageStore* store, StopSignal* stop) {
  const int64_t written = store->Stats().commit_log_max_offset;
  const auto deadline = SteadyClock::now() + std::chrono::seconds(120);
  while (store->Stats().dispatched_offset < written && SteadyClock::now() < deadline && !stop->stopped()) {
    // The store wakes readers per queue, not "dispatch caught up": poll, off the measured windows.
    (void)stop->WaitFor(absl::Milliseconds(1));
  }
}

RunResult RunInProcessPuts(store::MessageStore* store, const InProcessPutOptions& options, StopSignal* stop) {
  const size_t threads = static_cast<size_t>(options.threads);
  const uint64_t run_id = static_cast<uint64_t>(SteadyClock::now().time_since_epoch().count());
  std::vector<RunResult> per_thread(threads);
  std::vector<SteadyClock::time_point> ends(threads);
  std::atomic<bool> done{false};
  std::mutex error_mu;
  std::string first_error;
  std::latch ready(options.threads);
  std::latch go(1);

  auto worker = [&](int t) {
    const size_t ti = static_cast<size_t>(t);
    store::Message m;
    m.topic = options.topic;
    mqstore::FillBody(static_cast<uint64_t>(t) + 1, static_cast<size_t>(options.message_size), &m.body);
    m.properties.Set(store::kPropertyWaitStoreMsgOk, "true");
    m.properties.Set(store::kPropertyUniqKey, std::string(32, '0'));
    // Rewritten in place per message: no allocation of ours on the measured path.
    std::string& uniq = m.properties[store::kPropertyUniqKey];
    RunResult& mine = per_thread[ti];
    ready.count_down();
    go.wait();
    // At least one put per thread, even with a zero duration (a warm-up that only creates the first segment).
    uint64_t n = 0;
    do {
      mqstore::WriteUniqKey(run_id, (static_cast<uint64_t>(t) << 40) | n, uniq.data());
      m.queue_id = static_cast<int32_t>((static_cast<uint64_t>(t) + n) % static_cast<uint64_t>(options.queues));
      const auto before = SteadyClock::now();
      const store::PutResult r = store->PutMessage(m);
      const auto after = SteadyClock::now();
      ends[ti] = after;
      if (r.stored()) {
        ++mine.ok;
        if (!r.ok()) ++mine.not_send_ok;
        mine.rt.Record(Nanos(after - before));
      } else {
        ++mine.send_failed;
        std::lock_guard<std::mutex> lock(error_mu);
        if (first_error.empty()) first_error = fmt::format("{} {}", store::ToString(r.status), r.remark);
      }
      ++n;
    } while (!done.load(std::memory_order_relaxed));
  };

  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (int t = 0; t < options.threads; ++t) pool.emplace_back(worker, t);
  ready.wait();
  const auto start = SteadyClock::now();
  go.count_down();
  (void)stop->WaitFor(options.duration);
  done.store(true, std::memory_order_relaxed);
  for (std::thread& t : pool) t.join();

  RunResult result;
  SteadyClock::time_point last = start;
  for (size_t t = 0; t < threads; ++t) {
    result.ok += per_thread[t].ok;
    result.not_send_ok += per_thread[t].not_send_ok;
    result.send_failed += per_thread[t].send_failed;
    result.rt.Merge(per_thread[t].rt);
    last = std::max(last, ends[t]);
  }
  result.seconds = std::chrono::duration<double>(last - start).count();
  result.first_error = first_error;
  return result;
}

RunResult ReadBack(store::MessageStore* store, const std::string& topic, int32_t queues, absl::Duration cap) {
  RunResult result;
  const auto start = SteadyClock::now();
  const auto deadline = start + absl::ToChronoNanoseconds(cap);
  auto now = start;
  for (int32_t q = 0; q < queues && now < deadline; ++q) {
    store::GetRequest request;
    request.topic = topic;
    request.queue_id = q;
    request.offset = store->GetMinOffsetInQueue(topic, q);
    request.max_messages = 32;
    request.decode = true;
    const int64_t end = store->GetMaxOffsetInQueue(topic, q);
    while (request.offset < end && now < deadline) {
      const auto before = now;
      store::GetResult got = store->GetMessages(request);
      now = SteadyClock::now();
      result.rt.Record(Nanos(now - before));
      if (got.status != store::GetMessageStatus::kFound || got.messages.empty()) {
        ++result.send_failed;
        if (result.first_error.empty()) {
          result.first_error = fmt::format("GetMessages {}:{} at {}: {}", topic, q, request.offset,
                                           store::ToString(got.status));
        }
        break;
      }
      result.ok += static_cast<int64_t>(got.messages.size());
      request.offset = got.next_begin_offset;
    }
  }
  result.seconds = std::chrono::duration<double>(now - start).count();
  return result;
}

}  // namespace spool::mqbench
