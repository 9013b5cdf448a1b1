// Codec micro-benchmarks: the record CRC (ISA-L against zlib, the baseline it replaces) and record encoding
// (against a memcpy of the same number of bytes, the floor for any encoder).
//
//   build/bin/codec_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// Each benchmark runs 0.1 s by default (the whole program about 2 s); pass --benchmark_min_time=N for longer.
#include <benchmark/benchmark.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "codec/crc32.h"
#include "codec/message_codec.h"
#include "codec/properties_codec.h"

namespace spool::store::internal {
namespace {

std::string RandomBytes(size_t n) {
  std::mt19937_64 rng(12345);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

void BM_Crc32Isal(benchmark::State& state) {
  const std::string data = RandomBytes(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(Crc32(data.data(), data.size()));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Crc32Isal)->Arg(1 << 10)->Arg(64 << 10);

void BM_Crc32Zlib(benchmark::State& state) {
  const std::string data = RandomBytes(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Crc32Zlib)->Arg(1 << 10)->Arg(64 << 10);

// A typical put: 1 KiB body, a short topic, the properties a RocketMQ producer sends.
struct EncodeInput {
  Message message;
  std::string properties;
  int32_t crc = 0;
  EncodeInput() {
    message.topic = "BenchTopic";
    message.queue_id = 3;
    message.body = RandomBytes(1024);
    message.born_timestamp = 1795361995210;
    message.properties.Set(kPropertyKeys, "order-17 customer-9");
    message.properties.Set(kPropertyTags, "TagA");
    message.properties.Set(kPropertyUniqKey, "FD00000000000000000000000000000245BC5FFD2B276F8211C90000");
    message.properties.Set(kPropertyCluster, "DefaultCluster");
    properties = EncodeProperties(message.properties);
    crc = BodyCrc(message.body);
  }
};

void BM_EncodeRecord_1KiB(benchmark::State& state) {
  const EncodeInput in;
  std::string out;
  int64_t offset = 0;
  for (auto _ : state) {
    out.clear();  // keeps its capacity: steady state has no allocation, as in the put path's reused buffer
    EncodeRecord(in.message, in.message.body, in.properties, 0, in.crc, offset, offset * 1100, 1795361995427, &out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
    ++offset;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(out.size()));
  state.counters["record_bytes"] = static_cast<double>(out.size());
}
BENCHMARK(BM_EncodeRecord_1KiB);

// The floor: copying as many bytes as the encoded record has.
void BM_Memcpy_1KiB(benchmark::State& state) {
  const EncodeInput in;
  std::string record;
  EncodeRecord(in.message, in.message.body, in.properties, 0, in.crc, 0, 0, 0, &record);
  std::string out(record.size(), '\0');
  for (auto _ : state) {
    std::memcpy(out.data(), record.data(), record.size());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(record.size()));
}
BENCHMARK(BM_Memcpy_1KiB);

// Recovery checks every record with the CRC; dispatch without.
void BM_CheckRecord_1KiB(benchmark::State& state) {
  const EncodeInput in;
  std::string record;
  EncodeRecord(in.message, in.message.body, in.properties, 0, in.crc, 0, 0, 0, &record);
  const bool check_crc = state.range(0) != 0;
  for (auto _ : state) {
    RecordCheck c = CheckRecord(record, check_crc);
    benchmark::DoNotOptimize(c.size);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(record.size()));
}
BENCHMARK(BM_CheckRecord_1KiB)->ArgName("crc")->Arg(0)->Arg(1);

// The loop form recovery and reput can use: one RecordCheck reused, no allocation per record.
void BM_CheckRecordReused_1KiB(benchmark::State& state) {
  const EncodeInput in;
  std::string record;
  EncodeRecord(in.message, in.message.body, in.properties, 0, in.crc, 0, 0, 0, &record);
  const bool check_crc = state.range(0) != 0;
  RecordCheck c;
  for (auto _ : state) {
    CheckRecord(record, check_crc, nullptr, &c);
    benchmark::DoNotOptimize(c.size);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(record.size()));
}
BENCHMARK(BM_CheckRecordReused_1KiB)->ArgName("crc")->Arg(0)->Arg(1);

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
}  // namespace spool::store::internal

int main(int argc, char** argv) {
  std::vector<char*> args = spool::store::internal::WithDefaultMinTime(argc, argv);
  int args_count = static_cast<int>(args.size()) - 1;
#if !defined(__OPTIMIZE__)
  std::fprintf(stderr, "WARNING: codec_bench was compiled without optimization; timings are not meaningful\n");
  benchmark::AddCustomContext("optimization", "OFF (numbers not meaningful)");
#endif
#if !defined(NDEBUG)
  benchmark::AddCustomContext("assertions", "enabled");
#endif
  benchmark::AddCustomContext("zlib", zlibVersion());
  benchmark::AddCustomContext("crc32", "ISA-L crc32_gzip_refl (baseline: zlib crc32)");
  benchmark::Initialize(&args_count, args.data());
  if (benchmark::ReportUnrecognizedArguments(args_count, args.data())) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
