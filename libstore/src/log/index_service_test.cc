#include "log/index_service.h"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "codec/java_hash.h"
#include "log/index_file.h"
#include "log/store_checkpoint.h"
#include "spool/store/file_system.h"
#include "temp_dir.h"
#include "testing/manual_clock.h"
#include "util/big_endian.h"

namespace spool::store::internal {
namespace {

using spool::testing::TempDir;

constexpr char kStoreDir[] = SPOOL_TESTDATA_DIR "/rocketmq-4.9.7/clean-shutdown";
constexpr char kIndexName[] = "20261122153955441";
constexpr int32_t kSlots = 1000;
constexpr int32_t kEntries = 4000;
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> ListNames(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

bool Contains(const std::vector<int64_t>& v, int64_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// Sets TZ for the scope (index file names are in local time), restoring it afterwards.
class ScopedTimeZone {
 public:
  explicit ScopedTimeZone(const char* tz) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    setenv("TZ", tz, 1);
    tzset();
  }
  ~ScopedTimeZone() {
    if (old_) {
      setenv("TZ", old_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

 private:
  std::optional<std::string> old_;
};

// Every record of the clean-shutdown commit log, as dispatch sees it. A minimal reader: RocketMQ's v1 layout with
// IPv4 hosts (all the testdata has), reading just what the index needs.
std::vector<DispatchInfo> CommitLogRecords() {
  const std::string log = ReadAll(std::string(kStoreDir) + "/commitlog/00000000000000000000");
  std::vector<DispatchInfo> out;
  size_t pos = 0;
  while (pos + 8 <= log.size()) {
    const char* r = log.data() + pos;
    const int32_t total = GetBEInt(r);
    if (GetBEInt(r + 4) != kMessageMagicCode || total <= 0 || pos + static_cast<size_t>(total) > log.size()) break;
    DispatchInfo info;
    info.commit_log_offset = GetBELong(r + kPosPhysicalOffset);
    info.size = total;
    info.sys_flag = GetBEInt(r + kPosSysFlag);
    REQUIRE((info.sys_flag & (kSysFlagBornHostV6 | kSysFlagStoreHostV6)) == 0);
    info.store_timestamp = GetBELong(r + StoreTimestampPosition(info.sys_flag));
    size_t p = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + 8 + 8 + 8 + 4 + 8;  // up to and including PREPAREDTRANSACTIONOFFSET
    const int32_t body_len = GetBEInt(r + p);
    p += 4 + static_cast<size_t>(body_len);
    const uint8_t topic_len = static_cast<uint8_t>(r[p]);
    info.topic.assign(r + p + 1, topic_len);
    p += 1 + topic_len;
    const int16_t props_len = GetBEShort(r + p);
    const std::string props(r + p + 2, static_cast<size_t>(props_len));
    // name \x01 value \x02 ...
    size_t i = 0;
    while (i < props.size()) {
      size_t sep = props.find('\x01', i);
      size_t end = props.find('\x02', i);
      if (sep == std::string::npos || end == std::string::npos) break;
      const std::string name = props.substr(i, sep - i);
      const std::string value = props.substr(sep + 1, end - sep - 1);
      if (name == "KEYS") info.keys = value;
      if (name == "UNIQ_KEY") info.uniq_key = value;
      i = end + 1;
    }
    out.push_back(std::move(info));
    pos += static_cast<size_t>(total);
  }
  return out;
}

struct Fixture {
  TempDir tmp;
  FileSystem* fs = FileSystem::Default();
  ManualClock clock{1795361995441};
  std::unique_ptr<StoreCheckpoint> checkpoint;

  Fixture() {
    auto cp = StoreCheckpoint::Open(fs, tmp.Sub("checkpoint"));
    REQUIRE(cp.ok());
    checkpoint = *std::move(cp);
  }
  std::string IndexDir() const { return tmp.Sub("index"); }
  std::unique_ptr<IndexService> NewService(int32_t slots, int32_t entries) {
    return std::make_unique<IndexService>(fs, &clock, IndexDir(), slots, entries, checkpoint.get());
  }
};

DispatchInfo Record(int64_t offset, int64_t ts, std::string keys, std::string uniq = "", std::string topic = "T") {
  DispatchInfo info;
  info.topic = std::move(topic);
  info.commit_log_offset = offset;
  info.size = 100;
  info.store_timestamp = ts;
  info.keys = std::move(keys);
  info.uniq_key = std::move(uniq);
  return info;
}

TEST_CASE("IndexFile key hash is RocketMQ's", "[index]") {
  CHECK(JavaStringHashCode("polygenelubricants") == std::numeric_limits<int32_t>::min());
  CHECK(IndexFile::KeyHash("polygenelubricants") == 0);
  CHECK(IndexFile::KeyHash("GenTopicA#key-3") == 648357060);
  CHECK(IndexFile::KeyHash("hello world foo") == 687277718);  // abs of a negative hash
  CHECK(IndexFile::FileSize(1000, 4000) == 84040);
}

TEST_CASE("IndexFile reads RocketMQ's index file", "[index][testdata]") {
  TempDir tmp;
  const std::string store = tmp.CopyFrom(kStoreDir, "store");
  auto file = IndexFile::Open(FileSystem::Default(), store + "/index/" + kIndexName, kSlots, kEntries);
  REQUIRE(file.ok());
  const IndexFile& f = **file;
  CHECK(f.begin_timestamp() == 1795361995427);
  CHECK(f.end_timestamp() == 1795362006199);
  CHECK(f.begin_phy_offset() == 0);
  CHECK(f.end_phy_offset() == 81243);
  CHECK(f.hash_slot_count() == 128);
  CHECK(f.index_count() == 136);
  CHECK_FALSE(f.IsFull());
  CHECK(f.IsTimeMatched(0, kMax));
  CHECK(f.IsTimeMatched(1795361995427, 1795361995427));
  CHECK_FALSE(f.IsTimeMatched(1795362006200, kMax));
  CHECK_FALSE(f.IsTimeMatched(0, 1795361995426));

  std::vector<int64_t> offsets;
  f.SelectPhyOffsets("GenTopicA#key-3", 64, 0, kMax, &offsets);
  CHECK(Contains(offsets, 0x2AD));

  // Other settings: refused with a message naming the file.
  auto wrong = IndexFile::Open(FileSystem::Default(), store + "/index/" + kIndexName, kSlots, kEntries + 1);
  REQUIRE(absl::IsFailedPrecondition(wrong.status()));
  CHECK(std::string(wrong.status().message()).find(kIndexName) != std::string::npos);
}

TEST_CASE("IndexService answers queries over RocketMQ's index", "[index][testdata]") {
  Fixture fx;
  const std::string store = fx.tmp.CopyFrom(kStoreDir, "store");
  IndexService index(fx.fs, &fx.clock, store + "/index", kSlots, kEntries, fx.checkpoint.get());
  REQUIRE(index.Load(true).ok());

  // key-3 went to GenTopicA at offsetMsgId 7F000001000051AF00000000000002AD.
  IndexQueryResult r = index.QueryOffsets("GenTopicA", "key-3", 64, 0, kMax);
  CHECK(Contains(r.offsets, 0x2AD));
  CHECK(r.offsets.size() <= 2);
  CHECK(r.last_update_timestamp == 1795362006199);
  CHECK(r.last_update_phy_offset == 81243);
  // By UNIQ_KEY (the client msgId).
  r = index.QueryOffsets("GenTopicA", "FD00000000000000000000000000000245BC5FFD2B276F82132B0003", 64, 0, kMax);
  CHECK(Contains(r.offsets, 0x2AD));
  // One of three space-separated keys of one record.
  r = index.QueryOffsets("GenTopicA", "k2", 64, 0, kMax);
  CHECK(Contains(r.offsets, 9174));
  // Wrong topic, unknown key, a time range after everything.
  CHECK_FALSE(Contains(index.QueryOffsets("GenTopicB", "key-3", 64, 0, kMax).offsets, 0x2AD));
  CHECK(index.QueryOffsets("GenTopicA", "no-such-key", 64, 0, kMax).offsets.empty());
  CHECK(index.QueryOffsets("GenTopicA", "key-3", 64, 1795362006200, kMax).offsets.empty());
  CHECK(index.QueryOffsets("GenTopicA", "key-3", 0, 0, kMax).offsets.empty());
}

TEST_CASE("IndexService builds a byte-identical index from the same records", "[index][testdata]") {
  Fixture fx;
  const std::vector<DispatchInfo> records = CommitLogRecords();
  REQUIRE(records.size() == 69);
  CHECK(records.back().commit_log_offset == 81243);

  auto index = fx.NewService(kSlots, kEntries);
  REQUIRE(index->Load(true).ok());
  for (const DispatchInfo& info : records) REQUIRE(index->BuildIndex(info).ok());
  REQUIRE(index->Flush().ok());

  const std::vector<std::string> names = ListNames(fx.IndexDir());
  REQUIRE(names.size() == 1);
  const std::string ours = ReadAll(fx.IndexDir() + "/" + names[0]);
  const std::string theirs = ReadAll(std::string(kStoreDir) + "/index/" + kIndexName);
  REQUIRE(ours.size() == 84040);
  REQUIRE(theirs.size() == 84040);
  CHECK(ours.substr(0, 40) == theirs.substr(0, 40));  // header
  CHECK(ours.substr(40, 4000) == theirs.substr(40, 4000));  // slots
  CHECK(ours.substr(4040) == theirs.substr(4040));  // entries
  CHECK(index->QueryOffsets("GenTopicA", "key-3", 64, 0, kMax).offsets == std::vector<int64_t>{0x2AD});

  // Re-dispatching what is indexed adds nothing (except the last record, which RocketMQ also indexes again).
  for (size_t i = 0; i + 1 < records.size(); ++i) REQUIRE(index->BuildIndex(records[i]).ok());
  CHECK(ReadAll(fx.IndexDir() + "/" + names[0]) == theirs);
}

TEST_CASE("IndexService names files by local creation time", "[index]") {
  ScopedTimeZone utc("UTC");
  Fixture fx;
  auto index = fx.NewService(10, 3);  // two entries per file
  REQUIRE(index->Load(true).ok());
  REQUIRE(index->BuildIndex(Record(0, 1000, "a b")).ok());
  CHECK(ListNames(fx.IndexDir()) == std::vector<std::string>{kIndexName});  // 2026-11-22 15:39:55.441 UTC
  // The clock has not moved when the next file is needed: the name must still sort after the last one.
  REQUIRE(index->BuildIndex(Record(100, 2000, "c")).ok());
  CHECK(ListNames(fx.IndexDir()) == std::vector<std::string>{kIndexName, "20261122153955442"});
  // A clock set back still yields a later name.
  fx.clock.SetMillis(1795361995441 - 3'600'000);
  REQUIRE(index->BuildIndex(Record(200, 3000, "d e")).ok());
  REQUIRE(index->BuildIndex(Record(300, 4000, "f")).ok());
  auto names = ListNames(fx.IndexDir());
  REQUIRE(names.size() == 3);
  CHECK(names[2] > names[1]);
  // And a later clock, its own time.
  fx.clock.SetMillis(1795361995441 + 86'400'000);
  REQUIRE(index->BuildIndex(Record(400, 5000, "g h")).ok());
  names = ListNames(fx.IndexDir());
  REQUIRE(names.size() == 4);
  CHECK(names.back() == "20261123153955441");
}

TEST_CASE("IndexService rolls to a new file when one is full", "[index]") {
  Fixture fx;
  const int64_t t0 = 1795361995000;
  auto index = fx.NewService(8, 4);  // entries 1..3 per file
  REQUIRE(index->Load(true).ok());
  for (int i = 0; i < 3; ++i) REQUIRE(index->BuildIndex(Record(i * 100, t0 + i * 1500, "a")).ok());
  CHECK(fx.checkpoint->index_msg_timestamp() == 0);
  REQUIRE(ListNames(fx.IndexDir()).size() == 1);

  fx.clock.AdvanceMillis(5);
  REQUIRE(index->BuildIndex(Record(300, t0 + 4500, "a")).ok());
  const auto names = ListNames(fx.IndexDir());
  REQUIRE(names.size() == 2);
  // The full file was flushed and its end time checkpointed, durably.
  CHECK(fx.checkpoint->index_msg_timestamp() == t0 + 3000);
  {
    auto reread = StoreCheckpoint::Open(fx.fs, fx.tmp.Sub("checkpoint"));
    REQUIRE(reread.ok());
    CHECK((*reread)->index_msg_timestamp() == t0 + 3000);
  }

  auto first = IndexFile::Open(fx.fs, fx.IndexDir() + "/" + names[0], 8, 4);
  auto second = IndexFile::Open(fx.fs, fx.IndexDir() + "/" + names[1], 8, 4);
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK((*first)->IsFull());
  CHECK((*first)->begin_timestamp() == t0);
  CHECK((*first)->end_timestamp() == t0 + 3000);
  CHECK((*first)->end_phy_offset() == 200);
  CHECK((*first)->hash_slot_count() == 1);
  CHECK((*second)->index_count() == 2);
  CHECK((*second)->begin_timestamp() == t0 + 4500);
  CHECK((*second)->begin_phy_offset() == 300);
  CHECK((*second)->end_phy_offset() == 300);
  // The first entry of a follow-on file measures its time from the previous file's end: (4500 - 3000) / 1000.
  const std::string bytes = ReadAll(fx.IndexDir() + "/" + names[1]);
  const char* entry1 = bytes.data() + 40 + 8 * 4 + 20;
  CHECK(GetBEInt(entry1) == IndexFile::KeyHash("T#a"));
  CHECK(GetBELong(entry1 + 4) == 300);
  CHECK(GetBEInt(entry1 + 12) == 1);
  CHECK(GetBEInt(entry1 + 16) == 0);

  // Newest file first, newest entry first.
  CHECK(index->QueryOffsets("T", "a", 64, 0, kMax).offsets == std::vector<int64_t>{300, 200, 100, 0});
  CHECK(index->QueryOffsets("T", "a", 2, 0, kMax).offsets == std::vector<int64_t>{300, 200});
  // A range that starts after the old file's begin: the scan stops after the file that reaches back past it.
  CHECK(index->QueryOffsets("T", "a", 64, t0 + 4500, kMax).offsets == std::vector<int64_t>{300});
}

TEST_CASE("IndexService keys, skips and time ranges", "[index]") {
  Fixture fx;
  const int64_t t0 = 1795361995000;
  auto index = fx.NewService(kSlots, kEntries);
  REQUIRE(index->Load(true).ok());
  REQUIRE(index->BuildIndex(Record(0, t0, "  x  y ", "U0")).ok());  // UNIQ_KEY, x, y
  REQUIRE(index->BuildIndex(Record(100, t0 + 1500, "x")).ok());
  REQUIRE(index->BuildIndex(Record(200, t0 + 3000, "x")).ok());

  DispatchInfo rollback = Record(300, t0 + 4000, "x", "U3");
  rollback.sys_flag = kSysFlagTransactionRollback;
  REQUIRE(index->BuildIndex(rollback).ok());
  DispatchInfo prepared = Record(400, t0 + 4000, "p", "U4");
  prepared.sys_flag = kSysFlagTransactionPrepared;
  REQUIRE(index->BuildIndex(prepared).ok());
  // Below the last indexed offset: already indexed, skipped.
  REQUIRE(index->BuildIndex(Record(150, t0 + 5000, "late")).ok());
  REQUIRE(index->BuildIndex(Record(500, t0 + 6000, "")).ok());  // nothing to index

  CHECK(index->QueryOffsets("T", "U0", 64, 0, kMax).offsets == std::vector<int64_t>{0});
  CHECK(index->QueryOffsets("T", "y", 64, 0, kMax).offsets == std::vector<int64_t>{0});
  CHECK(index->QueryOffsets("T", "x", 64, 0, kMax).offsets == std::vector<int64_t>{200, 100, 0});
  CHECK(index->QueryOffsets("T", "U3", 64, 0, kMax).offsets.empty());
  CHECK(index->QueryOffsets("T", "U4", 64, 0, kMax).offsets == std::vector<int64_t>{400});
  CHECK(index->QueryOffsets("T", "p", 64, 0, kMax).offsets == std::vector<int64_t>{400});
  CHECK(index->QueryOffsets("T", "late", 64, 0, kMax).offsets.empty());
  CHECK(index->QueryOffsets("other", "x", 64, 0, kMax).offsets.empty());

  // Entry times are begin + whole seconds: 0 -> t0, 1500 -> t0+1000, 3000 -> t0+3000.
  CHECK(index->QueryOffsets("T", "x", 64, t0 + 1000, t0 + 2000).offsets == std::vector<int64_t>{100});
  CHECK(index->QueryOffsets("T", "x", 64, t0 + 1, t0 + 999).offsets.empty());
  CHECK(index->QueryOffsets("T", "x", 64, t0, t0).offsets == std::vector<int64_t>{0});

  IndexQueryResult r = index->QueryOffsets("T", "x", 64, 0, kMax);
  CHECK(r.last_update_phy_offset == 400);
  CHECK(r.last_update_timestamp == t0 + 4000);
}

TEST_CASE("IndexService Load after an abnormal exit", "[index][testdata]") {
  Fixture fx;
  const std::string store = fx.tmp.CopyFrom(kStoreDir, "store");
  const std::string path = store + "/index/" + kIndexName;
  SECTION("files newer than the checkpoint are deleted") {
    IndexService index(fx.fs, &fx.clock, store + "/index", kSlots, kEntries, fx.checkpoint.get());
    REQUIRE(index.Load(false).ok());
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK(index.QueryOffsets("GenTopicA", "key-3", 64, 0, kMax).offsets.empty());
  }
  SECTION("files the checkpoint covers stay") {
    fx.checkpoint->set_index_msg_timestamp(1795362006199);
    IndexService index(fx.fs, &fx.clock, store + "/index", kSlots, kEntries, fx.checkpoint.get());
    REQUIRE(index.Load(false).ok());
    CHECK(std::filesystem::exists(path));
    CHECK(Contains(index.QueryOffsets("GenTopicA", "key-3", 64, 0, kMax).offsets, 0x2AD));
  }
  SECTION("a clean exit keeps everything") {
    IndexService index(fx.fs, &fx.clock, store + "/index", kSlots, kEntries, fx.checkpoint.get());
    REQUIRE(index.Load(true).ok());
    CHECK(std::filesystem::exists(path));
  }
  SECTION("other settings are refused; stray names ignored") {
    std::ofstream(store + "/index/README") << "x";
    IndexService ok(fx.fs, &fx.clock, store + "/index", kSlots, kEntries, fx.checkpoint.get());
    CHECK(ok.Load(true).ok());
    IndexService index(fx.fs, &fx.clock, store + "/index", kSlots * 2, kEntries, fx.checkpoint.get());
    absl::Status s = index.Load(true);
    CHECK(absl::IsFailedPrecondition(s));
    CHECK(std::string(s.message()).find(kIndexName) != std::string::npos);
  }
  SECTION("appending continues in the loaded file after its last entry") {
    IndexService index(fx.fs, &fx.clock, store + "/index", kSlots, kEntries, fx.checkpoint.get());
    REQUIRE(index.Load(true).ok());
    REQUIRE(index.BuildIndex(Record(90000, 1795362010000, "new-key", "", "GenTopicA")).ok());
    CHECK(index.QueryOffsets("GenTopicA", "new-key", 64, 0, kMax).offsets == std::vector<int64_t>{90000});
    CHECK(ListNames(store + "/index") == std::vector<std::string>{kIndexName});
    auto f = IndexFile::Open(fx.fs, path, kSlots, kEntries);
    REQUIRE(f.ok());
    CHECK((*f)->index_count() == 137);
  }
}

TEST_CASE("IndexService retention and Destroy", "[index]") {
  Fixture fx;
  auto index = fx.NewService(8, 4);  // 3 entries per file
  REQUIRE(index->Load(true).ok());
  for (int i = 0; i < 9; ++i) {
    fx.clock.AdvanceMillis(1);
    REQUIRE(index->BuildIndex(Record(i * 100, 1795361995000 + i * 1000, "k")).ok());
  }
  REQUIRE(ListNames(fx.IndexDir()).size() == 3);  // end offsets 200, 500, 800
  CHECK(index->DeleteExpiredFiles(200) == 0);
  CHECK(index->DeleteExpiredFiles(250) == 1);
  CHECK(ListNames(fx.IndexDir()).size() == 2);
  CHECK(index->QueryOffsets("T", "k", 64, 0, kMax).offsets == std::vector<int64_t>{800, 700, 600, 500, 400, 300});
  CHECK(index->DeleteExpiredFiles(1'000'000) == 1);  // never the last
  CHECK(ListNames(fx.IndexDir()).size() == 1);
  REQUIRE(index->Flush().ok());
  REQUIRE(index->Destroy().ok());
  CHECK(ListNames(fx.IndexDir()).empty());
  CHECK(index->QueryOffsets("T", "k", 64, 0, kMax).offsets.empty());
  REQUIRE(index->BuildIndex(Record(900, 1795362005000, "k")).ok());
  CHECK(index->QueryOffsets("T", "k", 64, 0, kMax).offsets == std::vector<int64_t>{900});
}

TEST_CASE("IndexService queries run beside BuildIndex", "[index][concurrency]") {
  Fixture fx;
  auto index = fx.NewService(100, 50);  // many small files: rolls and inline flushes happen under the readers
  REQUIRE(index->Load(true).ok());
  constexpr int kRecords = 600;
  std::atomic<bool> done{false};
  std::atomic<bool> bad{false};
  std::thread reader([&] {
    while (!done.load()) {
      IndexQueryResult r = index->QueryOffsets("T", "k3", 1000, 0, kMax);
      for (size_t i = 0; i < r.offsets.size(); ++i) {
        // Only records i with i % 10 == 3 carry k3, and results come newest first.
        if (r.offsets[i] % 1000 != 300) bad = true;
        if (i > 0 && r.offsets[i] >= r.offsets[i - 1]) bad = true;
      }
    }
  });
  for (int i = 0; i < kRecords; ++i) {
    REQUIRE(index->BuildIndex(Record(i * 100, 1795361995000 + i, "k" + std::to_string(i % 10))).ok());
  }
  done = true;
  reader.join();
  CHECK_FALSE(bad.load());
  CHECK(index->QueryOffsets("T", "k3", 1000, 0, kMax).offsets.size() == kRecords / 10);
}

}  // namespace
}  // namespace spool::store::internal
