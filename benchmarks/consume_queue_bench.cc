// Reading messages back: 1 KiB messages fetched through MessageStore::GetMessages (ConsumeQueue lookup, then the
// records out of the mapped commit log), 32 per call, from the page cache; beside a baseline, measured in the same
// process over the same files, that copies the same records out of the commit-log segments (mapped read-only)
// through a bare array of 20-byte index entries (offset, size, tag code) - everything GetMessages does that is not
// reading the bytes themselves is the difference.
// items_per_second is records/s, bytes_per_second whole records (`record_bytes` each).
//
//   SPOOL_BENCH_DIR=/data/bench build/bin/consume_queue_bench
//   build/bin/consume_queue_bench --benchmark_min_time=1 --benchmark_repetitions=5
//
// Environment: SPOOL_BENCH_DIR: where to put the files (default /tmp); a fresh spool-bench-XXXXXX directory is
// made in it and removed at exit. SPOOL_BENCH_CONFIG: a broker.properties applied to the store options after the
// bench's own default of 128 MiB commit-log segments.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

constexpr char kTopic[] = "BenchRead";
constexpr int32_t kBodyBytes = 1024;
constexpr int64_t kMessages = 16384;  // about 19 MiB of records: well inside the page cache, many batches
constexpr int32_t kBatch = 32;        // per GetMessages call, RocketMQ's default pull batch
constexpr int64_t kDefaultSegmentBytes = int64_t{128} << 20;

std::string ErrnoText(const std::string& what, const std::string& path, int err) {
  return fmt::format("{} {}: {}", what, path, std::strerror(err));
}

// The baseline's index: a ConsumeQueue unit's 20 bytes (offset, size, tag code), native byte order.
struct IndexEntry {
  char bytes[20];
};

IndexEntry MakeIndexEntry(int64_t offset, int32_t size) {
  IndexEntry e;
  const int64_t tags_code = 0;
  std::memcpy(e.bytes, &offset, 8);
  std::memcpy(e.bytes + 8, &size, 4);
  std::memcpy(e.bytes + 12, &tags_code, 8);
  return e;
}

// The commit-log segments mapped read-only, straight from the system (a baseline must not move when our own
// layers do), pre-faulted so that the baseline, like the store, reads from the page cache without faults.
class MappedLog {
 public:
  MappedLog() = default;
  MappedLog(const MappedLog&) = delete;
  MappedLog& operator=(const MappedLog&) = delete;
  ~MappedLog() {
    for (auto& [start, segment] : segments_) ::munmap(const_cast<char*>(segment.data), segment.size);
  }

  // "" on success. Maps every file of `dir` named by a 20-digit offset.
  std::string Open(const std::string& dir) {
    absl::StatusOr<std::vector<std::string>> names = store::FileSystem::Default()->ListDir(dir);
    if (!names.ok()) return names.status().ToString();
    for (const std::string& name : *names) {
      if (name.size() != 20 || !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        continue;
      }
      const std::string path = store::JoinPath(dir, name);
      const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) return ErrnoText("open", path, errno);
      const off_t size = ::lseek(fd, 0, SEEK_END);
      void* data = size > 0 ? ::mmap(nullptr, static_cast<size_t>(size), PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0)
                            : MAP_FAILED;
      const int err = errno;
      ::close(fd);
      if (data == MAP_FAILED) return ErrnoText("mmap", path, err);
      segments_[std::stoll(name)] = Segment{static_cast<const char*>(data), static_cast<size_t>(size)};
    }
    return "";
  }

  // The bytes from `offset` to the end of its segment; empty if no segment holds it.
  std::string_view From(int64_t offset) const {
    auto it = segments_.upper_bound(offset);
    if (it == segments_.begin()) return {};
    --it;
    const size_t at = static_cast<size_t>(offset - it->first);
    if (at >= it->second.size) return {};
    return {it->second.data + at, it->second.size - at};
  }

 private:
  struct Segment {
    const char* data = nullptr;
    size_t size = 0;
  };
  std::map<int64_t, Segment> segments_;
};

// The store, the messages in it and the baseline's view of the same bytes; built once before any benchmark.
struct Fixture {
  std::string dir;  // ours alone: made by mkdtemp, removed at exit
  std::unique_ptr<store::MessageStore> store;
  std::vector<IndexEntry> index;  // where each message landed, in queue order
  int32_t record_bytes = 0;
  MappedLog log;
};
Fixture* g_fixture = nullptr;

// "" on success.
std::string BuildFixture(Fixture* f) {
  const char* base = std::getenv("SPOOL_BENCH_DIR");
  const std::string parent = base != nullptr && base[0] != '\0' ? base : "/tmp";
  if (absl::Status s = store::FileSystem::Default()->CreateDirs(parent); !s.ok()) return s.ToString();
  std::string templ = store::JoinPath(parent, "spool-bench-XXXXXX");
  if (::mkdtemp(templ.data()) == nullptr) return ErrnoText("mkdtemp", templ, errno);
  f->dir = templ;

  store::StoreOptions options;
  options.mapped_file_size_commit_log = kDefaultSegmentBytes;
  if (const char* config = std::getenv("SPOOL_BENCH_CONFIG"); config != nullptr && config[0] != '\0') {
    absl::StatusOr<store::Properties> props = store::LoadPropertiesFile(config);
    if (!props.ok()) return props.status().ToString();
    if (absl::Status s = store::ApplyProperties(*props, &options); !s.ok()) return s.ToString();
  }
  options.store_path_root_dir = store::JoinPath(f->dir, "store");
  options.store_path_commit_log.clear();
  options.flush_disk_type = store::FlushDiskType::kAsyncFlush;
  absl::StatusOr<std::unique_ptr<store::MessageStore>> opened = store::MessageStore::Open(options);
  if (!opened.ok()) return "opening the store: " + opened.status().ToString();
  f->store = *std::move(opened);
  store::TopicConfig topic;
  topic.topic_name = kTopic;
  topic.read_queue_nums = 1;
  topic.write_queue_nums = 1;
  f->store->topic_config().Upsert(topic);

  store::Message m;
  m.topic = kTopic;
  m.queue_id = 0;
  m.body.resize(kBodyBytes);
  for (size_t i = 0; i < m.body.size(); ++i) m.body[i] = static_cast<char>('A' + (i * 7) % 26);
  m.properties.Set(store::kPropertyTags, "TagR");
  f->index.reserve(static_cast<size_t>(kMessages));
  for (int64_t i = 0; i < kMessages; ++i) {
    m.properties.Set(store::kPropertyUniqKey, fmt::format("{:032X}", i));
    const store::PutResult r = f->store->PutMessage(m);
    if (!r.ok()) return fmt::format("put {}: {} {}", i, store::ToString(r.status), r.remark);
    f->index.push_back(MakeIndexEntry(r.commit_log_offset, r.total_size));
    f->record_bytes = r.total_size;
  }
  if (!f->store->WaitForMessages(kTopic, 0, kMessages - 1, absl::Seconds(120))) {
    return "the store did not dispatch the messages into the ConsumeQueue within 120 s";
  }
  return f->log.Open(f->store->options().CommitLogDir());
}

// range(0): 1 = decode each record into a MessageRecord, 0 = raw bytes only (what a broker sends on the wire).
void BM_GetMessages(benchmark::State& state) {
  store::MessageStore* store = g_fixture->store.get();
  store::GetRequest request;
  request.topic = kTopic;
  request.queue_id = 0;
  request.max_messages = kBatch;
  request.decode = state.range(0) != 0;
  int64_t records = 0;
  for (auto _ : state) {
    const store::GetResult got = store->GetMessages(request);
    const size_t n = request.decode ? got.messages.size() : got.raw.size();
    if (got.status != store::GetMessageStatus::kFound || n == 0) {
      state.SkipWithError(
          fmt::format("GetMessages at {}: {}", request.offset, store::ToString(got.status)).c_str());
      break;
    }
    records += static_cast<int64_t>(n);
    request.offset = got.next_begin_offset >= kMessages ? 0 : got.next_begin_offset;
  }
  state.SetItemsProcessed(records);
  state.SetBytesProcessed(records * g_fixture->record_bytes);
  state.counters["record_bytes"] = g_fixture->record_bytes;
}

// The floor: the same records, `kBatch` per iteration, copied through the bare index into a reused buffer.
void BM_IndexBaseline(benchmark::State& state) {
  const std::vector<IndexEntry>& index = g_fixture->index;
  std::string buffer(static_cast<size_t>(g_fixture->record_bytes) * kBatch, '\0');
  size_t next = 0;
  int64_t records = 0;
  for (auto _ : state) {
    size_t out = 0;
    bool outside = false;
    for (int i = 0; i < kBatch; ++i) {
      if (next == index.size()) next = 0;
      int64_t offset;
      int32_t size;
      std::memcpy(&offset, index[next].bytes, 8);
      std::memcpy(&size, index[next].bytes + 8, 4);
      ++next;
      const std::string_view bytes = g_fixture->log.From(offset);
      if (bytes.size() < static_cast<size_t>(size) || out + static_cast<size_t>(size) > buffer.size()) {
        outside = true;
        break;
      }
      std::memcpy(buffer.data() + out, bytes.data(), static_cast<size_t>(size));
      out += static_cast<size_t>(size);
    }
    if (outside) {
      state.SkipWithError("an index entry points outside the mapped commit log");
      break;
    }
    benchmark::DoNotOptimize(buffer.data());
    benchmark::ClobberMemory();
    records += kBatch;
  }
  state.SetItemsProcessed(records);
  state.SetBytesProcessed(records * g_fixture->record_bytes);
  state.counters["record_bytes"] = g_fixture->record_bytes;
}

void Register() {
  benchmark::RegisterBenchmark("get/GetMessages", BM_GetMessages)->ArgName("decode")->Arg(0)->Arg(1)->UseRealTime();
  benchmark::RegisterBenchmark("baseline/index_memcpy", BM_IndexBaseline)->UseRealTime();
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

  Fixture fixture;
  g_fixture = &fixture;
  std::string error = BuildFixture(&fixture);
  if (error.empty()) {
#if !defined(__OPTIMIZE__)
    std::fprintf(stderr, "WARNING: consume_queue_bench was compiled without optimization; timings are not meaningful\n");
    benchmark::AddCustomContext("optimization", "OFF (numbers not meaningful)");
#endif
#if !defined(NDEBUG)
    benchmark::AddCustomContext("assertions", "enabled");
#endif
    benchmark::AddCustomContext("dir", fixture.dir);
    benchmark::AddCustomContext("messages", fmt::format("{} x {} B bodies, {} per get", kMessages, kBodyBytes, kBatch));
    Register();
    benchmark::RunSpecifiedBenchmarks();
  }
  benchmark::Shutdown();

  if (fixture.store != nullptr) {
    if (absl::Status s = fixture.store->Close(); !s.ok() && error.empty()) error = "closing the store: " + s.ToString();
    fixture.store.reset();
  }
  if (!fixture.dir.empty()) {
    if (absl::Status s = spool::store::FileSystem::Default()->DeleteRecursively(fixture.dir); !s.ok() && error.empty()) {
      error = "removing " + fixture.dir + ": " + s.ToString();
    }
  }
  if (!error.empty()) {
    std::fprintf(stderr, "consume_queue_bench: %s\n", error.c_str());
    return 1;
  }
  return 0;
}
