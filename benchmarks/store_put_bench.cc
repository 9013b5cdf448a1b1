// Put throughput through the public MessageStore API, each store row beside a raw baseline measured in the same
// process on the same directory, so the ratio store / baseline means something on any disk:
//  - ASYNC_FLUSH, 1 writer, bodies of 128 B / 1 KiB / 4 KiB, against one thread memcpy'ing records of the same
//    size into a pre-faulted mmap'd file (the commit log appends under one lock: one copy stream is its ceiling);
//  - SYNC_FLUSH with 1 / 4 / 16 writers, same sizes, against K records pwrite'd per fdatasync, K = the row's
//    writer count (K = 1 is write+fdatasync per record): a group commit done by hand. These rows also report the
//    put latency p50/p99 (store) and the fdatasync latency p50/p99 (baseline), the figures the targets compare.
// items_per_second is records/s; bytes_per_second counts whole records (header, topic, properties and body), the
// bytes that reach the file, in both the store row and its baseline; `record_bytes` says how big one is.
//
//   SPOOL_BENCH_DIR=/data/bench build/bin/store_put_bench
//   build/bin/store_put_bench --benchmark_filter=SYNC --benchmark_min_time=1 --benchmark_repetitions=5
//
// Environment: SPOOL_BENCH_DIR: where to put the files (default /tmp); a fresh spool-bench-XXXXXX directory is
// made in it and removed at exit. SPOOL_BENCH_CONFIG: a broker.properties applied to the store options (segment
// sizes, flush settings) after the bench's own default of 128 MiB commit-log segments.
//
// Each store row opens a fresh store, puts one message (creating the first segment) and waits until the
// background pre-allocation of the next segment is done before it is timed, as `mqstore bench` does; the store
// is closed and deleted before the row's baseline runs, so its write-back does not land in the baseline.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <barrier>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "codec/message_codec.h"
#include "codec/properties_codec.h"
#include "fmt/format.h"
#if defined(SPDLOG_COMPILED_LIB)  // spdlog::spdlog is linked
#include "spdlog/spdlog.h"
#endif
#include "spool/store/file_system.h"
#include "spool/store/message.h"
#include "spool/store/message_store.h"
#include "spool/store/options.h"
#include "spool/store/store_status.h"
#include "spool/store/topic_config.h"

namespace spool::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr char kTopic[] = "BenchTopic";
constexpr int32_t kQueues = 8;
constexpr int64_t kDefaultSegmentBytes = int64_t{128} << 20;
constexpr int64_t kBaselineFileBytes = int64_t{256} << 20;
constexpr int kSizes[] = {128, 1024, 4096};
constexpr int kSyncWriters[] = {1, 4, 16};

int64_t Nanos(SteadyClock::duration d) { return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count(); }

std::string ErrnoText(const std::string& what, const std::string& path, int err) {
  return fmt::format("{} {}: {}", what, path, std::strerror(err));
}

// ---- The run's directory and store options --------------------------------------------------------------------

struct Environment {
  std::string dir;  // ours alone: made by mkdtemp, removed at exit
  store::StoreOptions options;
};
Environment* g_env = nullptr;

std::string FileSystemName(const std::string& dir) {
  struct statfs s;
  if (::statfs(dir.c_str(), &s) != 0) return "unknown";
  switch (static_cast<uint64_t>(s.f_type)) {
    case 0xEF53: return "ext4";
    case 0x58465342: return "xfs";
    case 0x9123683E: return "btrfs";
    case 0x01021994: return "tmpfs";
    case 0x794C7630: return "overlayfs";
    default: return fmt::format("0x{:x}", static_cast<uint64_t>(s.f_type));
  }
}

// ---- Latency samples gathered across a run's threads ----------------------------------------------------------

// One vector per thread (each written only by its thread while running); once every thread has arrived at the
// barrier after the timed loop, the completion step merges them, and each thread then reports the same figures.
struct LatencyMerge;
struct RunLatencies {
  explicit RunLatencies(int threads);
  std::vector<std::vector<int64_t>> per_thread;
  double p50_us = 0;
  double p99_us = 0;
  std::unique_ptr<std::barrier<LatencyMerge>> all_done;
};
struct LatencyMerge {
  RunLatencies* run;
  void operator()() noexcept {
    std::vector<int64_t> all;
    for (const auto& v : run->per_thread) all.insert(all.end(), v.begin(), v.end());
    if (all.empty()) return;
    auto at = [&](double pct) {
      const size_t k = std::min(all.size() - 1, static_cast<size_t>(pct / 100.0 * static_cast<double>(all.size())));
      std::nth_element(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end());
      return static_cast<double>(all[k]) / 1000.0;
    };
    run->p50_us = at(50);
    run->p99_us = at(99);
  }
};
RunLatencies::RunLatencies(int threads)
    : per_thread(static_cast<size_t>(threads)),
      all_done(std::make_unique<std::barrier<LatencyMerge>>(threads, LatencyMerge{this})) {}

// Called by every thread of a run after its timed loop: publishes its samples, waits for the others, reports.
void ReportLatencies(benchmark::State& state, RunLatencies* run, std::vector<int64_t> samples) {
  run->per_thread[static_cast<size_t>(state.thread_index())] = std::move(samples);
  run->all_done->arrive_and_wait();
  // Every thread reports the merged figure; averaging over threads leaves it as is.
  state.counters["p50_us"] = benchmark::Counter(run->p50_us, benchmark::Counter::kAvgThreads);
  state.counters["p99_us"] = benchmark::Counter(run->p99_us, benchmark::Counter::kAvgThreads);
}

// ---- Messages --------------------------------------------------------------------------------------------------

// Printable pseudo-random bytes (SplitMix64), different per writer.
std::string Body(uint64_t seed, size_t size) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string body(size, '\0');
  uint64_t x = seed * 0x9E3779B97F4A7C15ULL + 1;
  for (char& c : body) {
    x += 0x9E3779B97F4A7C15ULL;
    uint64_t z = x;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    c = kAlphabet[(z ^ (z >> 31)) & 63];
  }
  return body;
}

// 16 uppercase hex digits of `v` over out[0..16).
void WriteHex(uint64_t v, char* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (int i = 15; i >= 0; --i, v >>= 4) out[i] = kHex[v & 15];
}

// What a producer sends: a tag and a 32-character unique key (so the index does its usual work).
store::Message MakeMessage(int writer, size_t size) {
  store::Message m;
  m.topic = kTopic;
  m.body = Body(static_cast<uint64_t>(writer) + 1, size);
  m.properties.Set(store::kPropertyTags, "TagA");
  m.properties.Set(store::kPropertyUniqKey, std::string(32, '0'));
  return m;
}

// The TOTALSIZE of a record for a body of `size` bytes: what both the store row and its baseline write per item.
int32_t RecordBytes(int32_t size) {
  const store::Message m = MakeMessage(0, static_cast<size_t>(size));
  return store::internal::RecordLength(0, size, static_cast<int32_t>(m.topic.size()),
                                       static_cast<int32_t>(store::internal::EncodeProperties(m.properties).size()));
}

// ---- The store of the current row -------------------------------------------------------------------------------

struct RowKey {
  bool sync = false;
  int32_t size = 0;
  int threads = 0;
  bool operator==(const RowKey&) const = default;
};

struct OpenRow {
  RowKey key;
  std::unique_ptr<store::MessageStore> store;
  std::string dir;
};
OpenRow* g_row = nullptr;          // the store kept open across the repeated runs of one row
std::string g_setup_error;         // set by a Setup callback, reported by every thread of the run
RunLatencies* g_latencies = nullptr;  // the current run's (SYNC rows and baselines)

// Closes and deletes the current row's store, then syncs the file system, so none of its write-back is left for
// whatever runs next.
std::string ReleaseStore() {
  if (g_row == nullptr) return "";
  std::unique_ptr<OpenRow> row(std::exchange(g_row, nullptr));
  std::string error;
  if (absl::Status s = row->store->Close(); !s.ok()) error = "closing the store: " + s.ToString();
  row->store.reset();
  if (absl::Status s = store::FileSystem::Default()->DeleteRecursively(row->dir); !s.ok() && error.empty()) {
    error = "deleting the store: " + s.ToString();
  }
  int fd = ::open(g_env->dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    if (::syncfs(fd) != 0 && error.empty()) error = ErrnoText("syncfs", g_env->dir, errno);
    ::close(fd);
  }
  return error;
}

// Waits (outside the timed loop) until the store's background pre-allocation has built the segment starting at
// `offset`; after 120 s the row is measured with it still running.
void WaitForSegment(const store::StoreOptions& options, int64_t offset) {
  const std::string path = store::JoinPath(options.CommitLogDir(), fmt::format("{:020d}", offset));
  const auto deadline = SteadyClock::now() + std::chrono::seconds(120);
  while (SteadyClock::now() < deadline) {
    absl::StatusOr<bool> exists = store::FileSystem::Default()->Exists(path);
    if (!exists.ok() || *exists) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::fprintf(stderr, "store_put_bench: segment %s not pre-allocated after 120 s; measuring anyway\n", path.c_str());
}

std::string OpenStoreFor(const RowKey& key) {
  if (std::string e = ReleaseStore(); !e.empty()) return e;
  static int serial = 0;
  auto row = std::make_unique<OpenRow>();
  row->key = key;
  row->dir = store::JoinPath(g_env->dir, fmt::format("store-{}", ++serial));
  store::StoreOptions options = g_env->options;
  options.store_path_root_dir = row->dir;
  options.store_path_commit_log.clear();
  options.flush_disk_type = key.sync ? store::FlushDiskType::kSyncFlush : store::FlushDiskType::kAsyncFlush;
  absl::StatusOr<std::unique_ptr<store::MessageStore>> opened = store::MessageStore::Open(options);
  if (!opened.ok()) return "opening the store: " + opened.status().ToString();
  row->store = *std::move(opened);
  store::TopicConfig topic;
  topic.topic_name = kTopic;
  topic.read_queue_nums = kQueues;
  topic.write_queue_nums = kQueues;
  row->store->topic_config().Upsert(topic);
  g_row = row.release();

  const store::PutResult warm = g_row->store->PutMessage(MakeMessage(0, static_cast<size_t>(key.size)));
  if (!warm.ok()) return fmt::format("warm-up put: {} {}", store::ToString(warm.status), warm.remark);
  if (warm.total_size != RecordBytes(key.size)) {
    return fmt::format("the store wrote a {}-byte record where the baseline assumes {}", warm.total_size,
                       RecordBytes(key.size));
  }
  WaitForSegment(g_row->store->options(), g_row->store->options().mapped_file_size_commit_log);
  int fd = ::open(g_env->dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    (void)::syncfs(fd);
    ::close(fd);
  }
  return "";
}

void SetUpStoreRun(const benchmark::State& state) {
  const RowKey key{state.range(0) != 0, static_cast<int32_t>(state.range(1)), state.threads()};
  g_setup_error.clear();
  if (g_row == nullptr || !(g_row->key == key)) g_setup_error = OpenStoreFor(key);
  g_latencies = new RunLatencies(state.threads());
}

void TearDownRun(const benchmark::State&) {
  delete std::exchange(g_latencies, nullptr);
}

// range(0): 1 = SYNC_FLUSH, 0 = ASYNC_FLUSH; range(1): body bytes. Threads: writers.
void BM_StorePut(benchmark::State& state) {
  if (!g_setup_error.empty()) {
    state.SkipWithError(g_setup_error.c_str());
    return;
  }
  const bool sync = state.range(0) != 0;
  const int32_t size = static_cast<int32_t>(state.range(1));
  const int t = state.thread_index();
  store::MessageStore* store = g_row->store.get();
  store::Message m = MakeMessage(t + 1, static_cast<size_t>(size));
  // Rewritten in place per put: nothing of ours allocates on the timed path.
  char* uniq = m.properties[store::kPropertyUniqKey].data();
  WriteHex(static_cast<uint64_t>(SteadyClock::now().time_since_epoch().count()), uniq);
  std::vector<int64_t> latencies;
  if (sync) latencies.reserve(1 << 16);
  int64_t errors = 0;
  std::string first_error;
  uint64_t n = 0;
  for (auto _ : state) {
    WriteHex((static_cast<uint64_t>(t) << 48) | n, uniq + 16);
    m.queue_id = static_cast<int32_t>((static_cast<uint64_t>(t) + n) % kQueues);
    ++n;
    store::PutResult r;
    if (sync) {
      const auto before = SteadyClock::now();
      r = store->PutMessage(m);
      latencies.push_back(Nanos(SteadyClock::now() - before));
    } else {
      r = store->PutMessage(m);
    }
    if (!r.ok() && errors++ == 0) first_error = fmt::format("put: {} {}", store::ToString(r.status), r.remark);
  }
  const int32_t record = RecordBytes(size);
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * record);
  state.counters["record_bytes"] = benchmark::Counter(record, benchmark::Counter::kAvgThreads);
  if (sync) ReportLatencies(state, g_latencies, std::move(latencies));
  if (errors > 0) state.SkipWithError(fmt::format("{} failed puts; first: {}", errors, first_error).c_str());
}

// ---- Baselines -------------------------------------------------------------------------------------------------
// They call the system directly (open, pwrite, fdatasync, mmap), not the FileSystem seam: a baseline measures the
// OS and must not move when our own layers change.

// A scratch file pre-written with zeros and fdatasync'ed (as the store pre-writes its segments, so neither pays
// for block allocation), mapped shared with MAP_POPULATE (page tables built up front; see SetUpMemcpyRun).
class BaselineFile {
 public:
  ~BaselineFile() {
    if (data_ != nullptr) ::munmap(data_, static_cast<size_t>(size_));
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  // "" on success.
  std::string Create(const std::string& path, int64_t size) {
    path_ = path;
    size_ = size;
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) return ErrnoText("create", path, errno);
    const std::string zeros(1 << 20, '\0');
    for (int64_t pos = 0; pos < size; pos += static_cast<int64_t>(zeros.size())) {
      if (std::string e = WriteAt(zeros.data(), zeros.size(), pos); !e.empty()) return e;
    }
    if (::fdatasync(fd_) != 0) return ErrnoText("fdatasync", path, errno);
    void* data = ::mmap(nullptr, static_cast<size_t>(size), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd_, 0);
    if (data == MAP_FAILED) return ErrnoText("mmap", path, errno);
    data_ = static_cast<char*>(data);
    return "";
  }
  std::string WriteAt(const char* p, size_t n, int64_t offset) {
    while (n > 0) {
      const ssize_t w = ::pwrite(fd_, p, n, offset);
      if (w < 0) {
        if (errno == EINTR) continue;
        return ErrnoText("pwrite", path_, errno);
      }
      p += w;
      n -= static_cast<size_t>(w);
      offset += w;
    }
    return "";
  }
  std::string DataSync() { return ::fdatasync(fd_) == 0 ? "" : ErrnoText("fdatasync", path_, errno); }
  // Writes back what the memcpy baseline dirtied, so it is not written back during the next row.
  std::string SyncAll() {
    return ::msync(data_, static_cast<size_t>(size_), MS_SYNC) == 0 ? "" : ErrnoText("msync", path_, errno);
  }
  char* data() const { return data_; }
  int64_t size() const { return size_; }

 private:
  std::string path_;
  int fd_ = -1;
  char* data_ = nullptr;
  int64_t size_ = 0;
};
BaselineFile* g_baseline_file = nullptr;

void SetUpBaselineRun(const benchmark::State& state) {
  g_setup_error = ReleaseStore();
  if (g_setup_error.empty() && g_baseline_file == nullptr) {
    g_baseline_file = new BaselineFile;
    g_setup_error = g_baseline_file->Create(store::JoinPath(g_env->dir, "baseline.dat"), kBaselineFileBytes);
  }
  g_latencies = new RunLatencies(state.threads());
}

// MAP_POPULATE maps a shared file's pages read-only, and write-back (the previous run's msync included) makes
// them read-only again: the first store to each page then takes a write fault (ext4's page_mkwrite), which
// costs more than copying a page's worth of records. A store to every page first makes the mapping
// "pre-faulted" for what the baseline does: write. The pages stay dirty (hence writable) for the run.
void SetUpMemcpyRun(const benchmark::State& state) {
  SetUpBaselineRun(state);
  if (!g_setup_error.empty()) return;
  volatile char* data = g_baseline_file->data();
  for (int64_t pos = 0; pos < g_baseline_file->size(); pos += 4096) data[pos] = data[pos];
}

void TearDownMemcpyRun(const benchmark::State& state) {
  TearDownRun(state);
  if (g_baseline_file != nullptr) {
    if (std::string e = g_baseline_file->SyncAll(); !e.empty()) std::fprintf(stderr, "store_put_bench: %s\n", e.c_str());
  }
}

// Bytes to copy: not all zeros, so nothing can short-cut them.
std::string RecordImage(int32_t size) {
  std::string bytes(static_cast<size_t>(size), '\0');
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>('a' + i % 26);
  return bytes;
}

// range(0): body bytes; the copies are of the record that body makes.
void BM_BaselineMemcpy(benchmark::State& state) {
  if (!g_setup_error.empty()) {
    state.SkipWithError(g_setup_error.c_str());
    return;
  }
  const int32_t record = RecordBytes(static_cast<int32_t>(state.range(0)));
  const std::string image = RecordImage(record);
  const size_t n = image.size();
  const size_t limit = static_cast<size_t>(g_baseline_file->size());
  char* base = g_baseline_file->data();
  size_t pos = 0;
  for (auto _ : state) {
    if (pos + n > limit) pos = 0;
    std::memcpy(base + pos, image.data(), n);
    benchmark::ClobberMemory();
    pos += n;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * record);
  state.counters["record_bytes"] = record;
}

// range(0): body bytes; range(1): records per fdatasync (K). One iteration = K pwrites and one fdatasync.
// p50_us / p99_us: the fdatasync alone.
void BM_BaselineSync(benchmark::State& state) {
  if (!g_setup_error.empty()) {
    state.SkipWithError(g_setup_error.c_str());
    return;
  }
  const int32_t record = RecordBytes(static_cast<int32_t>(state.range(0)));
  const int group = static_cast<int>(state.range(1));
  const std::string image = RecordImage(record);
  const int64_t limit = g_baseline_file->size();
  std::vector<int64_t> latencies;
  latencies.reserve(1 << 16);
  std::string error;
  int64_t pos = 0;
  for (auto _ : state) {
    for (int i = 0; i < group && error.empty(); ++i) {
      if (pos + record > limit) pos = 0;
      error = g_baseline_file->WriteAt(image.data(), image.size(), pos);
      pos += record;
    }
    const auto before = SteadyClock::now();
    if (error.empty()) error = g_baseline_file->DataSync();
    latencies.push_back(Nanos(SteadyClock::now() - before));
    if (!error.empty()) {
      state.SkipWithError(error.c_str());
      break;
    }
  }
  if (!error.empty()) return;
  state.SetItemsProcessed(state.iterations() * group);
  state.SetBytesProcessed(state.iterations() * group * record);
  state.counters["record_bytes"] = record;
  ReportLatencies(state, g_latencies, std::move(latencies));
}

// ---- Registration: each store row followed by its baseline ----------------------------------------------------

void Register() {
  for (int size : kSizes) {
    benchmark::RegisterBenchmark("put/ASYNC_FLUSH", BM_StorePut)
        ->ArgNames({"sync", "size"})
        ->Args({0, size})
        ->Threads(1)
        ->UseRealTime()
        ->Setup(SetUpStoreRun)
        ->Teardown(TearDownRun);
    benchmark::RegisterBenchmark("baseline/memcpy_mmap", BM_BaselineMemcpy)
        ->ArgNames({"size"})
        ->Arg(size)
        ->UseRealTime()
        ->Setup(SetUpMemcpyRun)
        ->Teardown(TearDownMemcpyRun);
  }
  for (int size : kSizes) {
    for (int writers : kSyncWriters) {
      benchmark::RegisterBenchmark("put/SYNC_FLUSH", BM_StorePut)
          ->ArgNames({"sync", "size"})
          ->Args({1, size})
          ->Threads(writers)
          ->UseRealTime()
          ->Setup(SetUpStoreRun)
          ->Teardown(TearDownRun);
      benchmark::RegisterBenchmark("baseline/pwrite_fdatasync", BM_BaselineSync)
          ->ArgNames({"size", "per_sync"})
          ->Args({size, writers})
          ->UseRealTime()
          ->Setup(SetUpBaselineRun)
          ->Teardown(TearDownRun);
    }
  }
}

// "" on success.
std::string MakeEnvironment(Environment* env) {
  const char* base = std::getenv("SPOOL_BENCH_DIR");
  const std::string parent = base != nullptr && base[0] != '\0' ? base : "/tmp";
  if (absl::Status s = store::FileSystem::Default()->CreateDirs(parent); !s.ok()) return s.ToString();
  std::string templ = store::JoinPath(parent, "spool-bench-XXXXXX");
  if (::mkdtemp(templ.data()) == nullptr) return ErrnoText("mkdtemp", templ, errno);
  env->dir = templ;
  env->options.mapped_file_size_commit_log = kDefaultSegmentBytes;
  if (const char* config = std::getenv("SPOOL_BENCH_CONFIG"); config != nullptr && config[0] != '\0') {
    absl::StatusOr<store::Properties> props = store::LoadPropertiesFile(config);
    if (!props.ok()) return props.status().ToString();
    if (absl::Status s = store::ApplyProperties(*props, &env->options); !s.ok()) return s.ToString();
  }
  return "";
}

// The store logs open, close and segment rolls at info on stdout, where they would land between the rows of the
// results table. When the program links spdlog (benchmarks/CMakeLists.txt), it registers the store's logger at
// warn before any store exists, as logging.h tells applications to; otherwise the lines stay.
void QuietStoreLog() {
#if defined(SPDLOG_COMPILED_LIB)
  std::shared_ptr<spdlog::logger> logger = spdlog::default_logger()->clone("spool.store");
  logger->set_level(spdlog::level::warn);
  spdlog::register_logger(logger);
#endif
}

// Short by default, so every benchmark program runs in well under a minute; --benchmark_min_time overrides.
std::vector<char*> WithDefaultMinTime(int argc, char** argv) {
  static char kDefault[] = "--benchmark_min_time=0.1";
  std::vector<char*> args(argv, argv + argc);
  const bool given = std::any_of(args.begin(), args.end(),
                                 [](const char* a) { return std::strncmp(a, "--benchmark_min_time", 20) == 0; });
  if (!given) args.insert(args.begin() + 1, kDefault);
  args.push_back(nullptr);
  return args;
}

}  // namespace
}  // namespace spool::bench

int main(int argc, char** argv) {
  using namespace spool::bench;
  std::vector<char*> args = WithDefaultMinTime(argc, argv);
  int args_count = static_cast<int>(args.size()) - 1;
  benchmark::Initialize(&args_count, args.data());
  if (benchmark::ReportUnrecognizedArguments(args_count, args.data())) return 1;
  QuietStoreLog();

  Environment env;
  if (std::string e = MakeEnvironment(&env); !e.empty()) {
    std::fprintf(stderr, "store_put_bench: %s\n", e.c_str());
    return 1;
  }
  g_env = &env;
#if !defined(__OPTIMIZE__)
  std::fprintf(stderr, "WARNING: store_put_bench was compiled without optimization; timings are not meaningful\n");
  benchmark::AddCustomContext("optimization", "OFF (numbers not meaningful)");
#endif
#if !defined(NDEBUG)
  benchmark::AddCustomContext("assertions", "enabled");
#endif
  benchmark::AddCustomContext("dir", fmt::format("{} ({})", env.dir, FileSystemName(env.dir)));
  benchmark::AddCustomContext("commit_log_segment_bytes", std::to_string(env.options.mapped_file_size_commit_log));
  benchmark::AddCustomContext("baselines", "ASYNC: memcpy into a pre-faulted mmap; SYNC: K pwrite per fdatasync");

  Register();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();

  int rc = 0;
  if (std::string e = ReleaseStore(); !e.empty()) {
    std::fprintf(stderr, "store_put_bench: %s\n", e.c_str());
    rc = 1;
  }
  delete std::exchange(g_baseline_file, nullptr);
  if (absl::Status s = spool::store::FileSystem::Default()->DeleteRecursively(env.dir); !s.ok()) {
    std::fprintf(stderr, "store_put_bench: removing %s: %s\n", env.dir.c_str(), s.ToString().c_str());
    rc = 1;
  }
  return rc;
}
