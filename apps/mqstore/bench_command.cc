// mqstore bench: the disk-tuning harness. Each put row opens a fresh store, puts for S seconds from K threads
// through the public API, and is compared with a raw baseline measured right after it, in the same run, on the same
// directory (baselines.h):
//  - ASYNC_FLUSH rows: one thread memcpy'ing records of the row's record size into a pre-faulted mapped file;
//  - SYNC_FLUSH rows: K records per fdatasync (K = the row's writer count) with pwrite into a pre-written file,
//    so the ratio shows what group commit makes of K concurrent writers; also store p99 / fdatasync p99.
// The read row writes 1 KiB messages, reads them back through MessageStore::GetMessages (32 per call, no
// decoding) from the page cache, beside a baseline copying the same records through a bare 20-byte index.
//
// Before each put row is timed, one message is put (creating the first segment) and the harness waits until the
// store's background pre-allocation of the next segment has finished (the file appears under its final name):
// otherwise writing a segment's worth of zeros would compete with the measured window. A segment roll during the
// window is measured as it comes.
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <latch>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "baselines.h"
#include "commands.h"
#include "fmt/format.h"
#include "json_line.h"
#include "latency_histogram.h"
#include "log/mapped_file.h"
#include "payload.h"
#include "spdlog/spdlog.h"
#include "spool/store/file_system.h"
#include "spool/store/message.h"
#include "spool/store/message_store.h"
#include "spool/store/topic_config.h"
#include "store_walker.h"
#include "system_info.h"

namespace spool::mqstore {
namespace {

constexpr char kCommand[] = "bench";
// Names inside --dir that the harness owns: removed before and after use, nothing else is touched.
constexpr char kStoreName[] = "mqstore-bench-store";
constexpr char kBaselineName[] = "mqstore-bench-baseline.dat";
constexpr char kPutTopic[] = "BenchTopic";
constexpr char kReadTopic[] = "BenchRead";
constexpr int32_t kPutQueues = 8;
constexpr int kReadBatch = 32;
constexpr int32_t kReadSize = 1024;
constexpr int64_t kMaxBaselineFile = int64_t{1} << 30;

using SteadyClock = std::chrono::steady_clock;

int64_t Nanos(SteadyClock::duration d) { return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count(); }
SteadyClock::duration Seconds(double s) {
  return std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(s));
}
double Mib(double bytes) { return bytes / (1 << 20); }

// What one store row measured.
struct StoreRun {
  int64_t ok = 0;
  int64_t errors = 0;
  std::string first_error;
  double seconds = 0;
  int32_t record_size = 0;
  int64_t bytes = 0;  // body bytes (put) or record bytes (read) moved
  LatencyHistogram latency;
  double per_second() const { return seconds > 0 ? static_cast<double>(ok) / seconds : 0; }
};

// A printed row: the median store run and the median baseline run of its repeats.
struct Row {
  std::string kind;  // "put" or "read"
  std::string mode;  // ASYNC_FLUSH / SYNC_FLUSH / - (read)
  int32_t size = 0;
  int threads = 0;
  StoreRun store;
  BaselineResult baseline;
  std::string baseline_name;
  bool sync = false;
  double spread_pct = -1;  // (max - min) / median of the store's msgs/s over repeats; < 0 with one run
};

struct Output {
  bool json = false;

  void Line(const std::string& text) {
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);
  }

  void Header(const SystemInfo& info, const std::string& dir, const store::StoreOptions& options,
              const BenchFlags& flags) {
    if (json) {
      JsonLine line;
      line.AddString("kind", "environment")
          .AddString("date", info.date)
          .AddString("cpu", info.cpu_model)
          .AddInt("cores", info.cores)
          .AddString("kernel", info.kernel)
          .AddString("dir", dir)
          .AddString("fileSystem", info.file_system)
          .AddBool("optimized", info.optimized)
          .AddBool("assertions", info.assertions)
          .AddInt("segmentSize", options.mapped_file_size_commit_log)
          .AddDouble("secondsPerRow", flags.seconds)
          .AddInt("repeat", flags.repeat);
      Line(line.Finish());
    } else {
      Line(fmt::format("mqstore bench   {}\n", info.date));
      Line(fmt::format("CPU:      {} ({} cores)\nKernel:   {}\n", info.cpu_model, info.cores, info.kernel));
      Line(fmt::format("Dir:      {} ({})\nSegment:  {} MiB commit-log segments\n", dir, info.file_system,
                       options.mapped_file_size_commit_log >> 20));
      Line(fmt::format("Build:    {}, assertions {}\n", info.optimized ? "optimized" : "NOT optimized",
                       info.assertions ? "ON" : "off"));
      Line(fmt::format("Rows:     {} s of store puts/gets, then {} s of baseline{}\n", flags.seconds, flags.seconds,
                       flags.repeat > 1 ? fmt::format(", median of {} runs", flags.repeat) : ""));
      Line("Latency:  per put (per 32-message get for the read row), µs; ratio = store msgs/s / baseline msgs/s\n\n");
      Line(fmt::format("{:<6} {:>5} {:>3} {:>10} {:>8} {:>8} {:>8} {:>9} | {:<13} {:>11} {:>6} | {:>11} {:>7}\n",
                       "mode", "size", "thr", "msgs/s", "MiB/s", "p50", "p99", "p999", "baseline", "base msg/s",
                       "ratio", "base p99", "p99 x"));
    }
    if (!info.optimized) {
      std::fprintf(stderr, "WARNING: mqstore was compiled without optimization; these numbers are not meaningful\n");
    }
    if (info.assertions) std::fprintf(stderr, "WARNING: assertions are enabled (NDEBUG not defined)\n");
  }

  void Print(const Row& row) {
    const double msgs = row.store.per_second();
    const double base = row.baseline.records_per_second();
    const double ratio = base > 0 ? msgs / base : 0;
    const double base_p99 = row.baseline.latency.PercentileMicros(99);
    const double p99 = row.store.latency.PercentileMicros(99);
    const double mib = row.store.seconds > 0 ? Mib(static_cast<double>(row.store.bytes)) / row.store.seconds : 0;
    if (json) {
      JsonLine line;
      line.AddString("kind", row.kind)
          .AddString("mode", row.mode)
          .AddInt("size", row.size)
          .AddInt("threads", row.threads)
          .AddInt("recordSize", row.store.record_size)
          .AddDouble("seconds", row.store.seconds)
          .AddInt("msgs", row.store.ok)
          .AddInt("errors", row.store.errors)
          .AddDouble("msgsPerSec", msgs, 1)
          .AddDouble("mibPerSec", mib, 2)
          .AddDouble("p50Us", row.store.latency.PercentileMicros(50), 1)
          .AddDouble("p99Us", p99, 1)
          .AddDouble("p999Us", row.store.latency.PercentileMicros(99.9), 1)
          .AddString("baseline", row.baseline_name)
          .AddDouble("baselineMsgsPerSec", base, 1)
          .AddDouble("ratio", ratio, 4);
      if (row.sync || row.kind == "read") {
        line.AddDouble("baselineP99Us", base_p99, 1).AddDouble("p99Ratio", base_p99 > 0 ? p99 / base_p99 : 0, 3);
      }
      if (row.spread_pct >= 0) line.AddDouble("spreadPct", row.spread_pct, 1);
      Line(line.Finish());
    } else {
      std::string tail;
      if (row.sync || row.kind == "read") {
        tail = fmt::format(" | {:>11.1f} {:>7.2f}", base_p99, base_p99 > 0 ? p99 / base_p99 : 0);
      }
      if (row.spread_pct >= 0) tail += fmt::format("  spread {:.1f}%", row.spread_pct);
      if (row.store.errors > 0) {
        tail += fmt::format("  ({} errors: {})", row.store.errors, row.store.first_error);
      }
      Line(fmt::format("{:<6} {:>5} {:>3} {:>10.0f} {:>8.2f} {:>8.1f} {:>8.1f} {:>9.1f} | {:<13} {:>11.0f} {:>6.3f}{}\n",
                       row.kind == "read" ? "READ" : row.mode.substr(0, row.mode.find('_')), row.size, row.threads,
                       msgs, mib, row.store.latency.PercentileMicros(50), p99,
                       row.store.latency.PercentileMicros(99.9), row.baseline_name, base, ratio, tail));
    }
  }
};

// Waits (polling the directory, off the measured window) until the store's pre-allocation service has finished
// building the segment at `offset`. Gives up quietly after a while: the row is then measured with it running.
void WaitForPreallocatedSegment(store::FileSystem* fs, const store::StoreOptions& options, int64_t offset) {
  const std::string path = store::JoinPath(options.CommitLogDir(), store::internal::OffsetToFileName(offset));
  const auto deadline = SteadyClock::now() + std::chrono::seconds(120);
  while (SteadyClock::now() < deadline) {
    absl::StatusOr<bool> exists = fs->Exists(path);
    if (!exists.ok() || *exists) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  spdlog::warn("bench: segment {} was not pre-allocated within 120 s; measuring anyway", path);
}

absl::StatusOr<std::unique_ptr<store::MessageStore>> OpenFresh(const store::StoreOptions& options,
                                                                const std::string& topic, int32_t queues) {
  store::FileSystem* fs = store::FileSystem::Default();
  if (absl::Status s = fs->DeleteRecursively(options.store_path_root_dir); !s.ok()) return s;
  absl::StatusOr<std::unique_ptr<store::MessageStore>> store = store::MessageStore::Open(options);
  if (!store.ok()) return store.status();
  store::TopicConfig config;
  config.topic_name = topic;
  config.read_queue_nums = queues;
  config.write_queue_nums = queues;
  (*store)->topic_config().Upsert(config);
  return store;
}

absl::Status CloseAndDelete(std::unique_ptr<store::MessageStore> store) {
  const std::string dir = store->options().store_path_root_dir;
  absl::Status closed = store->Close();
  store.reset();
  absl::Status deleted = store::FileSystem::Default()->DeleteRecursively(dir);
  return closed.ok() ? deleted : closed;
}

absl::StatusOr<StoreRun> RunPutRow(const store::StoreOptions& base, store::FlushDiskType mode, int32_t size,
                                   int threads, double seconds) {
  store::StoreOptions options = base;
  options.flush_disk_type = mode;
  absl::StatusOr<std::unique_ptr<store::MessageStore>> opened = OpenFresh(options, kPutTopic, kPutQueues);
  if (!opened.ok()) return opened.status();
  std::unique_ptr<store::MessageStore> store = *std::move(opened);

  StoreRun run;
  {
    store::Message warm;
    warm.topic = kPutTopic;
    FillBody(0, static_cast<size_t>(size), &warm.body);
    warm.properties.Set(store::kPropertyTags, "TagA");
    warm.properties.Set(store::kPropertyUniqKey, std::string(32, '0'));
    store::PutResult r = store->PutMessage(warm);
    if (!r.ok()) {
      std::string why = fmt::format("warm-up put: {} {}", store::ToString(r.status), r.remark);
      (void)CloseAndDelete(std::move(store));
      return absl::InternalError(why);
    }
    run.record_size = r.total_size;
  }
  WaitForPreallocatedSegment(store::FileSystem::Default(), store->options(),
                             store->options().mapped_file_size_commit_log);
  // SYNC rows start with nothing dirty, so their syncs write only their own data. ASYNC rows must not sync here:
  // the store pre-faulted its segments writable (dirty), and writing them back would make every page fault again on
  // its first put, which a running broker only sees for segments older than the kernel's dirty expiry.
  if (mode == store::FlushDiskType::kSyncFlush) {
    if (absl::Status s = SyncFileSystem(store->options().store_path_root_dir); !s.ok()) {
      (void)CloseAndDelete(std::move(store));
      return s;
    }
  }

  const uint64_t run_id = static_cast<uint64_t>(SteadyClock::now().time_since_epoch().count());
  std::vector<LatencyHistogram> latencies(static_cast<size_t>(threads));
  std::vector<int64_t> oks(static_cast<size_t>(threads)), errors(static_cast<size_t>(threads));
  std::vector<SteadyClock::time_point> ends(static_cast<size_t>(threads));
  std::latch go(1);
  SteadyClock::time_point deadline;  // written before go.count_down(), read after go.wait()
  std::mutex error_mu;
  std::string first_error;

  auto worker = [&](int t) {
    const size_t ti = static_cast<size_t>(t);
    store::Message m;
    m.topic = kPutTopic;
    FillBody(static_cast<uint64_t>(t) + 1, static_cast<size_t>(size), &m.body);
    m.properties.Set(store::kPropertyTags, "TagA");
    m.properties.Set(store::kPropertyUniqKey, std::string(32, '0'));
    // Rewritten in place per message: no allocation of ours on the measured path.
    std::string& uniq = m.properties[store::kPropertyUniqKey];
    LatencyHistogram& latency = latencies[ti];
    go.wait();
    for (uint64_t n = 0;; ++n) {
      WriteUniqKey(run_id, (static_cast<uint64_t>(t) << 40) | n, uniq.data());
      m.queue_id = static_cast<int32_t>((static_cast<uint64_t>(t) + n) % kPutQueues);
      const auto before = SteadyClock::now();
      const store::PutResult r = store->PutMessage(m);
      const auto after = SteadyClock::now();
      latency.Record(Nanos(after - before));
      if (r.ok()) {
        ++oks[ti];
      } else {
        ++errors[ti];
        std::lock_guard<std::mutex> lock(error_mu);
        if (first_error.empty()) first_error = fmt::format("{} {}", store::ToString(r.status), r.remark);
      }
      if (after >= deadline) {
        ends[ti] = after;
        break;
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker, t);
  const auto start = SteadyClock::now();
  deadline = start + Seconds(seconds);
  go.count_down();
  for (std::thread& t : pool) t.join();

  run.seconds = std::chrono::duration<double>(*std::max_element(ends.begin(), ends.end()) - start).count();
  for (size_t t = 0; t < latencies.size(); ++t) {
    run.latency.Merge(latencies[t]);
    run.ok += oks[t];
    run.errors += errors[t];
  }
  run.bytes = run.ok * size;
  run.first_error = first_error;
  if (absl::Status s = CloseAndDelete(std::move(store)); !s.ok()) return s;
  return run;
}

struct ReadRun {
  StoreRun store;
  BaselineResult baseline;
};

absl::StatusOr<ReadRun> RunReadRow(const store::StoreOptions& base, int64_t messages, double seconds) {
  store::StoreOptions options = base;
  options.flush_disk_type = store::FlushDiskType::kAsyncFlush;
  absl::StatusOr<std::unique_ptr<store::MessageStore>> opened = OpenFresh(options, kReadTopic, 1);
  if (!opened.ok()) return opened.status();
  std::unique_ptr<store::MessageStore> store = *std::move(opened);
  auto fail = [&](absl::Status s) {
    (void)CloseAndDelete(std::move(store));
    return s;
  };

  // Write the messages, noting where each landed: that is the bare index the baseline reads through.
  std::vector<IndexEntry> index;
  index.reserve(static_cast<size_t>(messages));
  store::Message m;
  m.topic = kReadTopic;
  m.queue_id = 0;
  FillBody(1, kReadSize, &m.body);
  m.properties.Set(store::kPropertyTags, "TagR");
  m.properties.Set(store::kPropertyUniqKey, std::string(32, '0'));
  std::string& uniq = m.properties[store::kPropertyUniqKey];
  for (int64_t i = 0; i < messages; ++i) {
    WriteUniqKey(1, static_cast<uint64_t>(i), uniq.data());
    store::PutResult r = store->PutMessage(m);
    if (!r.ok()) {
      return fail(absl::InternalError(fmt::format("read row: put {}: {} {}", i, store::ToString(r.status), r.remark)));
    }
    index.push_back(MakeIndexEntry(r.commit_log_offset, r.total_size, 0));
  }
  if (!store->WaitForMessages(kReadTopic, 0, messages - 1, absl::Seconds(120))) {
    return fail(absl::DeadlineExceededError("read row: the store did not dispatch the written messages in 120 s"));
  }

  if (absl::Status s = SyncFileSystem(options.store_path_root_dir); !s.ok()) return fail(s);
  ReadRun run;
  StoreRun& r = run.store;
  r.record_size = 0;
  store::GetRequest request;
  request.topic = kReadTopic;
  request.queue_id = 0;
  request.max_messages = kReadBatch;
  request.decode = false;
  const auto start = SteadyClock::now();
  const auto deadline = start + Seconds(seconds);
  auto now = start;
  while (now < deadline) {
    const auto before = now;
    store::GetResult got = store->GetMessages(request);
    now = SteadyClock::now();
    r.latency.Record(Nanos(now - before));
    if (got.status != store::GetMessageStatus::kFound || got.raw.empty()) {
      return fail(absl::InternalError(fmt::format("read row: GetMessages at offset {}: {}", request.offset,
                                                  store::ToString(got.status))));
    }
    r.ok += static_cast<int64_t>(got.raw.size());
    for (const std::string& raw : got.raw) r.bytes += static_cast<int64_t>(raw.size());
    r.record_size = static_cast<int32_t>(got.raw.front().size());
    request.offset = got.next_begin_offset >= messages ? 0 : got.next_begin_offset;
  }
  r.seconds = std::chrono::duration<double>(now - start).count();

  const std::string log_dir = store->options().CommitLogDir();
  const int64_t segment_size = store->options().mapped_file_size_commit_log;
  const std::string root = store->options().store_path_root_dir;
  absl::Status closed = store->Close();
  if (!closed.ok()) return fail(closed);
  {
    absl::StatusOr<CommitLogView> log =
        CommitLogView::Open(store::FileSystem::Default(), log_dir, segment_size, /*populate=*/true);
    if (!log.ok()) return fail(log.status());
    absl::StatusOr<BaselineResult> b = IndexReadBaseline(*log, index, kReadBatch, seconds);
    if (!b.ok()) return fail(b.status());
    run.baseline = *std::move(b);
  }
  if (absl::Status s = CloseAndDelete(std::move(store)); !s.ok()) return s;
  return run;
}

// Index of the median run by rate; *spread = (max - min) / median in %, or -1 for a single run.
template <typename T, typename Rate>
size_t Median(const std::vector<T>& runs, Rate rate, double* spread) {
  std::vector<size_t> order(runs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rate(runs[a]) < rate(runs[b]); });
  const size_t median = order[order.size() / 2];
  if (spread != nullptr) {
    const double mid = rate(runs[median]);
    *spread = runs.size() < 2 || mid <= 0 ? -1 : (rate(runs[order.back()]) - rate(runs[order.front()])) / mid * 100;
  }
  return median;
}

}  // namespace

CLI::App* AddBenchCommand(CLI::App* app, BenchFlags* flags) {
  CLI::App* cmd = app->add_subcommand(
      "bench",
      "Disk-tuning harness: store put throughput and latency for flush mode x message size x writer threads, and "
      "a read row, each beside a raw baseline measured in the same run on the same directory.");
  cmd->add_option("--dir", flags->dir,
                  "directory to benchmark in (created if missing); only its mqstore-bench-* entries are written "
                  "and removed")
      ->capture_default_str();
  cmd->add_option("--seconds", flags->seconds, "seconds per row (the baseline runs as long again)")
      ->check(CLI::Range(0.01, 3600.0))
      ->capture_default_str();
  cmd->add_flag("--json", flags->json, "print the environment and rows as JSON lines");
  cmd->add_option("--sizes", flags->sizes, "message body sizes in bytes")
      ->delimiter(',')
      ->check(CLI::Range(1, 4 << 20))
      ->capture_default_str();
  cmd->add_option("--threads", flags->threads, "writer thread counts")
      ->delimiter(',')
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--modes", flags->modes, "flush modes")
      ->delimiter(',')
      ->check(CLI::IsMember({"async", "sync"}))
      ->capture_default_str();
  cmd->add_flag("--no-read", flags->no_read, "skip the read row");
  cmd->add_flag("--no-write", flags->no_write, "skip the put rows");
  cmd->add_option("--read-messages", flags->read_messages, "1 KiB messages the read row writes and reads back")
      ->check(CLI::Range(int64_t{1}, int64_t{100000000}))
      ->capture_default_str();
  cmd->add_option("--repeat", flags->repeat, "runs per row; the median is printed with the spread")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  AddCommonFlags(cmd, &flags->common);
  cmd->footer(
      "Baselines: ASYNC rows - one thread memcpy'ing records of the row's record size into a pre-faulted\n"
      "mapped file; SYNC rows - THREADS records pwrite'd per fdatasync into a pre-written file (with its\n"
      "fdatasync p99; 'p99 x' = store put p99 / fdatasync p99); READ - the same records copied through a bare\n"
      "20-byte index from the mapped log. ratio = store msgs/s / baseline msgs/s. Latencies in microseconds.\n"
      "-c sets store options (e.g. mappedFileSizeCommitLog: each row pre-writes up to two segments).");
  return cmd;
}

int RunBench(const BenchFlags& flags) {
  store::FileSystem* fs = store::FileSystem::Default();
  absl::StatusOr<bool> existed = fs->Exists(flags.dir);
  if (!existed.ok()) {
    PrintError(kCommand, existed.status().ToString());
    return kExitFailure;
  }
  if (absl::Status s = fs->CreateDirs(flags.dir); !s.ok()) {
    PrintError(kCommand, s.ToString());
    return kExitFailure;
  }
  const std::string store_dir = store::JoinPath(flags.dir, kStoreName);
  const std::string baseline_path = store::JoinPath(flags.dir, kBaselineName);
  absl::StatusOr<store::StoreOptions> options = LoadOptionsForStore(flags.common, store_dir);
  if (!options.ok()) {
    PrintError(kCommand, options.status().ToString());
    return kExitFailure;
  }
  // Leftovers of an interrupted run.
  (void)fs->DeleteRecursively(store_dir);
  (void)fs->DeleteFile(baseline_path);
  auto cleanup = [&]() {
    (void)fs->DeleteRecursively(store_dir);
    (void)fs->DeleteFile(baseline_path);
    absl::StatusOr<std::vector<std::string>> left = fs->ListDir(flags.dir);
    if (!*existed && left.ok() && left->empty()) (void)fs->DeleteRecursively(flags.dir);
  };

  const int64_t segment = options->mapped_file_size_commit_log;
  const int64_t baseline_size = std::min(segment, kMaxBaselineFile);
  if (absl::StatusOr<store::DiskUsage> usage = fs->GetDiskUsage(flags.dir); usage.ok()) {
    const uint64_t needed = static_cast<uint64_t>(2 * segment + baseline_size);
    if (usage->available_bytes < needed) {
      cleanup();
      PrintError(kCommand, fmt::format("{} has {} MiB free; a row needs about {} MiB (two {} MiB segments and the "
                                       "baseline file). Pass -c with a smaller mappedFileSizeCommitLog.",
                                       flags.dir, usage->available_bytes >> 20, needed >> 20, segment >> 20));
      return kExitFailure;
    }
  }

  Output out{flags.json};
  out.Header(CollectSystemInfo(flags.dir), flags.dir, *options, flags);
  auto fail = [&](const std::string& what, const absl::Status& s) {
    cleanup();
    PrintError(kCommand, fmt::format("{}: {}", what, s.ToString()));
    return kExitFailure;
  };

  if (!flags.no_write) {
    absl::StatusOr<BaselineFile> file = BaselineFile::Create(baseline_path, baseline_size);
    if (!file.ok()) return fail("creating the baseline file", file.status());
    for (const std::string& mode_name : flags.modes) {
      const bool sync = mode_name == "sync";
      const store::FlushDiskType mode = sync ? store::FlushDiskType::kSyncFlush : store::FlushDiskType::kAsyncFlush;
      for (int32_t size : flags.sizes) {
        for (int32_t threads : flags.threads) {
          std::vector<StoreRun> runs;
          std::vector<BaselineResult> baselines;
          for (int rep = 0; rep < flags.repeat; ++rep) {
            absl::StatusOr<StoreRun> run = RunPutRow(*options, mode, size, threads, flags.seconds);
            if (!run.ok()) return fail(fmt::format("{} row, {} B, {} threads", mode_name, size, threads), run.status());
            if (absl::Status s = SyncFileSystem(flags.dir); !s.ok()) return fail("syncfs", s);
            if (sync) {
              absl::StatusOr<BaselineResult> b = SyncBaseline(*file, run->record_size, threads, flags.seconds);
              if (!b.ok()) return fail("sync baseline", b.status());
              baselines.push_back(*std::move(b));
            } else {
              baselines.push_back(MemcpyBaseline(*file, run->record_size, flags.seconds));
              // Write back what the copy dirtied now, not during the next row.
              if (absl::Status s = file->SyncAll(); !s.ok()) return fail("memcpy baseline", s);
            }
            runs.push_back(*std::move(run));
          }
          Row row;
          row.kind = "put";
          row.mode = sync ? "SYNC_FLUSH" : "ASYNC_FLUSH";
          row.size = size;
          row.threads = threads;
          row.sync = sync;
          row.store = runs[Median(runs, [](const StoreRun& r) { return r.per_second(); }, &row.spread_pct)];
          row.baseline = baselines[Median(
              baselines, [](const BaselineResult& b) { return b.records_per_second(); }, nullptr)];
          row.baseline_name = sync ? fmt::format("{}/fdatasync", threads) : "memcpy";
          out.Print(row);
        }
      }
    }
  }

  if (!flags.no_read) {
    std::vector<ReadRun> runs;
    for (int rep = 0; rep < flags.repeat; ++rep) {
      absl::StatusOr<ReadRun> run = RunReadRow(*options, flags.read_messages, flags.seconds);
      if (!run.ok()) return fail("read row", run.status());
      runs.push_back(*std::move(run));
    }
    Row row;
    row.kind = "read";
    row.mode = "-";
    row.size = kReadSize;
    row.threads = 1;
    const size_t median = Median(runs, [](const ReadRun& r) { return r.store.per_second(); }, &row.spread_pct);
    row.store = runs[median].store;
    double ignored;
    row.baseline = runs[Median(runs, [](const ReadRun& r) { return r.baseline.records_per_second(); }, &ignored)]
                       .baseline;
    row.baseline_name = "index+memcpy";
    out.Print(row);
  }
  cleanup();
  return kExitOk;
}

}  // namespace spool::mqstore
