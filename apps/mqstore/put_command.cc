// mqstore put: write N messages through the public store API, from K threads, round-robin over a topic's queues.
//
// Message i goes to queue i % Q with a body of deterministic printable bytes (payload.h: FillBody(i, size)), a
// UNIQ_KEY-like id (UNIQ_KEY) and, with --keys, KEYS=put-<i>. The topic is registered in config/topics.json with Q
// queues if absent.
//
// --acks prints "queueId queueOffset commitLogOffset" for each message as soon as PutMessage returns PUT_OK, each
// line with a single write(2): a process killed at any moment leaves only whole lines for acknowledged messages
// (a torn last line can only be the one being printed), which is what crash tests compare the store against.
// Under SYNC_FLUSH an acknowledged message is durable.
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "commands.h"
#include "fmt/format.h"
#include "log/prepared_message.h"
#include "payload.h"
#include "spool/store/message.h"
#include "spool/store/message_store.h"
#include "spool/store/topic_config.h"

namespace spool::mqstore {
namespace {

constexpr char kCommand[] = "put";
// Failures listed one by one on stderr before only counting them.
constexpr int64_t kFailuresListed = 20;

}  // namespace

CLI::App* AddPutCommand(CLI::App* app, PutFlags* flags) {
  CLI::App* cmd = app->add_subcommand(
      "put", "Write --count messages through the store API (creating the store if needed) and close it cleanly.");
  cmd->add_option("STORE_DIR", flags->store_dir, "store root directory (created if missing)")->required();
  cmd->add_option("--topic", flags->topic, "topic to write")
      ->required()
      ->check(CLI::Validator(
          [](std::string& topic) {
            std::string why;
            return store::internal::IsValidTopic(topic, &why) ? std::string() : why;
          },
          "TOPIC"));
  cmd->add_option("--queues", flags->queues, "queues of the topic; message i goes to queue i % QUEUES")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->add_option("--count", flags->count, "messages to write")->required()->check(CLI::NonNegativeNumber);
  cmd->add_option("--size", flags->size, "body bytes per message")
      ->check(CLI::Range(0, 64 << 20))
      ->capture_default_str();
  cmd->add_option("--flush", flags->flush, "flushDiskType for this run (default: the -c file's, else async)")
      ->check(CLI::IsMember({"sync", "async"}));
  cmd->add_option("--threads", flags->threads, "writer threads")->check(CLI::Range(1, 1024))->capture_default_str();
  cmd->add_flag("--acks", flags->acks,
                "print 'queueId queueOffset commitLogOffset' on stdout as each message is acknowledged (PUT_OK)");
  cmd->add_flag("--keys", flags->keys, "set KEYS=put-<i> on message i (indexed)");
  AddCommonFlags(cmd, &flags->common);
  cmd->footer(
      "Bodies are deterministic printable bytes (the same for the same index and size in every run); each\n"
      "message carries a UNIQ_KEY. Statuses other than PUT_OK are printed on stderr and make the exit code 1;\n"
      "a summary (messages, seconds, msgs/s) goes to stderr.");
  return cmd;
}

int RunPut(const PutFlags& flags) {
  absl::StatusOr<store::StoreOptions> options = LoadOptionsForStore(flags.common, flags.store_dir);
  if (!options.ok()) {
    PrintError(kCommand, options.status().ToString());
    return kExitFailure;
  }
  if (flags.flush == "sync") options->flush_disk_type = store::FlushDiskType::kSyncFlush;
  if (flags.flush == "async") options->flush_disk_type = store::FlushDiskType::kAsyncFlush;

  absl::StatusOr<std::unique_ptr<store::MessageStore>> opened = store::MessageStore::Open(*options);
  if (!opened.ok()) {
    PrintError(kCommand, fmt::format("opening the store: {}", opened.status().ToString()));
    return kExitFailure;
  }
  store::MessageStore& store = **opened;
  auto fail = [&](const std::string& message) {
    PrintError(kCommand, message);
    absl::Status closed = store.Close();
    if (!closed.ok()) PrintError(kCommand, fmt::format("closing the store: {}", closed.ToString()));
    return kExitFailure;
  };

  std::optional<store::TopicConfig> topic = store.topic_config().Find(flags.topic);
  if (!topic) {
    store::TopicConfig config;
    config.topic_name = flags.topic;
    config.read_queue_nums = flags.queues;
    config.write_queue_nums = flags.queues;
    store.topic_config().Upsert(config);
    // Registered durably before the first put, so a killed run leaves a store whose topic is known.
    if (absl::Status s = store.PersistMetadata(); !s.ok()) {
      return fail(fmt::format("registering topic {}: {}", flags.topic, s.ToString()));
    }
  } else if (std::max(topic->read_queue_nums, topic->write_queue_nums) < flags.queues) {
    return fail(fmt::format("topic {} has {} queues in topics.json; --queues {} needs more", flags.topic,
                            std::max(topic->read_queue_nums, topic->write_queue_nums), flags.queues));
  }

  const uint64_t run_id = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> acked{0};
  std::atomic<int64_t> failed{0};
  std::atomic<bool> stop{false};
  std::mutex stderr_mu;
  std::string write_error;  // guarded by stderr_mu

  auto worker = [&]() {
    store::Message m;
    m.topic = flags.topic;
    for (;;) {
      const int64_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= flags.count || stop.load(std::memory_order_relaxed)) break;
      m.queue_id = static_cast<int32_t>(i % flags.queues);
      FillBody(static_cast<uint64_t>(i), static_cast<size_t>(flags.size), &m.body);
      m.properties.Set(store::kPropertyUniqKey, UniqKey(run_id, static_cast<uint64_t>(i)));
      if (flags.keys) m.properties.Set(store::kPropertyKeys, fmt::format("put-{}", i));
      const store::PutResult r = store.PutMessage(m);
      if (r.ok()) {
        acked.fetch_add(1, std::memory_order_relaxed);
        if (flags.acks) {
          char line[96];
          const auto end = fmt::format_to_n(line, sizeof(line), "{} {} {}\n", m.queue_id, r.queue_offset,
                                            r.commit_log_offset);
          if (!WriteStdout(line, end.size)) {
            const int err = errno;
            std::lock_guard<std::mutex> lock(stderr_mu);
            if (write_error.empty()) write_error = fmt::format("writing acks to stdout: {}", std::strerror(err));
            stop = true;
          }
        }
        continue;
      }
      const int64_t n = failed.fetch_add(1, std::memory_order_relaxed);
      if (n < kFailuresListed) {
        std::string message = fmt::format("mqstore put: message {} (queue {}): {}", i, m.queue_id,
                                          store::ToString(r.status));
        if (!r.remark.empty()) message += ": " + r.remark;
        if (r.stored()) message += fmt::format(" (stored at offset {}, not acknowledged)", r.commit_log_offset);
        std::lock_guard<std::mutex> lock(stderr_mu);
        std::fprintf(stderr, "%s\n", message.c_str());
      } else if (n == kFailuresListed) {
        std::lock_guard<std::mutex> lock(stderr_mu);
        std::fprintf(stderr, "mqstore put: further failures are counted, not listed\n");
      }
    }
  };

  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < flags.threads; ++t) threads.emplace_back(worker);
  for (std::thread& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const int64_t ok = acked.load();
  std::fprintf(stderr, "mqstore put: %" PRId64 " messages put, %" PRId64 " failed, in %.3f s: %.0f msgs/s, %.2f MiB/s of bodies\n",
               ok, failed.load(), seconds, seconds > 0 ? static_cast<double>(ok) / seconds : 0.0,
               seconds > 0 ? static_cast<double>(ok) * flags.size / seconds / (1 << 20) : 0.0);

  absl::Status closed = store.Close();
  if (!write_error.empty()) PrintError(kCommand, write_error);
  if (!closed.ok()) {
    PrintError(kCommand, fmt::format("closing the store: {}", closed.ToString()));
    return kExitFailure;
  }
  if (failed.load() > 0 || !write_error.empty()) return kExitFailure;
  return kExitOk;
}

}  // namespace spool::mqstore
