#include "codec/message_id.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

namespace spool::store::internal {
namespace {

HostAddress V6(std::initializer_list<uint8_t> bytes, int32_t port) {
  HostAddress h;
  for (uint8_t b : bytes) h.address.push_back(static_cast<char>(b));
  h.port = port;
  return h;
}

TEST_CASE("CreateOffsetMsgId matches RocketMQ's ids", "[codec][message_id]") {
  const HostAddress store = HostAddress::V4(127, 0, 0, 1, 20911);
  // From clean-shutdown.manifest.jsonl (spec §3.1).
  CHECK(CreateOffsetMsgId(store, 0) == "7F000001000051AF0000000000000000");
  CHECK(CreateOffsetMsgId(store, 235) == "7F000001000051AF00000000000000EB");
  CHECK(CreateOffsetMsgId(store, 77841) == "7F000001000051AF0000000000013011");
  CHECK(CreateOffsetMsgId(HostAddress::V4(10, 1, 2, 255, 10911), 0x0123456789ABCDEF) ==
        "0A0102FF00002A9F0123456789ABCDEF");
  const HostAddress v6 = V6({0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, 10911);
  const std::string id = CreateOffsetMsgId(v6, 4096);
  CHECK(id == "FD00000000000000000000000000000200002A9F0000000000001000");
  CHECK(id.size() == 56);
}

TEST_CASE("DecodeOffsetMsgId round-trips and rejects bad ids", "[codec][message_id]") {
  auto d = DecodeOffsetMsgId("7F000001000051AF00000000000000EB");
  REQUIRE(d.ok());
  CHECK(d->store_host == HostAddress::V4(127, 0, 0, 1, 20911));
  CHECK(d->commit_log_offset == 235);
  // Lower case is accepted (UtilAll.string2bytes upper-cases first).
  auto lower = DecodeOffsetMsgId("7f000001000051af00000000000000eb");
  REQUIRE(lower.ok());
  CHECK(lower->commit_log_offset == 235);

  const HostAddress v6 = V6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 10911);
  auto d6 = DecodeOffsetMsgId(CreateOffsetMsgId(v6, int64_t{1} << 40));
  REQUIRE(d6.ok());
  CHECK(d6->store_host == v6);
  CHECK(d6->store_host.is_v6());
  CHECK(d6->commit_log_offset == int64_t{1} << 40);

  CHECK(DecodeOffsetMsgId("").status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(DecodeOffsetMsgId("7F000001000051AF00000000000000E").status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(DecodeOffsetMsgId("7F000001000051AF00000000000000EBB").status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(DecodeOffsetMsgId("7F000001000051AF00000000000000EG").status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(DecodeOffsetMsgId("7F000001000051AF0000000000000 EB").status().code() ==
        absl::StatusCode::kInvalidArgument);
}

TEST_CASE("BytesToHex is upper case", "[codec][message_id]") {
  CHECK(BytesToHex("").empty());
  CHECK(BytesToHex(std::string("\x00\x0f\xab\xff", 4)) == "000FABFF");
}

TEST_CASE("HostAddress formatting", "[codec][message_id]") {
  CHECK(HostAddress::V4(127, 0, 0, 1, 20911).ToString() == "127.0.0.1:20911");
  CHECK(HostAddress::V4(255, 254, 0, 10, 0).ToString() == "255.254.0.10:0");
  CHECK(!HostAddress::V4(1, 2, 3, 4, 5).is_v6());
  CHECK(V6({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 5).ToString() == "[::1]:5");
  CHECK(V6({0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, 10911).ToString() == "[fd00::2]:10911");
  HostAddress odd;
  odd.address = "\x01\x02";
  odd.port = 7;
  CHECK(odd.ToString() == "<0102>:7");
}

TEST_CASE("MessageRecord::OffsetMsgId", "[codec][message_id]") {
  MessageRecord r;
  r.store_host = HostAddress::V4(127, 0, 0, 1, 20911);
  r.commit_log_offset = 77841;
  CHECK(r.OffsetMsgId() == "7F000001000051AF0000000000013011");
}

// Every offsetMsgId the 4.9.7 broker returned in the test run decodes to its store host and re-encodes to
// itself (batch ids are joined with ',').
TEST_CASE("offsetMsgIds of the RocketMQ 4.9.7 manifest", "[codec][message_id][testdata]") {
  std::ifstream in(SPOOL_TESTDATA_DIR "/rocketmq-4.9.7/clean-shutdown.manifest.jsonl");
  REQUIRE(in.good());
  const std::string key = "\"offsetMsgId\":\"";
  std::string line;
  int ids = 0;
  while (std::getline(in, line)) {
    const size_t at = line.find(key);
    if (at == std::string::npos) continue;
    const size_t begin_value = at + key.size();
    const std::string all = line.substr(begin_value, line.find('"', begin_value) - begin_value);
    if (all == "null") continue;
    size_t begin = 0;
    while (begin <= all.size()) {
      size_t end = all.find(',', begin);
      if (end == std::string::npos) end = all.size();
      const std::string id = all.substr(begin, end - begin);
      auto d = DecodeOffsetMsgId(id);
      REQUIRE(d.ok());
      CHECK(d->store_host == HostAddress::V4(127, 0, 0, 1, 20911));
      CHECK(CreateOffsetMsgId(d->store_host, d->commit_log_offset) == id);
      ++ids;
      begin = end + 1;
    }
  }
  // 55 single sends + the batch of 8 (the two transactional sends have offsetMsgId "null").
  CHECK(ids == 55 + 8);
}

}  // namespace
}  // namespace spool::store::internal
