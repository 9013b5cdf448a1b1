#include "offset_store.h"

#include <catch2/catch.hpp>

#include <filesystem>

#include "temp_dir.h"

namespace spool::client::internal {
namespace {

TEST_CASE("LocalFileOffsetStore: fastjson's offsets.json with MessageQueue keys, both ways", "[offset_store]") {
  std::map<MessageQueue, int64_t> offsets = {{{"T", "broker-a", 0}, 5}, {{"T", "broker-a", 1}, 7}};
  const std::string json = LocalFileOffsetStore::Encode(offsets);
  CHECK(json ==
        R"({"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T"}:5,)"
        R"({"brokerName":"broker-a","queueId":1,"topic":"T"}:7}})");
  absl::StatusOr<std::map<MessageQueue, int64_t>> back = LocalFileOffsetStore::Decode(json);
  REQUIRE(back.ok());
  CHECK(*back == offsets);
  CHECK_FALSE(LocalFileOffsetStore::Decode("{\"offsetTable\":{{\"queueId\":\"x\"}:1}}").ok());
  CHECK_FALSE(LocalFileOffsetStore::Decode("not json").ok());
}

TEST_CASE("LocalFileOffsetStore: persisted offsets survive a new store object", "[offset_store]") {
  spool::testing::TempDir dir;
  const MessageQueue mq{"T", "b", 3};
  {
    LocalFileOffsetStore store(dir.path(), "10.0.0.1@x", "G");
    REQUIRE(store.Load().ok());
    CHECK(store.ReadStore(mq).value() == -1);
    store.UpdateOffset(mq, 10, true);
    store.UpdateOffset(mq, 8, true);  // increase only
    CHECK(store.ReadMemory(mq) == 10);
    store.PersistAll({mq}, true);
    CHECK(std::filesystem::exists(store.path()));
  }
  LocalFileOffsetStore again(dir.path(), "10.0.0.1@x", "G");
  REQUIRE(again.Load().ok());
  CHECK(again.ReadStore(mq).value() == 10);
}

}  // namespace
}  // namespace spool::client::internal
