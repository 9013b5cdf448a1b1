#include "spool/store/consumer_offsets.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "spool/store/file_system.h"

namespace spool::store {
namespace {

std::string ReadTestdata(const std::string& name) {
  const std::string path = std::string(SPOOL_TESTDATA_DIR) + "/rocketmq-4.9.7/clean-shutdown/config/" + name;
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// A fresh directory under /tmp, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/spool_consumer_offsets_testXXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void WriteRaw(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  REQUIRE(out);
  out << text;
}

std::string ReadRaw(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

bool Exists(const std::string& path) { return std::filesystem::exists(path); }

TEST_CASE("ConsumerOffsetTable decodes RocketMQ's consumerOffset.json", "[config][consumer_offsets]") {
  ConsumerOffsetTable table(FileSystem::Default(), "/unused");
  REQUIRE(table.Decode(ReadTestdata("consumerOffset.json")).ok());
  CHECK(table.QueryAll("gen_store_cg", "GenTopicA") == std::map<int32_t, int64_t>{{0, 11}, {1, 10}, {2, 10}, {3, 10}});
  CHECK(table.Query("gen_store_cg", "GenTopicA", 0) == 11);
  CHECK(table.Query("gen_store_cg", "GenTopicA", 7) == -1);
  CHECK(table.Query("other_cg", "GenTopicA", 0) == -1);
  CHECK(table.Query("CID_RMQ_SYS_TRANS", "RMQ_SYS_TRANS_OP_HALF_TOPIC", 0) == 2);
  CHECK(table.Query("gen_store_cg", "%RETRY%gen_store_cg", 0) == 0);
  CHECK(table.Snapshot().size() == 4);
}

TEST_CASE("ConsumerOffsetTable encodes byte for byte as RocketMQ", "[config][consumer_offsets]") {
  const std::string original = ReadTestdata("consumerOffset.json");
  ConsumerOffsetTable table(FileSystem::Default(), "/unused");
  REQUIRE(table.Decode(original).ok());
  CHECK(table.Encode() == original);

  ConsumerOffsetTable empty(FileSystem::Default(), "/unused");
  CHECK(empty.Encode() == "{\n\t\"offsetTable\":{}\n}");
}

TEST_CASE("ConsumerOffsetTable commit, query, remove", "[config][consumer_offsets]") {
  ConsumerOffsetTable table(FileSystem::Default(), "/unused");
  table.Commit("cg", "orders", 0, 42);
  table.Commit("cg", "orders", 1, 7);
  table.Commit("cg", "orders", 0, 43);
  table.Commit("cg2", "orders", 0, 1);
  CHECK(table.Query("cg", "orders", 0) == 43);
  CHECK(table.QueryAll("cg", "orders") == std::map<int32_t, int64_t>{{0, 43}, {1, 7}});
  CHECK(table.Snapshot().count("orders@cg") == 1);
  table.RemoveGroup("cg", "orders");
  CHECK(table.Query("cg", "orders", 0) == -1);
  CHECK(table.Query("cg2", "orders", 0) == 1);
  CHECK(table.Encode() == "{\n\t\"offsetTable\":{\n\t\t\"orders@cg2\":{0:1\n\t\t}\n\t}\n}");

  // What we write, we read back.
  ConsumerOffsetTable copy(FileSystem::Default(), "/unused");
  REQUIRE(copy.Decode(table.Encode()).ok());
  CHECK(copy.Snapshot() == table.Snapshot());
}

TEST_CASE("ConsumerOffsetTable rejects bad text and keeps its content", "[config][consumer_offsets]") {
  ConsumerOffsetTable table(FileSystem::Default(), "/unused");
  table.Commit("cg", "t", 0, 5);
  for (const char* bad : {"", "{", "[]", "{\"offsetTable\":[]}", "{\"offsetTable\":{\"t@cg\":{x:1}}}",
                          "{\"offsetTable\":{\"t@cg\":{0:\"many\"}}}", "{\"offsetTable\":{\"t@cg\":5}}"}) {
    INFO(bad);
    CHECK_FALSE(table.Decode(bad).ok());
  }
  CHECK(table.Query("cg", "t", 0) == 5);
}

TEST_CASE("ConsumerOffsetTable Persist writes the file and keeps the previous one as .bak",
          "[config][consumer_offsets]") {
  TempDir dir;
  const std::string path = dir.path() + "/config/consumerOffset.json";
  ConsumerOffsetTable table(FileSystem::Default(), path);
  REQUIRE(table.Load().ok());  // neither file: empty
  CHECK(table.Snapshot().empty());

  table.Commit("cg", "t", 0, 1);
  REQUIRE(table.Persist().ok());  // creates the config directory
  const std::string v1 = table.Encode();
  CHECK(ReadRaw(path) == v1);
  CHECK_FALSE(Exists(path + ".bak"));
  CHECK_FALSE(Exists(path + ".tmp"));

  table.Commit("cg", "t", 0, 2);
  REQUIRE(table.Persist().ok());
  CHECK(ReadRaw(path) == table.Encode());
  CHECK(ReadRaw(path + ".bak") == v1);
  CHECK_FALSE(Exists(path + ".tmp"));

  ConsumerOffsetTable reloaded(FileSystem::Default(), path);
  REQUIRE(reloaded.Load().ok());
  CHECK(reloaded.Query("cg", "t", 0) == 2);
}

TEST_CASE("ConsumerOffsetTable Load falls back to .bak", "[config][consumer_offsets]") {
  TempDir dir;
  const std::string path = dir.path() + "/consumerOffset.json";
  const std::string good = ReadTestdata("consumerOffset.json");
  ConsumerOffsetTable table(FileSystem::Default(), path);

  SECTION("main file missing") {
    WriteRaw(path + ".bak", good);
    REQUIRE(table.Load().ok());
    CHECK(table.Query("gen_store_cg", "GenTopicA", 0) == 11);
  }
  SECTION("main file empty") {
    WriteRaw(path, "");
    WriteRaw(path + ".bak", good);
    REQUIRE(table.Load().ok());
    CHECK(table.Query("gen_store_cg", "GenTopicA", 0) == 11);
  }
  SECTION("main file unparseable") {
    WriteRaw(path, good.substr(0, good.size() / 2));
    WriteRaw(path + ".bak", good);
    REQUIRE(table.Load().ok());
    CHECK(table.Query("gen_store_cg", "GenTopicA", 0) == 11);
  }
  SECTION("main file wins over .bak") {
    WriteRaw(path, "{\"offsetTable\":{\"t@g\":{0:99}}}");
    WriteRaw(path + ".bak", good);
    REQUIRE(table.Load().ok());
    CHECK(table.Query("g", "t", 0) == 99);
    CHECK(table.Query("gen_store_cg", "GenTopicA", 0) == -1);
  }
  SECTION("empty main file, no .bak: empty table") {
    table.Commit("g", "t", 0, 1);
    WriteRaw(path, "");
    REQUIRE(table.Load().ok());
    CHECK(table.Snapshot().empty());
  }
  SECTION("unparseable main file, no .bak: data loss naming the file") {
    WriteRaw(path, "{\"offsetTable\":{");
    absl::Status s = table.Load();
    REQUIRE_FALSE(s.ok());
    CHECK(s.code() == absl::StatusCode::kDataLoss);
    CHECK_THAT(std::string(s.message()), Catch::Contains(path));
  }
  SECTION("both unparseable: data loss") {
    WriteRaw(path, "{\"offsetTable\":{");
    WriteRaw(path + ".bak", "garbage");
    absl::Status s = table.Load();
    REQUIRE_FALSE(s.ok());
    CHECK(s.code() == absl::StatusCode::kDataLoss);
    CHECK_THAT(std::string(s.message()), Catch::Contains(path + ".bak"));
  }
  SECTION("missing main file, unparseable .bak: data loss") {
    WriteRaw(path + ".bak", "garbage");
    CHECK(table.Load().code() == absl::StatusCode::kDataLoss);
  }
}

TEST_CASE("ConsumerOffsetTable loads a copy of RocketMQ's config directory", "[config][consumer_offsets]") {
  TempDir dir;
  std::filesystem::copy(std::string(SPOOL_TESTDATA_DIR) + "/rocketmq-4.9.7/clean-shutdown/config", dir.path(),
                        std::filesystem::copy_options::recursive);
  const std::string path = dir.path() + "/consumerOffset.json";
  std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::permissions(path + ".bak",
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  ConsumerOffsetTable table(FileSystem::Default(), path);
  REQUIRE(table.Load().ok());
  CHECK(table.Query("gen_store_cg", "GenTopicA", 1) == 10);
  table.Commit("gen_store_cg", "GenTopicA", 1, 12);
  absl::Status s = table.Persist();
  INFO(s.ToString());
  REQUIRE(s.ok());
  CHECK(ReadRaw(path + ".bak") == ReadTestdata("consumerOffset.json"));
  CHECK_THAT(ReadRaw(path), Catch::Contains("\"GenTopicA@gen_store_cg\":{0:11,1:12,2:10,3:10\n\t\t}"));
}

}  // namespace
}  // namespace spool::store
