#include "config/delay_offset_table.h"

#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "testing/manual_clock.h"
#include "testing/mem_file_system.h"

namespace spool::store::internal {
namespace {

std::string ReadTestdata(const std::string& name) {
  const std::string path = std::string(SPOOL_TESTDATA_DIR) + "/rocketmq-4.9.7/clean-shutdown/config/" + name;
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

TEST_CASE("DelayOffsetTable reads and writes RocketMQ's delayOffset.json", "[config][delay_offset]") {
  const std::string original = ReadTestdata("delayOffset.json");
  REQUIRE(original == "{\n\t\"offsetTable\":{3:1\n\t}\n}");
  DelayOffsetTable table(nullptr, "/unused");
  REQUIRE(table.Decode(original).ok());
  CHECK(table.Get(3) == 1);
  CHECK_FALSE(table.Get(1).has_value());
  CHECK(table.Snapshot() == std::map<int32_t, int64_t>{{3, 1}});
  CHECK(table.Encode() == original);
}

TEST_CASE("DelayOffsetTable writes every level in RocketMQ's order", "[config][delay_offset]") {
  DelayOffsetTable table(nullptr, "/unused");
  CHECK(table.Encode() == "{\n\t\"offsetTable\":{}\n}");
  for (int32_t level = 18; level >= 1; --level) table.Update(level, level * 10);
  table.Update(3, 7);
  CHECK(table.Get(3) == 7);
  CHECK(table.Encode() ==
        "{\n\t\"offsetTable\":{1:10,2:20,3:7,4:40,5:50,6:60,7:70,8:80,9:90,10:100,11:110,12:120,13:130,14:140,"
        "15:150,16:160,17:170,18:180\n\t}\n}");
  DelayOffsetTable copy(nullptr, "/unused");
  REQUIRE(copy.Decode(table.Encode()).ok());
  CHECK(copy.Snapshot() == table.Snapshot());
}

TEST_CASE("DelayOffsetTable rejects bad text and keeps its content", "[config][delay_offset]") {
  DelayOffsetTable table(nullptr, "/unused");
  table.Update(2, 5);
  for (const char* bad : {"{\"offsetTable\":{level:1}}", "{\"offsetTable\":{1:true}}", "{\"offsetTable\":7}",
                          "{\"offsetTable\":{1:1"}) {
    INFO(bad);
    CHECK_FALSE(table.Decode(bad).ok());
  }
  CHECK(table.Get(2) == 5);
}

TEST_CASE("DelayOffsetTable Persist and Load", "[config][delay_offset]") {
  ManualClock clock;
  MemFileSystem fs(&clock);
  const std::string path = "/store/config/delayOffset.json";
  DelayOffsetTable table(&fs, path);
  REQUIRE(table.Load().ok());
  CHECK(table.Snapshot().empty());
  table.Update(3, 1);
  REQUIRE(table.Persist().ok());
  table.Update(3, 2);
  REQUIRE(table.Persist().ok());
  CHECK(*fs.ReadFile(path + ".bak") == ReadTestdata("delayOffset.json"));

  DelayOffsetTable reloaded(&fs, path);
  REQUIRE(reloaded.Load().ok());
  CHECK(reloaded.Get(3) == 2);

  // A torn main file: the previous version comes back from .bak.
  REQUIRE(fs.Truncate(path, 10).ok());
  REQUIRE(reloaded.Load().ok());
  CHECK(reloaded.Get(3) == 1);
}

}  // namespace
}  // namespace spool::store::internal
