// mqbench loopback: the broker's network path priced against its own store, in one run. For each flush mode:
//  1. in-process: a fresh store in D/inproc-<mode> with the broker's StoreOptions; a warm-up (first segment
//     created and pre-faulted, the next one pre-allocated), then for each thread count T a fresh topic, T threads
//     putting synchronously for S seconds, and the same messages read back through GetMessages (the read rate a
//     consumer's pulls are served at);
//  2. over loopback: a NameServer and a Broker (fresh store in D/broker-<mode>, same StoreOptions) on 127.0.0.1,
//     the same warm-up through the SDK, then for each T a fresh topic, T SDK producer threads for S seconds, and a
//     push consumer (from the first offset) consuming everything the row produced;
//  3. one table row per (mode, T): store put/s, broker send TPS and their ratio, RT of both, consume TPS beside the
//     store's read rate.
// Windows are measured after the warm-up and after the next segment exists, as a long-running broker would be.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "consumer_run.h"
#include "fmt/format.h"
#include "in_process_put.h"
#include "loopback_cluster.h"
#include "mqbench_commands.h"
#include "producer_run.h"
#include "spdlog/spdlog.h"
#include "spool/broker/broker_config.h"
#include "spool/store/file_system.h"
#include "spool/store/options.h"
#include "system_info.h"

namespace spool::mqbench {
namespace {

constexpr char kCommand[] = "loopback";
constexpr char kWarmupTopic[] = "BenchmarkWarmup";

struct Row {
  std::string mode;  // ASYNC / SYNC
  int threads = 0;
  RunResult store_put;
  RunResult store_read;
  RunResult broker_send;
  std::optional<ConsumeResult> consume;
  int64_t produced = 0;  // messages in the row's topic on the broker (timed sends and priming)
};

std::string RowTopic(int threads) { return fmt::format("BenchmarkTest_{}t", threads); }

// Everything the run needs beyond the flags.
struct Context {
  const LoopbackFlags& flags;
  StopSignal* stop;
  broker::BrokerConfig config;
};

void Out(const std::string& line) {
  std::fputs(line.c_str(), stdout);
  std::fflush(stdout);
}

std::function<void(const std::string&)> LinePrinter(const Context& ctx, const std::string& prefix) {
  if (ctx.flags.quiet) return nullptr;
  return [prefix](const std::string& line) { Out(fmt::format("  [{}] {}\n", prefix, line)); };
}

void PrintHeader(const Context& ctx) {
  const mqstore::SystemInfo info = mqstore::CollectSystemInfo(ctx.flags.dir);
  const store::StoreOptions& so = ctx.config.store;
  Out(fmt::format("mqbench loopback   {}\n", info.date));
  Out(fmt::format("CPU:      {} ({} cores)\nKernel:   {}\n", info.cpu_model, info.cores, info.kernel));
  Out(fmt::format("Dir:      {} ({})\n", ctx.flags.dir, info.file_system));
  Out(fmt::format("Build:    {}, assertions {}\n", info.optimized ? "optimized" : "NOT optimized",
                  info.assertions ? "ON" : "off"));
  Out(fmt::format("Store:    {} MiB commit-log segments, flushIntervalCommitLog {} ms, syncFlushTimeout {} ms\n",
                  so.mapped_file_size_commit_log >> 20, so.flush_interval_commit_log, so.sync_flush_timeout));
  Out(fmt::format("Broker:   sendMessageThreadPoolNums {}, pullMessageThreadPoolNums {}, serverSelectorThreads {}\n",
                  ctx.config.send_message_thread_pool_nums, ctx.config.pull_message_thread_pool_nums,
                  ctx.config.server_selector_threads));
  Out(fmt::format("Rows:     {} B bodies, {} queues, {} s per window after a {} s warm-up; consumer: {} threads\n",
                  ctx.flags.message_size, ctx.flags.queues, ctx.flags.seconds, ctx.flags.warmup,
                  ctx.flags.consume_threads));
  if (!info.optimized) {
    std::fprintf(stderr, "WARNING: mqbench was compiled without optimization; these numbers are not meaningful\n");
  }
  if (info.assertions) std::fprintf(stderr, "WARNING: assertions are enabled (NDEBUG not defined)\n");
}

void PrintTable(const std::vector<Row>& rows) {
  Out("\nRT in µs (put / send round trip). ratio = broker send TPS / store put/s; consume ratio = consume TPS / "
      "store read/s.\n");
  Out(fmt::format("{:<5} {:>3} | {:>10} {:>8} {:>8} {:>9} | {:>10} {:>8} {:>8} {:>9} | {:>6} | {:>10} {:>12} {:>6}\n",
                  "mode", "thr", "store put/s", "avg", "p99", "max", "broker TPS", "avg", "p99", "max", "ratio",
                  "consume/s", "store read/s", "ratio"));
  for (const Row& r : rows) {
    const double put = r.store_put.per_second();
    const double send = r.broker_send.per_second();
    const double read = r.store_read.per_second();
    std::string consume = "-";
    std::string consume_ratio = "-";
    if (r.consume) {
      consume = fmt::format("{:.0f}", r.consume->per_second());
      if (read > 0) consume_ratio = fmt::format("{:.3f}", r.consume->per_second() / read);
    }
    Out(fmt::format(
        "{:<5} {:>3} | {:>10.0f} {:>8.1f} {:>8.1f} {:>9.1f} | {:>10.0f} {:>8.1f} {:>8.1f} {:>9.1f} | {:>6.3f} | {:>10} "
        "{:>12.0f} {:>6}\n",
        r.mode, r.threads, put, r.store_put.rt.MeanMicros(), r.store_put.rt.PercentileMicros(99),
        r.store_put.rt.MaxMicros(), send, r.broker_send.rt.MeanMicros(),
        r.broker_send.rt.PercentileMicros(99), r.broker_send.rt.MaxMicros(), put > 0 ? send / put : 0,
        consume, read, consume_ratio));
  }
  for (const Row& r : rows) {
    const std::string label = fmt::format("{} {} thr", r.mode, r.threads);
    auto note = [&](const char* what, const RunResult& x) {
      if (x.failed() > 0 || x.not_send_ok > 0) {
        Out(fmt::format("  note: {} {}: {} failed, {} stored but not OK; first error: {}\n", label, what, x.failed(),
                        x.not_send_ok, x.first_error.empty() ? "-" : x.first_error));
      }
    };
    note("store put", r.store_put);
    note("store read", r.store_read);
    note("broker send", r.broker_send);
    if (r.consume && !r.consume->reached_expect) {
      Out(fmt::format("  note: {} consume: {} of {} messages arrived before the deadline\n", label,
                      r.consume->received, r.produced));
    }
  }
}

// The in-process half of a mode: fills store_put and store_read of `rows` (one per thread count).
absl::Status RunInProcess(const Context& ctx, const store::StoreOptions& options, std::vector<Row>* rows) {
  absl::StatusOr<std::unique_ptr<store::MessageStore>> opened = OpenFreshStore(options);
  if (!opened.ok()) return opened.status();
  std::unique_ptr<store::MessageStore> store = *std::move(opened);
  const int max_threads = *std::max_element(ctx.flags.threads.begin(), ctx.flags.threads.end());

  CreateStoreTopic(store.get(), kWarmupTopic, ctx.flags.queues);
  InProcessPutOptions warm{.topic = kWarmupTopic, .queues = ctx.flags.queues, .threads = max_threads,
                           .message_size = ctx.flags.message_size, .duration = absl::Seconds(ctx.flags.warmup)};
  // Even with --warmup 0 each thread puts once: that creates the first segment.
  const RunResult warmed = RunInProcessPuts(store.get(), warm, ctx.stop);
  absl::Status status;
  if (warmed.ok == 0) status = absl::InternalError("warm-up: every put failed: " + warmed.first_error);
  for (Row& row : *rows) {
    if (!status.ok() || ctx.stop->stopped()) break;
    const std::string topic = RowTopic(row.threads);
    CreateStoreTopic(store.get(), topic, ctx.flags.queues);
    // One message per queue before the window, as the broker rows' priming sends.
    if (status = PutOnePerQueue(store.get(), topic, ctx.flags.queues, ctx.flags.message_size); !status.ok()) break;
    WaitForNextSegment(store.get(), ctx.stop);
    InProcessPutOptions put{.topic = topic, .queues = ctx.flags.queues, .threads = row.threads,
                            .message_size = ctx.flags.message_size, .duration = absl::Seconds(ctx.flags.seconds)};
    row.store_put = RunInProcessPuts(store.get(), put, ctx.stop);
    // Dispatch (ConsumeQueue building) runs behind the puts; read only once it has caught up.
    WaitForDispatch(store.get(), ctx.stop);
    row.store_read = ReadBack(store.get(), topic, ctx.flags.queues, absl::Seconds(std::max(ctx.flags.seconds, 1.0)));
    Out(fmt::format("  [{} {:>2} thr store] put: {}\n", row.mode, row.threads, FormatSummary(row.store_put, /*in_process=*/true)));
  }
  const std::string root = store->options().store_path_root_dir;
  if (absl::Status closed = store->Close(); !closed.ok() && status.ok()) status = closed;
  store.reset();
  if (!ctx.flags.keep) {
    if (absl::Status s = store::FileSystem::Default()->DeleteRecursively(root); !s.ok() && status.ok()) status = s;
  }
  return status;
}

// Sum of the max offsets of the topic's queues: every message the broker stored in it.
int64_t StoredMessages(LoopbackCluster& cluster, const std::string& topic, int queues) {
  int64_t total = 0;
  for (int q = 0; q < queues; ++q) total += cluster.broker().store()->GetMaxOffsetInQueue(topic, q);
  return total;
}

// The loopback half of a mode: fills broker_send, consume and produced of `rows`.
absl::Status RunOverLoopback(const Context& ctx, const std::string& dir, store::FlushDiskType mode,
                             std::vector<Row>* rows) {
  if (absl::Status s = store::FileSystem::Default()->DeleteRecursively(dir); !s.ok()) return s;
  broker::BrokerConfig config = ctx.config;
  config.store.flush_disk_type = mode;
  absl::StatusOr<std::unique_ptr<LoopbackCluster>> started = LoopbackCluster::Start(config, dir);
  if (!started.ok()) return started.status();
  std::unique_ptr<LoopbackCluster> cluster = *std::move(started);
  const int max_threads = *std::max_element(ctx.flags.threads.begin(), ctx.flags.threads.end());
  client::ClientConfig client;
  client.namesrv_addr = cluster->namesrv_addr();
  client.client_ip = "127.0.0.1";

  absl::Status status;
  if (status = cluster->CreateTopic(kWarmupTopic, ctx.flags.queues); status.ok()) {
    ProducerRunOptions warm;
    warm.client = client;
    warm.topic = kWarmupTopic;
    warm.threads = max_threads;
    warm.message_size = ctx.flags.message_size;
    warm.prime_per_thread = 1;
    warm.duration = absl::Seconds(std::max(ctx.flags.warmup, 0.0));
    absl::StatusOr<RunResult> r = RunProducers(warm, ctx.stop);
    if (!r.ok()) {
      status = r.status();
    } else if (r->ok == 0 && r->failed() > 0) {
      status = absl::UnavailableError("warm-up: every send failed; first error: " + r->first_error);
    }
  }
  for (Row& row : *rows) {
    if (!status.ok() || ctx.stop->stopped()) break;
    const std::string topic = RowTopic(row.threads);
    if (status = cluster->CreateTopic(topic, ctx.flags.queues); !status.ok()) break;
    WaitForNextSegment(cluster->broker().store(), ctx.stop);
    const std::string label = fmt::format("{} {:>2} thr", row.mode, row.threads);
    ProducerRunOptions send;
    send.client = client;
    send.topic = topic;
    send.threads = row.threads;
    send.message_size = ctx.flags.message_size;
    // Enough untimed sends to touch every queue once (the producer round-robins over them).
    send.prime_per_thread = (ctx.flags.queues + row.threads - 1) / row.threads;
    send.duration = absl::Seconds(ctx.flags.seconds);
    send.on_line = LinePrinter(ctx, label + " send");
    absl::StatusOr<RunResult> sent = RunProducers(send, ctx.stop);
    if (!sent.ok()) {
      status = sent.status();
      break;
    }
    row.broker_send = *std::move(sent);
    Out(fmt::format("  [{} send] {}\n", label, FormatSummary(row.broker_send)));
    row.produced = StoredMessages(*cluster, topic, ctx.flags.queues);
    if (ctx.flags.no_consume || ctx.stop->stopped() || row.produced == 0) continue;

    ConsumerRunOptions consume;
    consume.client = client;
    consume.group = fmt::format("benchmark_consumer_{}_{}t", row.mode, row.threads);
    consume.topic = topic;
    consume.threads = ctx.flags.consume_threads;
    consume.from_first = true;
    consume.expect = row.produced;
    consume.duration = absl::Seconds(std::max(60.0, 10 * ctx.flags.seconds));
    consume.on_line = LinePrinter(ctx, label + " consume");
    absl::StatusOr<ConsumeResult> consumed = RunConsumer(consume, ctx.stop);
    if (!consumed.ok()) {
      status = consumed.status();
      break;
    }
    row.consume = *std::move(consumed);
    Out(fmt::format("  [{} consume] {} of {} messages, {:.0f} msgs/s (first to last message, {:.2f} s; {:.2f} s "
                    "from the consumer's start)\n",
                    label, row.consume->received, row.produced, row.consume->per_second(), row.consume->seconds,
                    row.consume->wall_seconds));
  }
  cluster->Shutdown();
  cluster.reset();
  if (!ctx.flags.keep) {
    if (absl::Status s = store::FileSystem::Default()->DeleteRecursively(dir); !s.ok() && status.ok()) status = s;
  }
  return status;
}

// The directory is usable: it exists (or can be created) and we can write in it.
absl::Status CheckDir(const std::string& dir) {
  if (absl::Status s = store::FileSystem::Default()->CreateDirs(dir); !s.ok()) return s;
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    return absl::PermissionDeniedError(fmt::format("{}: not writable", dir));
  }
  return absl::OkStatus();
}

}  // namespace

CLI::App* AddLoopbackCommand(CLI::App* app, LoopbackFlags* flags) {
  CLI::App* cmd = app->add_subcommand(
      "loopback",
      "Broker send/consume over 127.0.0.1 (in-process name server + broker, SDK clients) beside the store's own "
      "in-process put and read rates, from the same run and directory.");
  cmd->add_option("--dir", flags->dir,
                  "directory to run in (created if missing); only its inproc-<mode> and broker-<mode> "
                  "sub-directories are written, and removed at the end unless --keep")
      ->capture_default_str();
  cmd->add_option("--size", flags->message_size, "message body size in bytes")
      ->check(CLI::Range(1, 4 << 20))
      ->capture_default_str();
  cmd->add_option("--threads", flags->threads, "producer / writer thread counts")
      ->delimiter(',')
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--flush", flags->flush, "flush modes (flushDiskType)")
      ->delimiter(',')
      ->check(CLI::IsMember({"async", "sync"}))
      ->capture_default_str();
  cmd->add_option("--seconds", flags->seconds, "length of each measured window")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  cmd->add_option("--warmup", flags->warmup, "seconds of unmeasured sends/puts before the first window of a store")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  cmd->add_option("--queues", flags->queues, "queues of each benchmark topic")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->add_option("--consume-threads", flags->consume_threads, "push consumer threads (consumeThreadMin)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->add_flag("--no-consume", flags->no_consume, "skip the consume phase");
  cmd->add_flag("--keep", flags->keep, "keep the stores for inspection");
  cmd->add_flag("-q,--quiet", flags->quiet, "no per-second lines");
  cmd->add_option("-c,--configFile", flags->config_path,
                  "broker.properties (broker, remoting and store keys: mappedFileSizeCommitLog, thread pools, ...); "
                  "flushDiskType, ports, addresses and store paths are set by the run")
      ->check(CLI::ExistingFile);
  cmd->add_flag("-v,--verbose", flags->verbose, "library logs at info on stderr (default warn)");
  cmd->footer(
      "Segments are RocketMQ's 1 GiB unless -c says otherwise: the warm-up creates and pre-faults the first one and\n"
      "each window waits for the next to be pre-allocated, so about 2 segments of disk per store are needed.");
  return cmd;
}

int RunLoopbackCommand(const LoopbackFlags& flags, StopSignal* stop) {
  store::FileSystem* fs = store::FileSystem::Default();
  absl::StatusOr<bool> existed = fs->Exists(flags.dir);
  if (!existed.ok()) {
    PrintError(kCommand, fmt::format("--dir {}: {}", flags.dir, existed.status().ToString()));
    return kExitFailure;
  }
  if (absl::Status s = CheckDir(flags.dir); !s.ok()) {
    PrintError(kCommand, fmt::format("--dir {}: {}", flags.dir, s.ToString()));
    return kExitFailure;
  }
  std::vector<std::string> created;  // sub-directories to remove at the end
  auto cleanup = [&]() {
    if (flags.keep) return;
    for (const std::string& d : created) (void)fs->DeleteRecursively(d);
    absl::StatusOr<std::vector<std::string>> left = fs->ListDir(flags.dir);
    if (!*existed && left.ok() && left->empty()) (void)fs->DeleteRecursively(flags.dir);
  };

  Context ctx{flags, stop, broker::DefaultBrokerConfig()};
  if (!flags.config_path.empty()) {
    absl::StatusOr<store::Properties> props = store::LoadPropertiesFile(flags.config_path);
    std::vector<std::string> unknown;
    absl::Status s = props.ok() ? broker::ApplyBrokerProperties(*props, &ctx.config, &unknown) : props.status();
    if (s.ok()) s = broker::ValidateBrokerConfig(ctx.config);
    if (!s.ok()) {
      cleanup();
      PrintError(kCommand, fmt::format("-c {}: {}", flags.config_path, std::string(s.message())));
      return kExitFailure;
    }
    for (const std::string& key : unknown) spdlog::warn("{}: unknown key {} ignored", flags.config_path, key);
  }
  const int64_t segment = ctx.config.store.mapped_file_size_commit_log;
  if (absl::StatusOr<store::DiskUsage> usage = fs->GetDiskUsage(flags.dir); usage.ok()) {
    const uint64_t needed = static_cast<uint64_t>(2 * segment + (256 << 20));
    if (usage->available_bytes < needed) {
      cleanup();
      PrintError(kCommand, fmt::format("{} has {} MiB free; a store needs about {} MiB (two {} MiB segments and its "
                                       "queues). Pass -c with a smaller mappedFileSizeCommitLog.",
                                       flags.dir, usage->available_bytes >> 20, needed >> 20, segment >> 20));
      return kExitFailure;
    }
  }

  PrintHeader(ctx);
  std::vector<Row> all_rows;
  for (const std::string& mode_name : flags.flush) {
    const bool sync = mode_name == "sync";
    const store::FlushDiskType mode = sync ? store::FlushDiskType::kSyncFlush : store::FlushDiskType::kAsyncFlush;
    std::vector<Row> rows;
    for (int t : flags.threads) rows.push_back(Row{.mode = sync ? "SYNC" : "ASYNC", .threads = t});

    const std::string inproc_dir = store::JoinPath(flags.dir, "inproc-" + mode_name);
    const std::string broker_dir = store::JoinPath(flags.dir, "broker-" + mode_name);
    created.push_back(inproc_dir);
    created.push_back(broker_dir);
    store::StoreOptions inproc = ctx.config.store;
    inproc.store_path_root_dir = inproc_dir;
    inproc.store_path_commit_log.clear();
    inproc.flush_disk_type = mode;
    Out(fmt::format("\n{}_FLUSH: in-process store in {}\n", sync ? "SYNC" : "ASYNC", inproc_dir));
    if (absl::Status s = RunInProcess(ctx, inproc, &rows); !s.ok()) {
      cleanup();
      PrintError(kCommand, fmt::format("in-process {}: {}", mode_name, s.ToString()));
      return kExitFailure;
    }
    if (stop->stopped()) break;
    Out(fmt::format("{}_FLUSH: broker over loopback, store in {}\n", sync ? "SYNC" : "ASYNC", broker_dir));
    if (absl::Status s = RunOverLoopback(ctx, broker_dir, mode, &rows); !s.ok()) {
      cleanup();
      PrintError(kCommand, fmt::format("loopback {}: {}", mode_name, s.ToString()));
      return kExitFailure;
    }
    if (stop->stopped()) break;
    all_rows.insert(all_rows.end(), rows.begin(), rows.end());
  }
  if (stop->stopped()) {
    cleanup();
    PrintError(kCommand, fmt::format("interrupted by signal {}; stores removed", stop->signal_number()));
    return kExitInterrupted;
  }
  PrintTable(all_rows);
  cleanup();
  return kExitOk;
}

}  // namespace spool::mqbench
