#include "spool/namesrv/kv_config_manager.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "temp_dir.h"

namespace spool::namesrv {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path);
  out << content;
}

TEST_CASE("KV config: put, get, delete, persisted in RocketMQ's format", "[kv]") {
  spool::testing::TempDir dir;
  const std::string path = dir.Sub("namesrv/kvConfig.json");  // parent directory created on first write
  KvConfigManager kv(path);
  REQUIRE(kv.Load().ok());
  CHECK_FALSE(kv.Get("ORDER_TOPIC_CONFIG", "T").has_value());
  CHECK_FALSE(kv.GetKvListByNamespace("ORDER_TOPIC_CONFIG").has_value());

  REQUIRE(kv.Put("ORDER_TOPIC_CONFIG", "T", "broker-a:4").ok());
  REQUIRE(kv.Put("ORDER_TOPIC_CONFIG", "U", "broker-a:2;broker-b:2").ok());
  REQUIRE(kv.Put("other", "k", "v\"q").ok());
  CHECK(kv.Get("ORDER_TOPIC_CONFIG", "T") == "broker-a:4");
  CHECK(kv.GetKvListByNamespace("ORDER_TOPIC_CONFIG")->Encode() ==
        R"({"table":{"T":"broker-a:4","U":"broker-a:2;broker-b:2"}})");
  CHECK(ReadFile(path) ==
        R"({"configTable":{"ORDER_TOPIC_CONFIG":{"T":"broker-a:4","U":"broker-a:2;broker-b:2"},"other":{"k":"v\"q"}}})");
  CHECK(std::filesystem::exists(path + ".bak"));
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));

  REQUIRE(kv.Delete("ORDER_TOPIC_CONFIG", "T").ok());
  REQUIRE(kv.Delete("ORDER_TOPIC_CONFIG", "absent").ok());
  REQUIRE(kv.Delete("no-such-namespace", "k").ok());
  CHECK_FALSE(kv.Get("ORDER_TOPIC_CONFIG", "T").has_value());

  KvConfigManager reloaded(path);
  REQUIRE(reloaded.Load().ok());
  CHECK(reloaded.Encode() == kv.Encode());
  CHECK(reloaded.Get("other", "k") == "v\"q");
}

TEST_CASE("KV config reads a file RocketMQ wrote, and falls back to the backup", "[kv]") {
  spool::testing::TempDir dir;
  const std::string path = dir.Sub("kvConfig.json");
  // KVConfigManager.persist writes compact fastjson; a hand-edited pretty one must load too.
  WriteFile(path, "{\n\t\"configTable\":{\n\t\t\"ORDER_TOPIC_CONFIG\":{\n\t\t\t\"T\":\"broker-a:8\"\n\t\t}\n\t}\n}");
  KvConfigManager kv(path);
  REQUIRE(kv.Load().ok());
  CHECK(kv.Get("ORDER_TOPIC_CONFIG", "T") == "broker-a:8");

  std::filesystem::rename(path, path + ".bak");
  KvConfigManager from_bak(path);
  REQUIRE(from_bak.Load().ok());
  CHECK(from_bak.Get("ORDER_TOPIC_CONFIG", "T") == "broker-a:8");
}

TEST_CASE("a corrupt KV file is an error naming it", "[kv]") {
  spool::testing::TempDir dir;
  const std::string path = dir.Sub("kvConfig.json");
  WriteFile(path, "{\"configTable\":{\"ns\":[1,2]}}");
  KvConfigManager kv(path);
  absl::Status s = kv.Load();
  REQUIRE_FALSE(s.ok());
  CHECK(s.message() == path + ": KVConfigSerializeWrapper.configTable.ns: expected an object");
  WriteFile(path, "{\"configTable\":");
  s = kv.Load();
  REQUIRE_FALSE(s.ok());
  CHECK(s.message().find(path + ": JSON syntax error") == 0);
}

TEST_CASE("a KV change that cannot be persisted is reported and kept in memory", "[kv]") {
  spool::testing::TempDir dir;
  const std::string blocker = dir.Sub("file");
  WriteFile(blocker, "x");
  KvConfigManager kv(blocker + "/kvConfig.json");  // parent is a regular file
  absl::Status s = kv.Put("ns", "k", "v");
  CHECK_FALSE(s.ok());
  CHECK(kv.Get("ns", "k") == "v");
}

}  // namespace
}  // namespace spool::namesrv
