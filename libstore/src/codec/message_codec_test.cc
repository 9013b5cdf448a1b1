#include "codec/message_codec.h"

#include <openssl/sha.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "codec/compression.h"
#include "codec/crc32.h"
#include "codec/java_hash.h"
#include "codec/message_id.h"
#include "codec/properties_codec.h"
#include "util/big_endian.h"

namespace spool::store::internal {
namespace {

constexpr char kStoreDir[] = SPOOL_TESTDATA_DIR "/rocketmq-4.9.7/clean-shutdown";
constexpr char kManifest[] = SPOOL_TESTDATA_DIR "/rocketmq-4.9.7/clean-shutdown.manifest.jsonl";

const std::string& CommitLogSegment() {
  static const std::string* data = [] {
    std::ifstream in(std::string(kStoreDir) + "/commitlog/00000000000000000000", std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return new std::string(s.str());
  }();
  return *data;
}

std::string_view RecordAt(int64_t offset) {
  const std::string& log = CommitLogSegment();
  const int32_t size = GetBEInt(log.data() + offset);
  return std::string_view(log).substr(static_cast<size_t>(offset), static_cast<size_t>(size));
}

// RocketMQ's default messageDelayLevel, capped at the max level as ScheduleMessageService does.
int64_t DefaultDelayMs(int32_t level) {
  static constexpr int64_t kDelays[] = {1000,   5000,   10000,  30000,  60000,  120000,  180000,  240000,  300000,
                                        360000, 420000, 480000, 540000, 600000, 1200000, 1800000, 3600000, 7200000};
  constexpr int32_t kMax = 18;
  if (level < 1) return 0;
  return kDelays[std::min(level, kMax) - 1];
}
const DelayLevelFn kDelayFn = DefaultDelayMs;

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

// A string or integer field of one manifest line, as text ("" if absent). The manifest's values contain no
// escaped quotes, so a plain search is enough (and std::regex trips GCC 12's -Wmaybe-uninitialized under ASan).
std::string JsonField(const std::string& line, const std::string& name) {
  const std::string key = "\"" + name + "\":";
  const size_t at = line.find(key);
  if (at == std::string::npos) return "";
  size_t begin = at + key.size();
  if (begin < line.size() && line[begin] == '"') {
    const size_t end = line.find('"', begin + 1);
    return end == std::string::npos ? "" : line.substr(begin + 1, end - begin - 1);
  }
  size_t end = begin;
  while (end < line.size() && (line[end] == '-' || (line[end] >= '0' && line[end] <= '9'))) ++end;
  return line.substr(begin, end - begin);
}

std::vector<std::string> ManifestLines() {
  std::ifstream in(kManifest);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A heap copy of exactly `n` bytes, so that AddressSanitizer flags any read past the end.
struct ExactBuffer {
  explicit ExactBuffer(std::string_view bytes) : data(new char[bytes.size()]), size(bytes.size()) {
    if (size > 0) std::memcpy(data.get(), bytes.data(), size);
  }
  std::string_view view() const { return {data.get(), size}; }
  std::unique_ptr<char[]> data;
  size_t size;
};

RecordCheck Check(std::string_view bytes, bool check_crc = true) {
  ExactBuffer buf(bytes);
  return CheckRecord(buf.view(), check_crc, kDelayFn);
}

// The Message a decoded record came from (everything EncodeRecord reads).
Message MessageOf(const MessageRecord& r) {
  Message m;
  m.topic = r.topic;
  m.queue_id = r.queue_id;
  m.flag = r.flag;
  m.body = r.body;
  m.properties = r.properties;
  m.sys_flag = r.sys_flag;
  m.born_timestamp = r.born_timestamp;
  m.born_host = r.born_host;
  m.store_host = r.store_host;
  m.reconsume_times = r.reconsume_times;
  m.prepared_transaction_offset = r.prepared_transaction_offset;
  return m;
}

std::string Reencode(const MessageRecord& r, std::string_view properties) {
  const Message m = MessageOf(r);
  std::string out;
  EncodeRecord(m, m.body, properties, r.sys_flag, BodyCrc(m.body), r.queue_offset, r.commit_log_offset,
               r.store_timestamp, &out);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Real RocketMQ 4.9.7 data.

TEST_CASE("CheckRecord walks every record of the RocketMQ 4.9.7 commit log", "[codec][message_codec][testdata]") {
  const std::string& log = CommitLogSegment();
  REQUIRE(log.size() == size_t{1} << 20);
  std::vector<RecordCheck> records;
  int64_t pos = 0;
  RecordCheck end;
  for (;;) {
    RecordCheck c = CheckRecord(std::string_view(log).substr(static_cast<size_t>(pos)), true, kDelayFn);
    if (c.kind != RecordKind::kMessage) {
      end = c;
      break;
    }
    INFO("record at " << pos);
    CHECK(c.reason.empty());
    CHECK(c.info.commit_log_offset == pos);
    CHECK(c.info.size == c.size);
    CHECK(c.size == GetBEInt(log.data() + pos));
    pos += c.size;
    records.push_back(std::move(c));
  }
  REQUIRE(records.size() == 69);
  CHECK(pos == 81515);
  // After the last record the segment is zero-filled: a clean end, not corruption.
  CHECK(end.kind == RecordKind::kIncomplete);
  CHECK(std::all_of(log.begin() + pos, log.end(), [](char c) { return c == 0; }));

  auto at = [&](int64_t offset) -> const DispatchInfo& {
    for (const auto& r : records) {
      if (r.info.commit_log_offset == offset) return r.info;
    }
    FAIL("no record at " << offset);
    return records.front().info;
  };

  const DispatchInfo& first = at(0);
  CHECK(first.topic == "GenTopicA");
  CHECK(first.queue_id == 0);
  CHECK(first.queue_offset == 0);
  CHECK(first.size == 235);
  CHECK(first.tags_code == 2598919);  // "TagA"
  CHECK(first.store_timestamp == 1795361995427);
  CHECK(first.keys == "key-0");
  CHECK(first.uniq_key == "FD00000000000000000000000000000245BC5FFD2B276F8211C90000");
  CHECK(first.sys_flag == 0);
  CHECK(first.prepared_transaction_offset == 0);

  // The ConsumeQueue units of GenTopicA/0 (spec §4.2): (0,235,TagA) (910,225,TagB) (1821,225,TagC).
  CHECK(at(910).tags_code == 2598920);
  CHECK(at(910).queue_offset == 1);
  CHECK(at(1821).tags_code == 2598921);
  CHECK(at(1821).size == 225);

  // The UTF-8 message with three keys, and the untagged GenTopicB/3 message.
  CHECK(at(9174).keys == "k1 k2 k3");
  CHECK(at(9417).topic == "GenTopicB");
  CHECK(at(9417).queue_id == 3);
  CHECK(at(9417).tags_code == 0);
  CHECK(at(9417).keys.empty());
  CHECK(at(9417).uniq_key == "FD00000000000000000000000000000245BC5FFD2B276F82147C0029");

  // The compressed bodies.
  CHECK(at(9603).sys_flag == 0x301);
  CHECK(at(9904).sys_flag == 0x301);
  CHECK(at(9904).size == 65767);

  // The batch: 8 records of 241 bytes in GenTopicD/1, offsets 0..7, one store timestamp.
  for (int i = 0; i < 8; ++i) {
    const DispatchInfo& b = at(77841 + 241 * i);
    INFO("batch record " << i);
    CHECK(b.topic == "GenTopicD");
    CHECK(b.queue_id == 1);
    CHECK(b.queue_offset == i);
    CHECK(b.size == 241);
    CHECK(b.store_timestamp == 1795361996069);
    CHECK(b.keys == "batch-" + std::to_string(i));
    CHECK(b.tags_code == JavaStringHashCode("Batch"));
  }

  // The delayed message parked in SCHEDULE_TOPIC_XXXX queue 2 (level 3 = 10 s): its tag code is its due time.
  const DispatchInfo& parked = at(79769);
  CHECK(parked.topic == "SCHEDULE_TOPIC_XXXX");
  CHECK(parked.queue_id == 2);
  CHECK(parked.store_timestamp == 1795361996119);
  CHECK(parked.tags_code == 1795361996119 + 10000);
  CHECK(parked.tags_code == 1795362006119);
  CHECK(parked.keys == "delay-1");
  // Re-delivered to GenTopicE/1: DELAY is still in its properties but the topic is not the schedule topic.
  CHECK(at(81243).topic == "GenTopicE");
  CHECK(at(81243).queue_id == 1);
  CHECK(at(81243).tags_code == JavaStringHashCode("Delay"));

  // Transactions: half records, the commit record (COMMIT, pointing at its half) and the op records.
  CHECK(at(80051).topic == "RMQ_SYS_TRANS_HALF_TOPIC");
  CHECK(at(80362).queue_offset == 1);
  const DispatchInfo& commit = at(80677);
  CHECK(commit.topic == "GenTopicF");
  CHECK(commit.sys_flag == kSysFlagTransactionCommit);
  CHECK(commit.prepared_transaction_offset == 80051);
  CHECK(commit.queue_offset == 0);
  CHECK(commit.keys == "tx-commit");
  CHECK(at(80973).topic == "RMQ_SYS_TRANS_OP_HALF_TOPIC");
  CHECK(at(80973).tags_code == 100);  // "d"
  CHECK(at(81108).tags_code == 100);
}

TEST_CASE("a reused RecordCheck gives the same answers as fresh ones", "[codec][message_codec][testdata]") {
  const std::string& log = CommitLogSegment();
  RecordCheck reused;
  int64_t pos = 0;
  int records = 0;
  for (;;) {
    const std::string_view rest = std::string_view(log).substr(static_cast<size_t>(pos));
    CheckRecord(rest, true, kDelayFn, &reused);
    const RecordCheck fresh = CheckRecord(rest, true, kDelayFn);
    INFO("record at " << pos);
    REQUIRE(reused.kind == fresh.kind);
    CHECK(reused.size == fresh.size);
    CHECK(reused.reason == fresh.reason);
    if (fresh.kind != RecordKind::kMessage) break;
    // Fields a previous record set must not leak (e.g. KEYS of GenTopicA into the key-less GenTopicB record).
    CHECK(reused.info.topic == fresh.info.topic);
    CHECK(reused.info.keys == fresh.info.keys);
    CHECK(reused.info.uniq_key == fresh.info.uniq_key);
    CHECK(reused.info.tags_code == fresh.info.tags_code);
    CHECK(reused.info.queue_offset == fresh.info.queue_offset);
    CHECK(reused.info.commit_log_offset == fresh.info.commit_log_offset);
    pos += fresh.size;
    ++records;
  }
  CHECK(records == 69);
  // And a failure after a success leaves no stale reason behind the next success.
  CheckRecord(std::string(100, '\x01'), true, kDelayFn, &reused);
  CHECK(reused.kind == RecordKind::kCorrupt);
  CheckRecord(RecordAt(0), true, kDelayFn, &reused);
  CHECK(reused.kind == RecordKind::kMessage);
  CHECK(reused.reason.empty());
}

TEST_CASE("the schedule-topic tag code uses the delay-level function", "[codec][message_codec][testdata]") {
  const std::string_view parked = RecordAt(79769);
  CHECK(CheckRecord(parked, true, kDelayFn).info.tags_code == 1795361996119 + 10000);
  // No table: RocketMQ's fallback of 1 s for an unknown level.
  CHECK(CheckRecord(parked, true).info.tags_code == 1795361996119 + 1000);
  CHECK(CheckRecord(parked, true, [](int32_t) { return int64_t{0}; }).info.tags_code == 1795361996119 + 1000);
  CHECK(CheckRecord(parked, true, [](int32_t level) { return int64_t{level} * 7; }).info.tags_code ==
        1795361996119 + 21);
}

TEST_CASE("every manifest message is in the commit log with its body", "[codec][message_codec][testdata]") {
  int checked = 0;
  for (const std::string& line : ManifestLines()) {
    const std::string id = JsonField(line, "offsetMsgId");
    const std::string sha = JsonField(line, "bodySha256");
    if (sha.empty() || id.find(',') != std::string::npos) continue;  // transactions have no id, batches no sha
    INFO(line);
    auto decoded_id = DecodeOffsetMsgId(id);
    REQUIRE(decoded_id.ok());
    auto record = DecodeMessageRecord(RecordAt(decoded_id->commit_log_offset));
    REQUIRE(record.ok());
    CHECK(record->OffsetMsgId() == id);
    CHECK(record->UniqKey() == JsonField(line, "msgId"));
    CHECK(record->Keys() == JsonField(line, "KEYS"));
    if (JsonField(line, "kind") == "delayed") {
      CHECK(record->topic == "SCHEDULE_TOPIC_XXXX");
      CHECK(record->properties.Get(kPropertyRealTopic) == JsonField(line, "topic"));
      CHECK(record->properties.Get(kPropertyRealQueueId) == JsonField(line, "queueId"));
    } else {
      CHECK(record->topic == JsonField(line, "topic"));
      CHECK(std::to_string(record->queue_id) == JsonField(line, "queueId"));
      CHECK(std::to_string(record->queue_offset) == JsonField(line, "queueOffset"));
    }
    auto body = record->DecompressedBody();
    REQUIRE(body.ok());
    CHECK(std::to_string(body->size()) == JsonField(line, "bodyLen"));
    CHECK(Sha256Hex(*body) == sha);
    ++checked;
  }
  CHECK(checked == 55);
}

TEST_CASE("the compressed bodies inflate to the manifest's SHA-256", "[codec][message_codec][testdata]") {
  struct Case {
    int64_t offset;
    size_t length;
  };
  for (const Case& c : {Case{9603, 20000}, Case{9904, 65536}}) {
    INFO("record at " << c.offset);
    auto record = DecodeMessageRecord(RecordAt(c.offset));
    REQUIRE(record.ok());
    CHECK(record->sys_flag == 0x301);
    std::string sha;
    for (const std::string& line : ManifestLines()) {
      if (JsonField(line, "offsetMsgId") == CreateOffsetMsgId(record->store_host, c.offset)) {
        sha = JsonField(line, "bodySha256");
      }
    }
    REQUIRE(sha.size() == 64);
    auto body = record->DecompressedBody();
    REQUIRE(body.ok());
    CHECK(body->size() == c.length);
    CHECK(Sha256Hex(*body) == sha);
    // Java's Deflater at level 5 and zlib's produce the same bytes, so Spool compresses as the client did.
    auto again = ZlibCompress(*body, 5);
    REQUIRE(again.ok());
    CHECK(*again == record->body);
  }
}

// Decode, rebuild the Message and encode again: the bytes must be RocketMQ's, bit for bit.
TEST_CASE("golden: decoded records re-encode to the identical bytes", "[codec][message_codec][testdata]") {
  auto golden = [](int64_t offset) {
    INFO("record at " << offset);
    const std::string_view bytes = RecordAt(offset);
    auto record = DecodeMessageRecord(bytes);
    REQUIRE(record.ok());
    CHECK(record->total_size == static_cast<int32_t>(bytes.size()));
    CHECK(record->body_crc == BodyCrc(record->body));
    const std::string properties = EncodeProperties(record->properties);
    const std::string out = Reencode(*record, properties);
    CHECK(out.size() == bytes.size());
    CHECK(out == bytes);
    CHECK(RecordLength(record->sys_flag, static_cast<int32_t>(record->body.size()),
                       static_cast<int32_t>(record->topic.size()),
                       static_cast<int32_t>(properties.size())) == record->total_size);
  };
  SECTION("the first record") { golden(0); }
  SECTION("the zlib-compressed 0x301 records") {
    golden(9603);
    golden(9904);
  }
  SECTION("the transaction commit record 0x8") { golden(80677); }
  SECTION("the UTF-8 record, the untagged one, the delayed ones and the op records") {
    for (int64_t offset : {9174, 9417, 79769, 81243, 80973, 81108}) golden(offset);
  }
  SECTION("a GenTopicD batch record") {
    // A batch record's properties are its inner string + \2 + the batch-level string, so WAIT appears twice; a
    // property map holds it once. Re-encoding the map gives the record minus the duplicate; the raw string gives
    // the record itself.
    const std::string_view bytes = RecordAt(77841);
    auto record = DecodeMessageRecord(bytes);
    REQUIRE(record.ok());
    CHECK(record->properties_string ==
          "KEYS\x01" "batch-0\x02UNIQ_KEY\x01" "FD00000000000000000000000000000245BC5FFD2B276F8215090036\x02"
          "WAIT\x01true\x02TAGS\x01" "Batch\x02" "CLUSTER\x01TestCluster\x02WAIT\x01true");
    CHECK(EncodeProperties(record->properties) + "\x02WAIT\x01true" == record->properties_string);
    CHECK(Reencode(*record, record->properties_string) == bytes);
  }
  SECTION("all 69 records") {
    const std::string& log = CommitLogSegment();
    int64_t pos = 0;
    int records = 0, via_map = 0;
    while (GetBEInt(log.data() + pos + kPosMagic) == kMessageMagicCode) {
      INFO("record at " << pos);
      const std::string_view bytes = RecordAt(pos);
      auto record = DecodeMessageRecord(bytes);
      REQUIRE(record.ok());
      const std::string properties = EncodeProperties(record->properties);
      if (properties == record->properties_string) ++via_map;
      CHECK(Reencode(*record, record->properties_string) == bytes);
      pos += bytes.size();
      ++records;
    }
    CHECK(records == 69);
    CHECK(via_map == 69 - 8);  // all but the batch records, which repeat WAIT
  }
}

TEST_CASE("PatchRecord writes the fields assigned under the put lock", "[codec][message_codec][testdata]") {
  for (int64_t offset : {0, 77841, 80677}) {
    INFO("record at " << offset);
    const std::string_view bytes = RecordAt(offset);
    auto record = DecodeMessageRecord(bytes);
    REQUIRE(record.ok());
    const Message m = MessageOf(*record);
    std::string out;
    EncodeRecord(m, m.body, record->properties_string, record->sys_flag, record->body_crc, 0, 0, 0, &out);
    CHECK(out != bytes);
    PatchRecord(out.data(), record->queue_offset, record->commit_log_offset, record->store_timestamp);
    CHECK(out == bytes);
  }
}

TEST_CASE("DecodeMessageRecord fields of the first record", "[codec][message_codec][testdata]") {
  auto r = DecodeMessageRecord(RecordAt(0));
  REQUIRE(r.ok());
  CHECK(r->total_size == 235);
  CHECK(r->body_crc == 0x5cd97e7f);
  CHECK(r->queue_id == 0);
  CHECK(r->flag == 0);
  CHECK(r->queue_offset == 0);
  CHECK(r->commit_log_offset == 0);
  CHECK(r->sys_flag == 0);
  CHECK(r->born_timestamp == 0x000001a203e9f9ca);
  CHECK(r->born_host == HostAddress::V4(127, 0, 0, 1, 0xaa9e));
  CHECK(r->store_timestamp == 0x000001a203e9faa3);
  CHECK(r->store_host == HostAddress::V4(127, 0, 0, 1, 20911));
  CHECK(r->reconsume_times == 0);
  CHECK(r->prepared_transaction_offset == 0);
  CHECK(r->body == "hello spool 0");
  CHECK(r->topic == "GenTopicA");
  CHECK(r->properties_string.size() == 122);
  CHECK(r->Tags() == "TagA");
  CHECK(r->Keys() == "key-0");
  CHECK(r->properties.Get("color") == "red");
  CHECK(r->properties.entries().front().first == "color");  // stored order preserved
  CHECK(r->OffsetMsgId() == "7F000001000051AF0000000000000000");
  CHECK(*r->DecompressedBody() == "hello spool 0");
  // Bytes after the record are not read.
  const std::string& log = CommitLogSegment();
  auto with_tail = DecodeMessageRecord(std::string_view(log).substr(0, 1000));
  REQUIRE(with_tail.ok());
  CHECK(with_tail->total_size == 235);
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile input.

TEST_CASE("a record cut at every byte is kIncomplete", "[codec][message_codec][hostile]") {
  const std::string& log = CommitLogSegment();
  int64_t pos = 0;
  int records = 0;
  while (GetBEInt(log.data() + pos + kPosMagic) == kMessageMagicCode) {
    const std::string_view record = RecordAt(pos);
    std::vector<size_t> cuts;
    if (record.size() <= 1000) {
      for (size_t n = 0; n < record.size(); ++n) cuts.push_back(n);
    } else {
      for (size_t n : {size_t{0}, size_t{7}, size_t{8}, size_t{90}, size_t{91}, size_t{1000}, record.size() / 2,
                       record.size() - 1}) {
        cuts.push_back(n);
      }
    }
    for (size_t n : cuts) {
      INFO("record at " << pos << " cut to " << n << " bytes");
      const RecordCheck c = Check(record.substr(0, n));
      REQUIRE(c.kind == RecordKind::kIncomplete);
      CHECK(!c.reason.empty());
    }
    CHECK(Check(record).kind == RecordKind::kMessage);
    pos += record.size();
    ++records;
  }
  CHECK(records == 69);
}

TEST_CASE("damaged records are kCorrupt with a reason", "[codec][message_codec][hostile]") {
  const std::string good(RecordAt(0));
  const int32_t body_length = GetBEInt(good.data() + 84);
  REQUIRE(body_length == 13);
  const size_t topic_length_pos = 88 + 13;
  const size_t properties_length_pos = topic_length_pos + 1 + 9;
  // Followed by more data, as in a segment: a size error must not be mistaken for a torn tail.
  auto with_tail = [](std::string r) { return r + std::string(RecordAt(235)); };

  auto expect_corrupt = [&](const std::string& bytes, const std::string& reason_part, bool check_crc = true) {
    INFO("expecting kCorrupt mentioning '" << reason_part << "'");
    const RecordCheck c = Check(bytes, check_crc);
    CHECK(c.kind == RecordKind::kCorrupt);
    INFO("reason: " << c.reason);
    CHECK(c.reason.find(reason_part) != std::string::npos);
  };

  SECTION("magic") {
    std::string r = good;
    r[kPosMagic] ^= 0x01;
    expect_corrupt(r, "magic");
    PutBE32(r.data() + kPosMagic, 0);
    expect_corrupt(r, "magic");
  }
  SECTION("TOTALSIZE") {
    std::string r = with_tail(good);
    PutBE32(r.data(), 236);
    expect_corrupt(r, "computed length");
    PutBE32(r.data(), 234);
    expect_corrupt(r, "computed length");
    PutBE32(r.data(), 0);
    expect_corrupt(r, "TOTALSIZE 0");
    PutBE32(r.data(), static_cast<uint32_t>(-235));
    expect_corrupt(r, "TOTALSIZE -235");
    PutBE32(r.data(), 90);
    expect_corrupt(r, "smallest");
    // Larger than what is there: indistinguishable from a torn tail.
    PutBE32(r.data(), 0x7FFFFFFF);
    CHECK(Check(r).kind == RecordKind::kIncomplete);
  }
  SECTION("body byte, with and without CRC checking") {
    std::string r = good;
    r[88 + 3] ^= 0x20;
    expect_corrupt(r, "CRC");
    // Dispatch does not check the CRC (RocketMQ's reput neither): the record still parses.
    CHECK(Check(r, /*check_crc=*/false).kind == RecordKind::kMessage);
  }
  SECTION("BODYCRC field") {
    std::string r = good;
    r[kPosBodyCrc + 3] ^= 0x01;
    expect_corrupt(r, "CRC");
  }
  SECTION("BODYLENGTH") {
    std::string r = with_tail(good);
    PutBE32(r.data() + 84, 14);
    expect_corrupt(r, "");
    PutBE32(r.data() + 84, static_cast<uint32_t>(-1));
    expect_corrupt(r, "negative BODYLENGTH");
    PutBE32(r.data() + 84, 0x7FFFFFF0);
    expect_corrupt(r, "overruns");
    PutBE32(r.data() + 84, 12);
    expect_corrupt(r, "", /*check_crc=*/false);
  }
  SECTION("TOPICLENGTH") {
    std::string r = with_tail(good);
    r[topic_length_pos] = static_cast<char>(0x80);
    expect_corrupt(r, "negative TOPICLENGTH");
    r[topic_length_pos] = 127;
    expect_corrupt(r, "");
    r[topic_length_pos] = 8;
    expect_corrupt(r, "computed length");
  }
  SECTION("PROPERTIESLENGTH") {
    std::string r = with_tail(good);
    PutBE16(r.data() + properties_length_pos, 0x8000);
    expect_corrupt(r, "negative PROPERTIESLENGTH");
    PutBE16(r.data() + properties_length_pos, 0x7FFF);
    expect_corrupt(r, "");
    PutBE16(r.data() + properties_length_pos, 121);
    expect_corrupt(r, "computed length");
  }
  SECTION("IPv6 flags on IPv4 hosts") {
    std::string r = with_tail(good);
    PutBE32(r.data() + kPosSysFlag, kSysFlagBornHostV6 | kSysFlagStoreHostV6);
    expect_corrupt(r, "");
  }
  SECTION("the size is reported for a corrupt record whose TOTALSIZE was readable") {
    std::string r = good;
    r[88] ^= 1;
    CHECK(Check(r).size == 235);
  }
}

TEST_CASE("BLANK records and unwritten space", "[codec][message_codec][hostile]") {
  char blank[8];
  EncodeBlank(4096, blank);
  CHECK(std::string(blank, 8) == std::string("\x00\x00\x10\x00\xCB\xD4\x31\x94", 8));

  // kBlank carries the TOTALSIZE field: the bytes left in the segment.
  std::string tail(4096, '\0');
  std::memcpy(tail.data(), blank, 8);
  RecordCheck c = Check(tail);
  CHECK(c.kind == RecordKind::kBlank);
  CHECK(c.size == 4096);
  // The 8-byte header alone is enough.
  c = Check(std::string_view(blank, 8));
  CHECK(c.kind == RecordKind::kBlank);
  CHECK(c.size == 4096);
  EncodeBlank(8, blank);
  c = Check(std::string_view(blank, 8));
  CHECK(c.kind == RecordKind::kBlank);
  CHECK(c.size == 8);

  // Zeros: the end of the written data.
  c = Check(std::string(1000, '\0'));
  CHECK(c.kind == RecordKind::kIncomplete);
  CHECK(c.reason.find("zeros") != std::string::npos);
  c = Check(std::string(7, '\0'));
  CHECK(c.kind == RecordKind::kIncomplete);
  c = Check("");
  CHECK(c.kind == RecordKind::kIncomplete);
  // A zero TOTALSIZE with a message magic is corruption, not unwritten space.
  std::string zero_size(200, '\0');
  PutBE32(zero_size.data() + kPosMagic, static_cast<uint32_t>(kMessageMagicCode));
  CHECK(Check(zero_size).kind == RecordKind::kCorrupt);

  // DecodeRecord refuses all of them.
  CHECK(DecodeMessageRecord(tail).status().code() == absl::StatusCode::kDataLoss);
  CHECK(DecodeMessageRecord(std::string(1000, '\0')).status().code() == absl::StatusCode::kDataLoss);
  CHECK(DecodeMessageRecord(RecordAt(0).substr(0, 100)).status().code() == absl::StatusCode::kDataLoss);
  std::string bad(RecordAt(0));
  bad[90] ^= 1;
  CHECK(DecodeMessageRecord(bad).status().code() == absl::StatusCode::kDataLoss);
  CHECK(DecodeMessageRecord(bad, /*check_crc=*/false).ok());
}

TEST_CASE("random garbage never crashes CheckRecord or DecodeRecord", "[codec][message_codec][hostile]") {
  const uint64_t seed = GENERATE(11ULL, 12ULL);
  CAPTURE(seed);
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 3000; ++i) {
    std::string junk(rng() % 400, '\0');
    for (auto& ch : junk) ch = static_cast<char>(rng());
    // Half of the time make it look like a record so the parse goes deeper.
    if (junk.size() >= 8 && (i & 1)) {
      PutBE32(junk.data() + kPosMagic, static_cast<uint32_t>(kMessageMagicCode));
      PutBE32(junk.data(), static_cast<uint32_t>(rng() % (junk.size() + 1)));
    }
    const RecordCheck c = Check(junk, (i & 2) != 0);
    if (c.kind == RecordKind::kMessage) {
      CHECK(c.size > 0);
      CHECK(static_cast<size_t>(c.size) <= junk.size());
    }
    ExactBuffer buf(junk);
    MessageRecord r;
    const absl::Status s = DecodeRecord(buf.view(), false, &r);
    CHECK(s.ok() == (Check(junk, false).kind == RecordKind::kMessage));
  }
}

// Whatever CheckRecord accepts, DecodeRecord decodes and EncodeRecord reproduces: nothing in an accepted record
// escapes the decoder.
TEST_CASE("mutated records: accepted ones decode and re-encode exactly", "[codec][message_codec][hostile]") {
  const uint64_t seed = GENERATE(21ULL, 22ULL);
  CAPTURE(seed);
  std::mt19937_64 rng(seed);
  const std::vector<int64_t> sources = {0, 9417, 77841, 79769, 80677};
  int accepted = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string r(RecordAt(sources[rng() % sources.size()]));
    const int flips = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < flips; ++k) r[rng() % r.size()] = static_cast<char>(rng());
    const bool check_crc = rng() & 1;
    const RecordCheck c = Check(r, check_crc);
    if (c.kind != RecordKind::kMessage) continue;
    ++accepted;
    ExactBuffer buf(r);
    MessageRecord decoded;
    REQUIRE(DecodeRecord(buf.view(), check_crc, &decoded).ok());
    const Message m = MessageOf(decoded);
    std::string out;
    EncodeRecord(m, m.body, decoded.properties_string, decoded.sys_flag, decoded.body_crc, decoded.queue_offset,
                 decoded.commit_log_offset, decoded.store_timestamp, &out);
    CHECK(out == r.substr(0, static_cast<size_t>(c.size)));
  }
  CHECK(accepted > 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Synthetic records.

HostAddress RandomHost(std::mt19937_64& rng, bool v6) {
  HostAddress h;
  h.address.resize(v6 ? 16 : 4);
  for (auto& ch : h.address) ch = static_cast<char>(rng());
  h.port = static_cast<int32_t>(rng() % 65536);
  return h;
}

TEST_CASE("random messages round-trip through EncodeRecord, CheckRecord and DecodeRecord",
          "[codec][message_codec]") {
  const uint64_t seed = GENERATE(31ULL, 32ULL, 33ULL);
  CAPTURE(seed);
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 300; ++i) {
    Message m;
    // absl::StrCat rather than "T" + std::string: GCC 12 -O3 reports a false -Wrestrict on the latter.
    m.topic = absl::StrCat("T", rng() % (uint64_t{1} << (rng() % 60)));
    m.queue_id = static_cast<int32_t>(rng() % 64);
    m.flag = static_cast<int32_t>(rng());
    m.body.resize(rng() % 2000);
    for (auto& ch : m.body) ch = static_cast<char>(rng());
    if (rng() % 3) m.properties.Set(kPropertyTags, absl::StrCat("Tag", rng() % 100));
    if (rng() % 2) m.properties.Set(kPropertyKeys, absl::StrCat("k", rng() % 100, " k2"));
    m.properties.Set(kPropertyUniqKey, std::to_string(rng()));
    m.born_timestamp = static_cast<int64_t>(rng() >> 1);
    const bool born_v6 = rng() & 1, store_v6 = rng() & 1;
    m.born_host = RandomHost(rng, born_v6);
    m.store_host = RandomHost(rng, store_v6);
    m.reconsume_times = static_cast<int32_t>(rng() % 16);
    m.prepared_transaction_offset = static_cast<int64_t>(rng() >> 2);
    const int32_t sys_flag = (born_v6 ? kSysFlagBornHostV6 : 0) | (store_v6 ? kSysFlagStoreHostV6 : 0) |
                             static_cast<int32_t>(rng() & kSysFlagTransactionMask);
    const int64_t queue_offset = static_cast<int64_t>(rng() >> 3);
    const int64_t physical_offset = static_cast<int64_t>(rng() >> 3);
    const int64_t store_timestamp = static_cast<int64_t>(rng() >> 3);
    const std::string properties = EncodeProperties(m.properties);

    std::string out = "prefix";  // EncodeRecord appends
    EncodeRecord(m, m.body, properties, sys_flag, BodyCrc(m.body), queue_offset, physical_offset, store_timestamp,
                 &out);
    REQUIRE(out.substr(0, 6) == "prefix");
    const std::string_view record = std::string_view(out).substr(6);
    REQUIRE(record.size() == static_cast<size_t>(RecordLength(sys_flag, static_cast<int32_t>(m.body.size()),
                                                              static_cast<int32_t>(m.topic.size()),
                                                              static_cast<int32_t>(properties.size()))));
    CHECK(GetBELong(record.data() + StoreTimestampPosition(sys_flag)) == store_timestamp);

    const RecordCheck c = Check(record);
    REQUIRE(c.kind == RecordKind::kMessage);
    CHECK(c.size == static_cast<int32_t>(record.size()));
    CHECK(c.info.topic == m.topic);
    CHECK(c.info.queue_id == m.queue_id);
    CHECK(c.info.commit_log_offset == physical_offset);
    CHECK(c.info.queue_offset == queue_offset);
    CHECK(c.info.store_timestamp == store_timestamp);
    CHECK(c.info.tags_code == TagsCode(m.properties.Get(kPropertyTags)));
    CHECK(c.info.keys == m.properties.Get(kPropertyKeys));
    CHECK(c.info.uniq_key == m.properties.Get(kPropertyUniqKey));
    CHECK(c.info.sys_flag == sys_flag);
    CHECK(c.info.prepared_transaction_offset == m.prepared_transaction_offset);

    auto decoded = DecodeMessageRecord(record);
    REQUIRE(decoded.ok());
    CHECK(decoded->topic == m.topic);
    CHECK(decoded->body == m.body);
    CHECK(decoded->flag == m.flag);
    CHECK(decoded->born_host == m.born_host);
    CHECK(decoded->store_host == m.store_host);
    CHECK(decoded->born_timestamp == m.born_timestamp);
    CHECK(decoded->reconsume_times == m.reconsume_times);
    CHECK(decoded->properties == m.properties);
    CHECK(decoded->properties_string == properties);
    CHECK(decoded->OffsetMsgId() == CreateOffsetMsgId(m.store_host, physical_offset));

    // PatchRecord finds the store timestamp behind either host width.
    std::string patched(record);
    PatchRecord(patched.data(), 1, 2, 3);
    auto p = DecodeMessageRecord(patched);
    REQUIRE(p.ok());
    CHECK(p->queue_offset == 1);
    CHECK(p->commit_log_offset == 2);
    CHECK(p->store_timestamp == 3);
    CHECK(p->born_timestamp == m.born_timestamp);
  }
}

TEST_CASE("empty body, topic edge sizes and maximal properties", "[codec][message_codec]") {
  Message m;
  m.topic = std::string(kMaxTopicLength, 't');
  std::string properties(kMaxPropertiesLength, 'p');
  properties[1] = kNameValueSeparator;
  std::string out;
  EncodeRecord(m, "", properties, 0, 0, 0, 0, 0, &out);
  CHECK(out.size() == static_cast<size_t>(91 + kMaxTopicLength + kMaxPropertiesLength));
  RecordCheck c = Check(out);
  REQUIRE(c.kind == RecordKind::kMessage);
  CHECK(c.info.topic.size() == static_cast<size_t>(kMaxTopicLength));

  Message empty;
  out.clear();
  EncodeRecord(empty, "", "", 0, 0, 0, 0, 0, &out);
  CHECK(out.size() == 91);
  c = Check(out);
  REQUIRE(c.kind == RecordKind::kMessage);
  CHECK(c.info.topic.empty());
  CHECK(c.info.tags_code == 0);
  CHECK(RecordLength(kSysFlagBornHostV6 | kSysFlagStoreHostV6, 0, 0, 0) == 91 + 24);
  CHECK(RecordLength(0, std::numeric_limits<int32_t>::max(), 127, 32767) == std::numeric_limits<int32_t>::max());
}

TEST_CASE("tag codes of SCHEDULE_TOPIC_XXXX records", "[codec][message_codec]") {
  auto tags_code = [](std::string_view topic, std::string_view delay, const DelayLevelFn& fn) {
    Message m;
    m.topic = std::string(topic);
    m.properties.Set(kPropertyTags, "TagA");
    if (!delay.empty()) m.properties.Set(kPropertyDelayTimeLevel, delay);
    std::string out;
    EncodeRecord(m, "b", EncodeProperties(m.properties), 0, BodyCrc("b"), 0, 0, 1000000, &out);
    const RecordCheck c = CheckRecord(out, true, fn);
    REQUIRE(c.kind == RecordKind::kMessage);
    return c.info.tags_code;
  };
  CHECK(tags_code(kScheduleTopic, "3", kDelayFn) == 1000000 + 10000);
  CHECK(tags_code(kScheduleTopic, "+3", kDelayFn) == 1000000 + 10000);  // Integer.parseInt accepts a sign
  CHECK(tags_code(kScheduleTopic, "18", kDelayFn) == 1000000 + 7200000);
  // RocketMQ caps the level at maxDelayLevel; the function given here does too.
  CHECK(tags_code(kScheduleTopic, "99", kDelayFn) == 1000000 + 7200000);
  CHECK(tags_code(kScheduleTopic, "3", nullptr) == 1000000 + 1000);
  // Level <= 0 or not a number: the TAGS hash stays.
  CHECK(tags_code(kScheduleTopic, "0", kDelayFn) == 2598919);
  CHECK(tags_code(kScheduleTopic, "-2", kDelayFn) == 2598919);
  CHECK(tags_code(kScheduleTopic, "x", kDelayFn) == 2598919);
  CHECK(tags_code(kScheduleTopic, "99999999999", kDelayFn) == 2598919);
  CHECK(tags_code(kScheduleTopic, "", kDelayFn) == 2598919);
  // Only the schedule topic is special.
  CHECK(tags_code("GenTopicE", "3", kDelayFn) == 2598919);
}

}  // namespace
}  // namespace spool::store::internal
