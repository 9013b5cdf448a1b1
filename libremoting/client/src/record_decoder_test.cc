#include "record_decoder.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace spool::client::internal {
namespace {

uint32_t BigEndian32(const std::string& s, size_t pos) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(s[pos + i]);
  return v;
}

// The whole v1 records at the start of RocketMQ 4.9.7's first commit-log file: what a pull body looks like.
std::string RecordsFromTestdata() {
  std::ifstream in(std::string(SPOOL_TESTDATA_DIR) + "/rocketmq-4.9.7/clean-shutdown/commitlog/00000000000000000000",
                   std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string file = ss.str();
  size_t pos = 0;
  while (pos + 8 <= file.size()) {
    const uint32_t size = BigEndian32(file, pos);
    if (size == 0 || BigEndian32(file, pos + 4) != 0xDAA320A7u || pos + size > file.size()) break;
    pos += size;
  }
  return file.substr(0, pos);
}

TEST_CASE("DecodePulledRecords: records written by RocketMQ 4.9.7", "[record]") {
  const std::string body = RecordsFromTestdata();
  REQUIRE(body.size() > 0);
  absl::StatusOr<std::vector<MessageExt>> msgs = DecodePulledRecords(body, "broker-a");
  REQUIRE(msgs.ok());
  REQUIRE(msgs->size() >= 40);
  const MessageExt& first = msgs->front();
  // From clean-shutdown.manifest.jsonl's first line.
  CHECK(first.topic() == "GenTopicA");
  CHECK(first.queue_id == 0);
  CHECK(first.queue_offset == 0);
  CHECK(first.offset_msg_id == "7F000001000051AF0000000000000000");
  CHECK(first.msg_id() == "FD00000000000000000000000000000245BC5FFD2B276F8211C90000");
  CHECK(first.tags() == "TagA");
  CHECK(first.keys() == "key-0");
  CHECK(first.GetProperty("color") == "red");
  CHECK(first.body().size() == 13);
  CHECK(first.broker_name == "broker-a");
  CHECK(first.store_host == "127.0.0.1:20911");

  // The 20,000-byte and 64 KiB bodies were zlib-compressed by the producer: they come back inflated.
  std::set<size_t> compressed_sizes;
  for (const MessageExt& m : *msgs) {
    if ((m.sys_flag & 0x1) != 0) compressed_sizes.insert(m.body().size());
  }
  CHECK(compressed_sizes.contains(20000));
  CHECK(compressed_sizes.contains(65536));
}

TEST_CASE("DecodePulledRecords: a truncated or corrupt body is kDataLoss, never a crash", "[record]") {
  const std::string body = RecordsFromTestdata();
  REQUIRE(body.size() > 200);
  for (size_t cut : {size_t{1}, size_t{3}, size_t{20}, body.size() / 2, body.size() - 1}) {
    absl::StatusOr<std::vector<MessageExt>> r = DecodePulledRecords(body.substr(0, cut), "b");
    INFO("cut at " << cut);
    CHECK(absl::IsDataLoss(r.status()));
  }
  std::string flipped = body;
  flipped[4] ^= 0x55;  // magic code of the first record
  CHECK(absl::IsDataLoss(DecodePulledRecords(flipped, "b").status()));
  CHECK(DecodePulledRecords("", "b")->empty());
}

}  // namespace
}  // namespace spool::client::internal
