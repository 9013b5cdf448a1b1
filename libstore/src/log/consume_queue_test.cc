#include "log/consume_queue.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "codec/java_hash.h"
#include "spool/store/file_system.h"
#include "temp_dir.h"
#include "util/big_endian.h"

namespace spool::store::internal {
namespace {

using spool::testing::TempDir;

constexpr char kTestData[] = SPOOL_TESTDATA_DIR "/rocketmq-4.9.7";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteAt(const std::string& path, int64_t pos, const std::string& bytes) {
  std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
  f.seekp(pos);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The value of `"name":` in a manifest line (strings without their quotes; numbers as text).
std::string Field(const std::string& line, const std::string& name) {
  const std::string tag = "\"" + name + "\":";
  size_t p = line.find(tag);
  if (p == std::string::npos) return "";
  p += tag.size();
  if (line[p] == '"') {
    size_t q = line.find('"', p + 1);
    return line.substr(p + 1, q - p - 1);
  }
  size_t q = line.find_first_of(",}", p);
  return line.substr(p, q - p);
}

// Commit-log offsets by queue offset for one queue, from a manifest (offsetMsgId: last 16 hex digits).
std::map<int64_t, int64_t> ManifestOffsets(const std::string& manifest, const std::string& topic, int queue_id) {
  std::map<int64_t, int64_t> out;
  std::ifstream in(manifest);
  std::string line;
  while (std::getline(in, line)) {
    if (Field(line, "topic") != topic || Field(line, "queueId") != std::to_string(queue_id)) continue;
    const std::string id = Field(line, "offsetMsgId");
    out[std::stoll(Field(line, "queueOffset"))] = static_cast<int64_t>(std::stoull(id.substr(id.size() - 16), nullptr, 16));
  }
  return out;
}

std::string Path(const std::string& root, const std::string& topic, int queue_id, int64_t file_start) {
  return root + "/" + topic + "/" + std::to_string(queue_id) + "/" + OffsetToFileName(file_start);
}

bool FileExists(const std::string& path) { return std::filesystem::exists(path); }

// A queue of units (i*100, 100, i) for i in [from, to), queue offset i.
void PutRange(ConsumeQueue* cq, int64_t from, int64_t to) {
  for (int64_t i = from; i < to; ++i) REQUIRE(cq->PutUnit(i * 100, 100, i, i).ok());
}

void CheckUnit(const ConsumeQueue& cq, int64_t queue_offset, int64_t offset, int32_t size, int64_t tags) {
  INFO("queue offset " << queue_offset);
  std::optional<CqUnit> u = cq.GetUnit(queue_offset);
  REQUIRE(u.has_value());
  CHECK(u->commit_log_offset == offset);
  CHECK(u->size == size);
  CHECK(u->tags_code == tags);
}

TEST_CASE("ConsumeQueue recovers the queues RocketMQ wrote", "[consume_queue][testdata]") {
  TempDir tmp;
  const std::string store = tmp.CopyFrom(std::string(kTestData) + "/clean-shutdown", "store");
  FileSystem* fs = FileSystem::Default();

  ConsumeQueue cq(fs, store + "/consumequeue", "GenTopicA", 0, 6000);
  REQUIRE(cq.Load().ok());
  REQUIRE(cq.Recover().ok());
  CHECK(cq.MaxOffsetInQueue() == 11);
  CHECK(cq.MinOffsetInQueue() == 0);
  CheckUnit(cq, 0, 0, 235, 2598919);  // TagA
  CheckUnit(cq, 1, 910, 225, 2598920);  // TagB
  CheckUnit(cq, 2, 1821, 225, 2598921);  // TagC
  CHECK(cq.GetUnit(0)->tags_code == TagsCode("TagA"));
  CHECK(cq.max_physic_offset() == 9174 + 243);
  CHECK_FALSE(cq.GetUnit(11).has_value());
  CHECK(cq.GetUnits(0, 100).size() == 11);
  CHECK(cq.GetUnits(9, 100).size() == 2);

  // Every queue of GenTopicA against the acknowledged sends.
  const std::string manifest = std::string(kTestData) + "/clean-shutdown.manifest.jsonl";
  for (int q = 0; q < 4; ++q) {
    INFO("GenTopicA-" << q);
    ConsumeQueue other(fs, store + "/consumequeue", "GenTopicA", q, 6000);
    REQUIRE(other.Load().ok());
    REQUIRE(other.Recover().ok());
    auto expected = ManifestOffsets(manifest, "GenTopicA", q);
    REQUIRE(!expected.empty());
    CHECK(other.MaxOffsetInQueue() == static_cast<int64_t>(expected.size()));
    for (const auto& [queue_offset, offset] : expected) {
      auto u = other.GetUnit(queue_offset);
      REQUIRE(u.has_value());
      CHECK(u->commit_log_offset == offset);
    }
  }

  // Appending continues after the recovered end; a re-dispatched unit is skipped.
  REQUIRE(cq.PutUnit(9174, 243, 2598939, 10).ok());
  CHECK(cq.MaxOffsetInQueue() == 11);
  REQUIRE(cq.PutUnit(90000, 230, 7, 11).ok());
  CHECK(cq.MaxOffsetInQueue() == 12);
  CheckUnit(cq, 11, 90000, 230, 7);
  REQUIRE(cq.Flush(0).ok());

  ConsumeQueue reopened(fs, store + "/consumequeue", "GenTopicA", 0, 6000);
  REQUIRE(reopened.Load().ok());
  REQUIRE(reopened.Recover().ok());
  CHECK(reopened.MaxOffsetInQueue() == 12);
  CheckUnit(reopened, 11, 90000, 230, 7);
}

TEST_CASE("ConsumeQueue recovers the after-crash queue", "[consume_queue][testdata]") {
  TempDir tmp;
  const std::string store = tmp.CopyFrom(std::string(kTestData) + "/after-crash", "store");
  ConsumeQueue cq(FileSystem::Default(), store + "/consumequeue", "GenTopicA", 0, 6000);
  REQUIRE(cq.Load().ok());
  REQUIRE(cq.Recover().ok());
  auto expected = ManifestOffsets(std::string(kTestData) + "/after-crash.manifest.jsonl", "GenTopicA", 0);
  CHECK(cq.MaxOffsetInQueue() == static_cast<int64_t>(expected.size()));
  CHECK(cq.MaxOffsetInQueue() == 21);
  CheckUnit(cq, 20, 90233, 228, 2598921);
  CHECK(cq.max_physic_offset() == 90233 + 228);
}

TEST_CASE("ConsumeQueue appends across files and reads back", "[consume_queue]") {
  TempDir tmp;
  FileSystem* fs = FileSystem::Default();
  ConsumeQueue cq(fs, tmp.path(), "T", 3, 100);  // 5 units per file
  CHECK(cq.MaxOffsetInQueue() == 0);
  CHECK_FALSE(cq.GetUnit(0).has_value());
  CHECK(cq.GetUnits(0, 10).empty());
  PutRange(&cq, 0, 12);
  CHECK(cq.MaxOffsetInQueue() == 12);
  CHECK(cq.MinOffsetInQueue() == 0);
  CHECK(cq.max_physic_offset() == 1100 + 100);
  for (int64_t i = 0; i < 12; ++i) CheckUnit(cq, i, i * 100, 100, i);
  CHECK(FileExists(Path(tmp.path(), "T", 3, 0)));
  CHECK(FileExists(Path(tmp.path(), "T", 3, 100)));
  CHECK(FileExists(Path(tmp.path(), "T", 3, 200)));

  // GetUnits stays within one file.
  auto units = cq.GetUnits(3, 10);
  REQUIRE(units.size() == 2);
  CHECK(units[0].commit_log_offset == 300);
  CHECK(units[1].commit_log_offset == 400);
  CHECK(cq.GetUnits(10, 10).size() == 2);
  CHECK(cq.GetUnits(10, 1).size() == 1);
  CHECK(cq.GetUnits(12, 10).empty());
  CHECK(cq.GetUnits(-1, 10).empty());
  CHECK_FALSE(cq.GetUnit(-1).has_value());
  CHECK_FALSE(cq.GetUnit(std::numeric_limits<int64_t>::max()).has_value());
  int64_t next = -1;
  CHECK_FALSE(cq.FileMissing(3, &next));

  // The bytes are RocketMQ's unit layout.
  REQUIRE(cq.Flush(0).ok());
  const std::string bytes = ReadAll(Path(tmp.path(), "T", 3, 100));
  REQUIRE(bytes.size() == 100);
  CHECK(GetBELong(bytes.data()) == 500);
  CHECK(GetBEInt(bytes.data() + 8) == 100);
  CHECK(GetBELong(bytes.data() + 12) == 5);

  // Bad units are refused rather than written (recovery would end the queue at them).
  CHECK(absl::IsInvalidArgument(cq.PutUnit(5000, 0, 0, 12)));
  CHECK(absl::IsInvalidArgument(cq.PutUnit(-5, 10, 0, 12)));
  CHECK(absl::IsInvalidArgument(cq.PutUnit(5000, 10, 0, -1)));
  CHECK(cq.MaxOffsetInQueue() == 12);
}

TEST_CASE("ConsumeQueue PutUnit is idempotent", "[consume_queue]") {
  TempDir tmp;
  ConsumeQueue cq(FileSystem::Default(), tmp.path(), "T", 0, 200);
  PutRange(&cq, 0, 4);
  // Same unit again: its end is not past max_physic_offset.
  REQUIRE(cq.PutUnit(300, 100, 3, 3).ok());
  CHECK(cq.MaxOffsetInQueue() == 4);
  // An earlier record again.
  REQUIRE(cq.PutUnit(100, 100, 1, 1).ok());
  CHECK(cq.MaxOffsetInQueue() == 4);
  // A later commit-log offset for a queue offset already written is skipped too.
  REQUIRE(cq.PutUnit(1000, 100, 9, 2).ok());
  CHECK(cq.MaxOffsetInQueue() == 4);
  CheckUnit(cq, 2, 200, 100, 2);
  // A gap in queue offsets is logged and the unit is not written (RocketMQ appends it at the write position,
  // where it would serve a record of another queue offset).
  REQUIRE(cq.PutUnit(2000, 100, 20, 6).ok());
  CHECK(cq.MaxOffsetInQueue() == 4);
  CHECK_FALSE(cq.GetUnit(4).has_value());
  // The next queue offset still goes in.
  REQUIRE(cq.PutUnit(2100, 100, 21, 4).ok());
  CHECK(cq.MaxOffsetInQueue() == 5);
  CheckUnit(cq, 4, 2100, 100, 21);
}

TEST_CASE("ConsumeQueue fills pre-blank units when the first unit is not at queue offset 0", "[consume_queue]") {
  TempDir tmp;
  FileSystem* fs = FileSystem::Default();
  SECTION("within the first file") {
    ConsumeQueue cq(fs, tmp.path(), "T", 0, 200);  // 10 units per file
    REQUIRE(cq.PutUnit(5000, 120, 77, 5).ok());
    CHECK(cq.MinOffsetInQueue() == 5);
    CHECK(cq.MaxOffsetInQueue() == 6);
    CHECK_FALSE(cq.GetUnit(4).has_value());
    CHECK(cq.GetUnits(0, 10).empty());
    CheckUnit(cq, 5, 5000, 120, 77);
    REQUIRE(cq.PutUnit(5120, 120, 78, 6).ok());
    CHECK(cq.MaxOffsetInQueue() == 7);
    REQUIRE(cq.Flush(0).ok());

    const std::string bytes = ReadAll(Path(tmp.path(), "T", 0, 0));
    for (int i = 0; i < 5; ++i) {
      INFO("pre-blank unit " << i);
      CHECK(GetBELong(bytes.data() + i * 20) == 0);
      CHECK(GetBEInt(bytes.data() + i * 20 + 8) == std::numeric_limits<int32_t>::max());
      CHECK(GetBELong(bytes.data() + i * 20 + 12) == 0);
    }
    CHECK(GetBELong(bytes.data() + 100) == 5000);

    // After a restart the min offset comes back through CorrectMinOffset, past the filler.
    ConsumeQueue reopened(fs, tmp.path(), "T", 0, 200);
    REQUIRE(reopened.Load().ok());
    REQUIRE(reopened.Recover().ok());
    CHECK(reopened.MaxOffsetInQueue() == 7);
    CHECK(reopened.max_physic_offset() == 5240);
    reopened.CorrectMinOffset(0);
    CHECK(reopened.MinOffsetInQueue() == 5);
    reopened.CorrectMinOffset(5100);
    CHECK(reopened.MinOffsetInQueue() == 6);
  }
  SECTION("in a later file") {
    ConsumeQueue cq(fs, tmp.path(), "T", 0, 200);
    REQUIRE(cq.PutUnit(7000, 100, 1, 13).ok());
    CHECK_FALSE(FileExists(Path(tmp.path(), "T", 0, 0)));
    CHECK(FileExists(Path(tmp.path(), "T", 0, 200)));
    CHECK(cq.MinOffsetInQueue() == 13);
    CHECK(cq.MaxOffsetInQueue() == 14);
    CheckUnit(cq, 13, 7000, 100, 1);
    // Below the first file: missing, and the next file starts at 10.
    int64_t next = -1;
    CHECK(cq.FileMissing(2, &next));
    CHECK(next == 10);
  }
}

TEST_CASE("ConsumeQueue TruncateDirty", "[consume_queue]") {
  TempDir tmp;
  FileSystem* fs = FileSystem::Default();
  ConsumeQueue cq(fs, tmp.path(), "T", 0, 100);  // 5 units per file
  PutRange(&cq, 0, 13);                          // files at 0, 100, 200
  REQUIRE(cq.Flush(0).ok());

  SECTION("mid-file keeps exactly the earlier units") {
    REQUIRE(cq.TruncateDirty(800).ok());  // units at 0..700 stay
    CHECK(cq.MaxOffsetInQueue() == 8);
    CHECK(cq.max_physic_offset() == 800);
    CheckUnit(cq, 7, 700, 100, 7);
    CHECK_FALSE(cq.GetUnit(8).has_value());
    CHECK(FileExists(Path(tmp.path(), "T", 0, 100)));
    CHECK_FALSE(FileExists(Path(tmp.path(), "T", 0, 200)));  // a whole later file is deleted
    // Appending resumes at the cut.
    REQUIRE(cq.PutUnit(800, 50, 99, 8).ok());
    CHECK(cq.MaxOffsetInQueue() == 9);
    CheckUnit(cq, 8, 800, 50, 99);
    REQUIRE(cq.Flush(0).ok());

    ConsumeQueue reopened(fs, tmp.path(), "T", 0, 100);
    REQUIRE(reopened.Load().ok());
    REQUIRE(reopened.Recover().ok());
    CHECK(reopened.MaxOffsetInQueue() == 9);  // the dropped unit 9 is not resurrected
  }
  SECTION("at a file boundary") {
    REQUIRE(cq.TruncateDirty(500).ok());
    CHECK(cq.MaxOffsetInQueue() == 5);
    CHECK(cq.max_physic_offset() == 500);
    CHECK_FALSE(FileExists(Path(tmp.path(), "T", 0, 100)));
    CHECK_FALSE(FileExists(Path(tmp.path(), "T", 0, 200)));
    REQUIRE(cq.PutUnit(500, 100, 5, 5).ok());
    CHECK(FileExists(Path(tmp.path(), "T", 0, 100)));
    CHECK(cq.MaxOffsetInQueue() == 6);
  }
  SECTION("everything") {
    REQUIRE(cq.TruncateDirty(0).ok());
    CHECK(cq.MaxOffsetInQueue() == 0);
    CHECK_FALSE(FileExists(Path(tmp.path(), "T", 0, 0)));
  }
  SECTION("nothing past the end") {
    REQUIRE(cq.TruncateDirty(5000).ok());
    CHECK(cq.MaxOffsetInQueue() == 13);
    CHECK(cq.max_physic_offset() == 1300);
  }
}

TEST_CASE("ConsumeQueue retention: DeleteExpiredFiles and CorrectMinOffset", "[consume_queue]") {
  TempDir tmp;
  ConsumeQueue cq(FileSystem::Default(), tmp.path(), "T", 0, 100);
  PutRange(&cq, 0, 12);  // files 0 (units 0-4), 100 (5-9), 200 (10-11)

  CHECK(cq.DeleteExpiredFiles(400) == 0);  // file 0's last unit is at 400: still needed
  CHECK(cq.DeleteExpiredFiles(550) == 1);
  CHECK_FALSE(FileExists(Path(tmp.path(), "T", 0, 0)));
  CHECK(cq.MinOffsetInQueue() == 5);
  cq.CorrectMinOffset(550);
  CHECK(cq.MinOffsetInQueue() == 6);
  CHECK_FALSE(cq.GetUnit(5).has_value());
  CheckUnit(cq, 6, 600, 100, 6);
  int64_t next = -1;
  CHECK(cq.FileMissing(2, &next));
  CHECK(next == 5);

  // Never the last file, however far the commit log moved.
  CHECK(cq.DeleteExpiredFiles(1'000'000) == 1);
  CHECK(FileExists(Path(tmp.path(), "T", 0, 200)));
  cq.CorrectMinOffset(1'000'000);  // no unit that far: unchanged
  CHECK(cq.MinOffsetInQueue() == 10);
  CHECK(cq.MaxOffsetInQueue() == 12);
  CHECK(cq.DeleteExpiredFiles(1'000'000) == 0);
}

TEST_CASE("ConsumeQueue OffsetByTime", "[consume_queue]") {
  TempDir tmp;
  FileSystem* fs = FileSystem::Default();
  ConsumeQueue cq(fs, tmp.path(), "T", 0, 200);  // 10 units per file
  CHECK(cq.OffsetByTime(5000, 0, [](int64_t, int32_t) { return 0; }) == 0);  // no file
  PutRange(&cq, 0, 10);
  // Record i (commit-log offset i*100) was stored at 1000*(i+1).
  auto store_time = [](int64_t offset, int32_t) { return 1000 * (offset / 100 + 1); };

  CHECK(cq.OffsetByTime(5000, 0, store_time) == 4);    // exact hit
  CHECK(cq.OffsetByTime(5400, 0, store_time) == 4);    // between: nearer to 5000
  CHECK(cq.OffsetByTime(5600, 0, store_time) == 5);    // between: nearer to 6000
  CHECK(cq.OffsetByTime(5500, 0, store_time) == 4);    // tie: the earlier one
  CHECK(cq.OffsetByTime(0, 0, store_time) == 0);       // before all
  CHECK(cq.OffsetByTime(99999, 0, store_time) == 9);   // after all: the last unit
  CHECK(cq.OffsetByTime(10000, 0, store_time) == 9);

  // Units whose records are gone count as too early.
  CHECK(cq.OffsetByTime(0, 250, store_time) == 3);
  CHECK(cq.OffsetByTime(2000, 250, store_time) == 3);
  // All gone: the first offset after them.
  CHECK(cq.OffsetByTime(0, 100000, store_time) == 10);
  // An unreadable record gives 0, as RocketMQ.
  CHECK(cq.OffsetByTime(5000, 0, [](int64_t, int32_t) { return int64_t{-1}; }) == 0);

  // With two files, the file is chosen by modification time.
  PutRange(&cq, 10, 20);
  REQUIRE(fs->SetModifiedTimeMs(Path(tmp.path(), "T", 0, 0), 10500).ok());
  REQUIRE(fs->SetModifiedTimeMs(Path(tmp.path(), "T", 0, 200), 20500).ok());
  CHECK(cq.OffsetByTime(3000, 0, store_time) == 2);
  CHECK(cq.OffsetByTime(15000, 0, store_time) == 14);
  CHECK(cq.OffsetByTime(99999, 0, store_time) == 19);  // newer than every file: the last file
  // The min offset bounds the search in its file.
  cq.CorrectMinOffset(300);
  CHECK(cq.OffsetByTime(1000, 0, store_time) == 3);
}

TEST_CASE("ConsumeQueue recovery stops at a torn or corrupt unit", "[consume_queue]") {
  TempDir tmp;
  FileSystem* fs = FileSystem::Default();
  {
    ConsumeQueue cq(fs, tmp.path(), "T", 0, 100);
    PutRange(&cq, 0, 8);  // files 0 (units 0-4) and 100 (5-7)
    REQUIRE(cq.Flush(0).ok());
  }
  auto reopen = [&](int64_t expect_max) {
    ConsumeQueue cq(fs, tmp.path(), "T", 0, 100);
    REQUIRE(cq.Load().ok());
    REQUIRE(cq.Recover().ok());
    CHECK(cq.MaxOffsetInQueue() == expect_max);
    return cq.max_physic_offset();
  };

  SECTION("a zero unit in the middle ends the queue and drops later files") {
    WriteAt(Path(tmp.path(), "T", 0, 0), 40, std::string(20, '\0'));
    CHECK(reopen(2) == 200);
    CHECK_FALSE(FileExists(Path(tmp.path(), "T", 0, 100)));
  }
  SECTION("a zero unit in the last file") {
    WriteAt(Path(tmp.path(), "T", 0, 100), 20, std::string(20, '\0'));
    CHECK(reopen(6) == 600);
    CHECK(FileExists(Path(tmp.path(), "T", 0, 100)));
  }
  SECTION("a negative size or offset ends the queue") {
    std::string bad(20, '\0');
    PutBE64(bad.data(), 300);
    PutBE32(bad.data() + 8, static_cast<uint32_t>(-5));
    WriteAt(Path(tmp.path(), "T", 0, 0), 60, bad);
    CHECK(reopen(3) == 300);
  }
  SECTION("negative offset") {
    std::string bad(20, '\0');
    PutBE64(bad.data(), static_cast<uint64_t>(-1));
    PutBE32(bad.data() + 8, 100);
    WriteAt(Path(tmp.path(), "T", 0, 100), 0, bad);
    CHECK(reopen(5) == 500);
    CHECK(FileExists(Path(tmp.path(), "T", 0, 100)));  // the file holding the end stays (empty)
  }
  SECTION("a file cut short is refused at load") {
    std::filesystem::resize_file(Path(tmp.path(), "T", 0, 100), 90);
    ConsumeQueue cq(fs, tmp.path(), "T", 0, 100);
    absl::Status s = cq.Load();
    CHECK(absl::IsFailedPrecondition(s));
    CHECK(std::string(s.message()).find(OffsetToFileName(100)) != std::string::npos);
    CHECK(std::string(s.message()).find("T-0") != std::string::npos);
  }
  SECTION("a file that is too long is refused at load") {
    std::filesystem::resize_file(Path(tmp.path(), "T", 0, 0), 120);
    ConsumeQueue cq(fs, tmp.path(), "T", 0, 100);
    CHECK(absl::IsFailedPrecondition(cq.Load()));
  }
  SECTION("stray names are ignored") {
    std::ofstream(tmp.path() + "/T/0/notes.txt") << "x";
    CHECK(reopen(8) == 800);
  }
}

TEST_CASE("ConsumeQueue Destroy removes every file", "[consume_queue]") {
  TempDir tmp;
  ConsumeQueue cq(FileSystem::Default(), tmp.path(), "T", 0, 100);
  PutRange(&cq, 0, 7);
  REQUIRE(cq.Destroy().ok());
  CHECK(cq.MaxOffsetInQueue() == 0);
  CHECK(cq.max_physic_offset() == 0);
  CHECK_FALSE(FileExists(Path(tmp.path(), "T", 0, 0)));
  CHECK_FALSE(FileExists(Path(tmp.path(), "T", 0, 100)));
  PutRange(&cq, 0, 2);
  CHECK(cq.MaxOffsetInQueue() == 2);
}

TEST_CASE("ConsumeQueue readers run beside PutUnit", "[consume_queue][concurrency]") {
  TempDir tmp;
  ConsumeQueue cq(FileSystem::Default(), tmp.path(), "T", 0, 20 * 200);
  constexpr int64_t kUnits = 2000;
  std::atomic<bool> bad{false};
  std::thread reader([&] {
    int64_t seen = 0;
    while (seen < kUnits) {
      // max_physic_offset is published after the unit it covers.
      const int64_t max_physic = cq.max_physic_offset();
      const int64_t max = cq.MaxOffsetInQueue();
      if (max * 100 < max_physic) bad = true;
      if (max < seen) bad = true;
      seen = max;
      if (max == 0) continue;
      // The newest unit is complete as soon as the max offset covers it.
      std::optional<CqUnit> u = cq.GetUnit(max - 1);
      if (!u || u->commit_log_offset != (max - 1) * 100 || u->size != 100 || u->tags_code != max - 1) bad = true;
      for (const CqUnit& x : cq.GetUnits(max - 1, 4)) {
        if (x.size != 100) bad = true;
      }
    }
  });
  PutRange(&cq, 0, kUnits);
  reader.join();
  CHECK_FALSE(bad.load());
  CHECK(cq.MaxOffsetInQueue() == kUnits);
}

}  // namespace
}  // namespace spool::store::internal
