// embedded_queue: Spool as a durable in-process queue.
//
// A producer thread appends numbered messages under SYNC_FLUSH (each acknowledged message is on disk); a consumer
// thread blocks for new messages (no polling), checks that they arrive in order with nothing missing, and commits
// its offset to config/consumerOffset.json after each batch. Kill it at any moment and start it again: the
// producer continues from the last stored message and the consumer from its committed offset, so every message
// is consumed at least once, in order, and none is lost.
//
//   embedded_queue --dir /tmp/q --messages 100000
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "spool/store/consumer_offsets.h"
#include "spool/store/message_store.h"

namespace {

constexpr char kTopic[] = "EmbeddedQueue";
constexpr char kGroup[] = "embedded_consumer";
constexpr int32_t kQueue = 0;

std::string BodyFor(int64_t n) { return "message-" + std::to_string(n); }

int Usage() {
  std::fprintf(stderr, "usage: embedded_queue --dir DIR [--messages N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  int64_t total = 10000;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
      dir = argv[++i];
    } else if (std::strcmp(argv[i], "--messages") == 0 && i + 1 < argc) {
      total = std::atoll(argv[++i]);
    } else {
      return Usage();
    }
  }
  if (dir.empty() || total <= 0) return Usage();

  spool::store::StoreOptions options;
  options.store_path_root_dir = dir;
  options.flush_disk_type = spool::store::FlushDiskType::kSyncFlush;
  options.mapped_file_size_commit_log = 64 << 20;  // small segments: a demo, not a broker
  options.mapped_file_size_consume_queue = 300000 * 20;
  options.max_hash_slot_num = 10000;
  options.max_index_num = 40000;
  auto opened = spool::store::MessageStore::Open(options);
  if (!opened.ok()) {
    std::fprintf(stderr, "embedded_queue: %s\n", std::string(opened.status().message()).c_str());
    return 1;
  }
  spool::store::MessageStore& store = **opened;

  // Resume: messages 0..max-1 are stored already; the consumer starts at its committed offset.
  const int64_t produced_before = store.GetMaxOffsetInQueue(kTopic, kQueue);
  int64_t committed = store.consumer_offsets().Query(kGroup, kTopic, kQueue);
  if (committed < 0) committed = 0;
  std::printf("resuming: %lld messages stored, consumer at offset %lld\n", static_cast<long long>(produced_before),
              static_cast<long long>(committed));
  std::fflush(stdout);

  std::atomic<bool> failed{false};
  std::thread producer([&] {
    for (int64_t n = produced_before; n < total && !failed; ++n) {
      spool::store::Message m;
      m.topic = kTopic;
      m.queue_id = kQueue;
      m.body = BodyFor(n);
      m.properties.Set("KEYS", "n-" + std::to_string(n));
      spool::store::PutResult r = store.PutMessage(m);
      if (!r.ok()) {
        std::fprintf(stderr, "put %lld: %s %s\n", static_cast<long long>(n),
                     std::string(spool::store::ToString(r.status)).c_str(), r.remark.c_str());
        failed = true;
        return;
      }
      if (r.queue_offset != n) {
        std::fprintf(stderr, "put %lld landed at queue offset %lld\n", static_cast<long long>(n),
                     static_cast<long long>(r.queue_offset));
        failed = true;
        return;
      }
    }
  });

  std::thread consumer([&] {
    int64_t next = committed;
    while (next < total && !failed) {
      if (!store.WaitForMessages(kTopic, kQueue, next, absl::Seconds(10))) {
        std::fprintf(stderr, "no message at offset %lld within 10 s\n", static_cast<long long>(next));
        failed = true;
        return;
      }
      spool::store::GetResult got = store.GetMessages({.topic = kTopic, .queue_id = kQueue, .offset = next, .max_messages = 64});
      if (got.status != spool::store::GetMessageStatus::kFound) continue;
      for (size_t i = 0; i < got.messages.size(); ++i) {
        int64_t offset = got.queue_offsets[i];
        if (offset != next || got.messages[i].body != BodyFor(offset)) {
          std::fprintf(stderr, "gap or mismatch: expected message %lld, got offset %lld body '%s'\n",
                       static_cast<long long>(next), static_cast<long long>(offset), got.messages[i].body.c_str());
          failed = true;
          return;
        }
        ++next;
      }
      store.consumer_offsets().Commit(kGroup, kTopic, kQueue, next);
      absl::Status s = store.consumer_offsets().Persist();
      if (!s.ok()) {
        std::fprintf(stderr, "persist offset: %s\n", std::string(s.message()).c_str());
        failed = true;
        return;
      }
      if (next % 1000 < static_cast<int64_t>(got.messages.size()) || next == total) {
        std::printf("consumed up to %lld\n", static_cast<long long>(next));
        std::fflush(stdout);
      }
    }
  });

  producer.join();
  consumer.join();
  absl::Status closed = store.Close();
  if (failed) return 1;
  if (!closed.ok()) {
    std::fprintf(stderr, "close: %s\n", std::string(closed.message()).c_str());
    return 1;
  }
  std::printf("done: %lld messages produced and consumed in order, none missing\n", static_cast<long long>(total));
  return 0;
}
