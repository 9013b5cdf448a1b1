// mqadmin's record decoder (apps/mqadmin/message_record.h) against a commit log written by real RocketMQ 4.9.7
// (shared/testdata, read in place, never modified) and against hostile bytes.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "message_record.h"
#include "spool/protocol/json_reader.h"

namespace spool::mqadmin {
namespace {

const std::string kStore = std::string(SPOOL_TESTDATA_DIR) + "/rocketmq-4.9.7/clean-shutdown";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The written part of the first commit-log segment: records up to the first zero size.
std::string WrittenRecords() {
  const std::string segment = ReadAll(kStore + "/commitlog/00000000000000000000");
  size_t pos = 0;
  while (pos + 4 <= segment.size()) {
    const uint32_t size = (static_cast<uint8_t>(segment[pos]) << 24) | (static_cast<uint8_t>(segment[pos + 1]) << 16) |
                          (static_cast<uint8_t>(segment[pos + 2]) << 8) | static_cast<uint8_t>(segment[pos + 3]);
    if (size == 0 || pos + size > segment.size()) break;
    pos += size;
  }
  return segment.substr(0, pos);
}

TEST_CASE("DecodeRecords reads every record RocketMQ 4.9.7 wrote as its manifest says", "[message_record]") {
  const std::string bytes = WrittenRecords();
  REQUIRE_FALSE(bytes.empty());
  absl::StatusOr<std::vector<MessageRecord>> records = DecodeRecords(bytes);
  REQUIRE(records.ok());
  std::map<std::string, const MessageRecord*> by_offset_id;
  for (const MessageRecord& m : *records) by_offset_id[m.offset_msg_id] = &m;

  const MessageRecord& first = records->front();
  CHECK(first.offset_msg_id == "7F000001000051AF0000000000000000");
  CHECK(first.topic == "GenTopicA");
  CHECK(first.body == "hello spool 0");
  CHECK(first.store_host == "127.0.0.1:20911");
  CHECK(first.PropertyOrNull("KEYS") == "key-0");
  CHECK(first.MsgId() == "FD00000000000000000000000000000245BC5FFD2B276F8211C90000");

  std::istringstream manifest(ReadAll(kStore + ".manifest.jsonl"));
  std::string line;
  int checked = 0;
  while (std::getline(manifest, line)) {
    absl::StatusOr<protocol::JsonValue> entry = protocol::ParseJson(line);
    REQUIRE(entry.ok());
    const protocol::JsonValue* offset_id = entry->Find("offsetMsgId");
    const protocol::JsonValue* msg_id = entry->Find("msgId");
    const protocol::JsonValue* body_len = entry->Find("bodyLen");
    // Batch sends list several ids in one entry; single messages are enough here.
    if (offset_id == nullptr || msg_id == nullptr || body_len == nullptr) continue;
    if (offset_id->text().find(',') != std::string::npos) continue;
    INFO(line);
    auto it = by_offset_id.find(offset_id->text());
    REQUIRE(it != by_offset_id.end());
    CHECK(it->second->MsgId() == msg_id->text());
    CHECK(static_cast<int64_t>(it->second->body.size()) == body_len->AsInt64().value_or(-1));
    ++checked;
  }
  CHECK(checked > 10);
}

TEST_CASE("DecodeRecords refuses torn and corrupt records without crashing", "[message_record]") {
  const std::string bytes = WrittenRecords();
  REQUIRE(bytes.size() > 235);
  const std::string first = bytes.substr(0, 235);
  REQUIRE(DecodeRecords(first).ok());
  for (size_t cut = 1; cut < first.size(); ++cut) {
    INFO("cut at " << cut);
    CHECK_FALSE(DecodeRecords(first.substr(0, cut)).ok());
  }
  std::string bad_magic = first;
  bad_magic[4] ^= 0x01;
  CHECK_FALSE(DecodeRecords(bad_magic).ok());
  // A body length that runs past the record.
  std::string bad_body = first;
  bad_body[84] = 0x7F;
  CHECK_FALSE(DecodeRecords(bad_body).ok());
  // Every single-byte flip is either still a record or an error: never a crash.
  for (size_t i = 0; i < first.size(); ++i) {
    std::string flipped = first;
    flipped[i] = static_cast<char>(~flipped[i]);
    (void)DecodeRecords(flipped);
  }
  CHECK(DecodeRecords("").ok());
}

}  // namespace
}  // namespace spool::mqadmin
