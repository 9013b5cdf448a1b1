// Spool opens stores written by a real Apache RocketMQ 4.9.7 broker (shared/testdata/rocketmq-4.9.7, see its
// README.md) and finds exactly what the broker acknowledged: every record at its offsetMsgId, through its
// ConsumeQueue and through the index, the config files, and nothing else. Both the clean-shutdown store (normal
// recovery) and the after-crash store (abort file present: abnormal recovery, index rebuilt) are checked, then
// checked again after a clean Close and reopen, and a new put continues each queue where the broker stopped.
//
// The expected contents are derived from the manifests, never hard-coded. What the broker stores besides the
// acknowledged messages is derived as the README explains it:
//  - a delayed message is stored under SCHEDULE_TOPIC_XXXX, queue DELAY-1 (its manifest queueOffset is the offset in
//    that queue); config/delayOffset.json says how many of a level's messages the broker re-delivered to the real
//    topic (a new record with the same UNIQ_KEY and body);
//  - a transactional message has no offsetMsgId: its half record sits in RMQ_SYS_TRANS_HALF_TOPIC (queue 0), the
//    end of the transaction wrote an op record to RMQ_SYS_TRANS_OP_HALF_TOPIC (queue 0, body = the half's queue
//    offset), and only a commit wrote a record to the real topic (sysFlag COMMIT, preparedTransactionOffset = the
//    half's offset).
#include <openssl/evp.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "codec/message_codec.h"
#include "config/delay_offset_table.h"
#include "rapidjson/document.h"
#include "spool/store/consumer_offsets.h"
#include "spool/store/file_system.h"
#include "spool/store/message.h"
#include "spool/store/message_store.h"
#include "spool/store/options.h"
#include "spool/store/topic_config.h"
#include "temp_dir.h"

namespace spool::store {
namespace {

using QueueKey = std::pair<std::string, int32_t>;
using internal::RecordCheck;

constexpr char kHalfTopic[] = "RMQ_SYS_TRANS_HALF_TOPIC";
constexpr char kOpHalfTopic[] = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
constexpr char kScheduleTopic[] = "SCHEDULE_TOPIC_XXXX";
constexpr int64_t kForever = std::numeric_limits<int64_t>::max();

std::string TestdataRoot() { return std::string(SPOOL_TESTDATA_DIR) + "/rocketmq-4.9.7"; }

std::string Sha256Hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  REQUIRE(EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) == 1);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 0xF]);
  }
  return out;
}

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string part;
  while (std::getline(in, part, ',')) out.push_back(part);
  return out;
}

// The commit-log offset in an offsetMsgId: its last 16 hex digits.
int64_t OffsetOfMsgId(const std::string& offset_msg_id) {
  REQUIRE(offset_msg_id.size() >= 16);
  return static_cast<int64_t>(std::stoull(offset_msg_id.substr(offset_msg_id.size() - 16), nullptr, 16));
}

// One acknowledged send, as the manifest lists it. A batch is one entry with `count` ids.
struct ManifestEntry {
  int line = 0;
  std::string kind;
  std::string topic;
  int32_t queue_id = -1;
  int64_t queue_offset = -1;
  std::vector<std::string> msg_ids;         // UNIQ_KEYs
  std::vector<std::string> offset_msg_ids;  // empty for transactions ("null")
  int64_t body_len = -1;                    // -1: not listed (batches)
  std::string body_sha256;
  std::map<std::string, std::string> sent_properties;
  std::string local_state;  // transactions: COMMIT_MESSAGE / ROLLBACK_MESSAGE
};

std::vector<ManifestEntry> LoadManifest(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::vector<ManifestEntry> entries;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    rapidjson::Document d;
    d.Parse(line.c_str());
    INFO(path << ":" << n << ": " << line);
    REQUIRE(!d.HasParseError());
    REQUIRE(d.IsObject());
    ManifestEntry e;
    e.line = n;
    REQUIRE(d.HasMember("kind"));
    e.kind = d["kind"].GetString();
    REQUIRE(std::string(d["status"].GetString()) == "SEND_OK");
    e.topic = d["topic"].GetString();
    if (d.HasMember("queueId")) e.queue_id = d["queueId"].GetInt();
    if (d.HasMember("queueOffset")) e.queue_offset = d["queueOffset"].GetInt64();
    e.msg_ids = SplitComma(d["msgId"].GetString());
    const std::string offset_ids = d["offsetMsgId"].GetString();
    if (offset_ids != "null") e.offset_msg_ids = SplitComma(offset_ids);
    if (d.HasMember("bodyLen")) e.body_len = d["bodyLen"].GetInt64();
    if (d.HasMember("bodySha256")) e.body_sha256 = d["bodySha256"].GetString();
    if (d.HasMember("localState")) e.local_state = d["localState"].GetString();
    if (d.HasMember("sentProperties")) {
      for (const auto& m : d["sentProperties"].GetObject()) {
        e.sent_properties[m.name.GetString()] = m.value.GetString();
      }
    }
    if (d.HasMember("count")) REQUIRE(static_cast<size_t>(d["count"].GetInt()) == e.msg_ids.size());
    entries.push_back(std::move(e));
  }
  REQUIRE(!entries.empty());
  return entries;
}

// How a kind of manifest entry is stored. Every kind the generator writes is listed; an unknown kind fails the
// test rather than being skipped.
enum class Storage {
  kDirect,       // one record (or a batch's records) at offsetMsgId in topic/queueId/queueOffset
  kDelayed,      // at offsetMsgId in SCHEDULE_TOPIC_XXXX/(DELAY-1)/queueOffset
  kTransaction,  // no offsetMsgId: half + op records, and a real-topic record if committed
};

Storage StorageOf(const ManifestEntry& e) {
  static const std::set<std::string> kDirectKinds = {"plain",   "ordered",    "unicode", "notag",
                                                     "compressed", "random64k", "batch"};
  INFO("manifest line " << e.line << " kind " << e.kind);
  if (kDirectKinds.count(e.kind) > 0) {
    REQUIRE(e.sent_properties.count(kPropertyDelayTimeLevel) == 0);
    REQUIRE(e.offset_msg_ids.size() == e.msg_ids.size());
    REQUIRE(e.queue_id >= 0);
    REQUIRE(e.queue_offset >= 0);
    return Storage::kDirect;
  }
  if (e.kind == "delayed") {
    REQUIRE(e.sent_properties.count(kPropertyDelayTimeLevel) == 1);
    REQUIRE(e.offset_msg_ids.size() == 1);
    return Storage::kDelayed;
  }
  if (e.kind == "tx-commit" || e.kind == "tx-rollback") {
    REQUIRE(e.offset_msg_ids.empty());
    REQUIRE(e.msg_ids.size() == 1);
    REQUIRE(e.local_state == (e.kind == "tx-commit" ? "COMMIT_MESSAGE" : "ROLLBACK_MESSAGE"));
    return Storage::kTransaction;
  }
  FAIL("manifest kind '" << e.kind << "' is not handled by this test: decide how it is stored");
  return Storage::kDirect;
}

int32_t DelayLevelOf(const ManifestEntry& e) { return std::stoi(e.sent_properties.at(kPropertyDelayTimeLevel)); }

// Where a record was found through the ConsumeQueues.
struct QueuedRecord {
  std::string topic;
  int32_t queue_id = 0;
  int64_t queue_offset = 0;
  MessageRecord record;
};

// Everything reachable through the queues, keyed by commit-log offset. Checks on the way that every unit's record
// belongs to the queue and carries the unit's index as its queue offset, and that offsets run contiguously from
// the queue's min to its max.
struct QueueWalk {
  std::map<int64_t, QueuedRecord> by_offset;
  std::map<QueueKey, int64_t> counts;
  std::map<QueueKey, int64_t> max_offsets;
};

QueueWalk WalkQueues(MessageStore& store) {
  QueueWalk walk;
  for (const auto& [topic, queue_id] : store.ListQueues()) {
    INFO("queue " << topic << "/" << queue_id);
    const int64_t min = store.GetMinOffsetInQueue(topic, queue_id);
    const int64_t max = store.GetMaxOffsetInQueue(topic, queue_id);
    REQUIRE(min == 0);  // nothing was deleted from these stores
    walk.max_offsets[{topic, queue_id}] = max;
    int64_t offset = min;
    while (offset < max) {
      GetResult got = store.GetMessages({.topic = topic, .queue_id = queue_id, .offset = offset, .max_messages = 32});
      INFO("get at " << offset << ": " << ToString(got.status));
      REQUIRE(got.status == GetMessageStatus::kFound);
      REQUIRE(!got.messages.empty());
      REQUIRE(got.messages.size() == got.queue_offsets.size());
      for (size_t i = 0; i < got.messages.size(); ++i) {
        const MessageRecord& r = got.messages[i];
        REQUIRE(got.queue_offsets[i] == offset + static_cast<int64_t>(i));
        CHECK(r.topic == topic);
        CHECK(r.queue_id == queue_id);
        CHECK(r.queue_offset == got.queue_offsets[i]);
        // Raw bytes decode with a valid body CRC.
        REQUIRE(DecodeMessageRecord(got.raw[i], /*check_crc=*/true).ok());
        auto [it, inserted] = walk.by_offset.emplace(
            r.commit_log_offset, QueuedRecord{topic, queue_id, got.queue_offsets[i], r});
        INFO("commit-log offset " << r.commit_log_offset << " also in " << it->second.topic << "/"
                                  << it->second.queue_id);
        CHECK(inserted);
      }
      REQUIRE(got.next_begin_offset == offset + static_cast<int64_t>(got.messages.size()));
      offset = got.next_begin_offset;
    }
    GetResult past = store.GetMessages({.topic = topic, .queue_id = queue_id, .offset = max});
    CHECK(past.status == GetMessageStatus::kOffsetOverflowOne);
    walk.counts[{topic, queue_id}] = max - min;
  }
  return walk;
}

// Every record in the commit log, in order, read from the segment files through the store's file system.
std::vector<RecordCheck> WalkCommitLog(MessageStore& store) {
  const StoreOptions& o = store.options();
  FileSystem* fs = o.file_system != nullptr ? o.file_system : FileSystem::Default();
  const StoreStats stats = store.Stats();
  const int64_t segment = o.mapped_file_size_commit_log;
  std::vector<RecordCheck> records;
  int64_t offset = stats.commit_log_min_offset;
  while (offset < stats.commit_log_max_offset) {
    const int64_t start = offset / segment * segment;
    char name[32];
    std::snprintf(name, sizeof(name), "%020lld", static_cast<long long>(start));
    auto bytes = fs->ReadFile(JoinPath(o.CommitLogDir(), name));
    REQUIRE(bytes.ok());
    REQUIRE(static_cast<int64_t>(bytes->size()) == segment);
    int64_t pos = offset - start;
    const int64_t end = std::min(segment, stats.commit_log_max_offset - start);
    while (pos < end) {
      RecordCheck c = internal::CheckRecord(std::string_view(*bytes).substr(pos, end - pos), /*check_crc=*/true);
      INFO("commit-log offset " << start + pos << ": " << c.reason);
      if (c.kind == internal::RecordKind::kBlank) break;
      REQUIRE(c.kind == internal::RecordKind::kMessage);
      REQUIRE(c.info.commit_log_offset == start + pos);
      pos += c.size;
      records.push_back(std::move(c));
    }
    offset = start + segment;
  }
  return records;
}

bool IsDispatched(int32_t sys_flag) {
  const int32_t type = sys_flag & kSysFlagTransactionMask;
  return type == kSysFlagTransactionNotType || type == kSysFlagTransactionCommit;
}

// The uniq keys QueryMessages finds for (topic, key).
std::multiset<std::string> QueryUniqKeys(MessageStore& store, const std::string& topic, const std::string& key) {
  QueryResult q = store.QueryMessages(topic, key, 64, 0, kForever);
  std::multiset<std::string> keys;
  for (const MessageRecord& r : q.messages) {
    CHECK(r.topic == topic);
    keys.insert(r.UniqKey());
  }
  return keys;
}

bool HasKeyToken(const std::string& keys, const std::string& key) {
  std::stringstream in(keys);
  std::string token;
  while (std::getline(in, token, ' ')) {
    if (token == key) return true;
  }
  return false;
}

// Checks one record against what the producer sent.
void CheckSentMessage(const MessageRecord& r, const ManifestEntry& e, const std::string& uniq_key) {
  CHECK(r.UniqKey() == uniq_key);
  if (!e.body_sha256.empty()) {
    absl::StatusOr<std::string> body = r.DecompressedBody();
    REQUIRE(body.ok());
    CHECK(static_cast<int64_t>(body->size()) == e.body_len);
    CHECK(Sha256Hex(*body) == e.body_sha256);
  } else {
    // Batches: the manifest lists no body hash (the generator records the batch as a whole); the CRC check of the
    // queue walk covers the body's integrity.
    REQUIRE(e.kind == "batch");
  }
  // The broker strips WAIT from a single send's stored properties and adds CLUSTER; everything else is kept.
  for (const auto& [name, value] : e.sent_properties) {
    if (name == kPropertyWaitStoreMsgOk) continue;
    INFO("property " << name);
    CHECK(r.properties.Get(name) == value);
  }
}

struct Expectations {
  std::vector<ManifestEntry> manifest;
  std::map<int32_t, int64_t> delivered_per_level;  // config/delayOffset.json
};

Expectations LoadExpectations(const std::string& dataset) {
  Expectations x;
  x.manifest = LoadManifest(TestdataRoot() + "/" + dataset + ".manifest.jsonl");
  internal::DelayOffsetTable delays(FileSystem::Default(),
                                    TestdataRoot() + "/" + dataset + "/config/delayOffset.json");
  REQUIRE(delays.Load().ok());
  x.delivered_per_level = delays.Snapshot();
  return x;
}

// The whole check of an opened store against the manifest. Returns each queue's max offset.
std::map<QueueKey, int64_t> CheckStoreMatchesManifest(MessageStore& store, const Expectations& x) {
  const QueueWalk walk = WalkQueues(store);
  std::map<QueueKey, int64_t> expected_counts;
  // Records the checks below account for, by commit-log offset.
  std::set<int64_t> explained;

  for (const ManifestEntry& e : x.manifest) {
    INFO("manifest line " << e.line << " (" << e.kind << ") " << e.topic << "/" << e.queue_id << "@"
                          << e.queue_offset);
    const Storage storage = StorageOf(e);
    if (storage == Storage::kDirect || storage == Storage::kDelayed) {
      std::string stored_topic = e.topic;
      int32_t stored_queue = e.queue_id;
      if (storage == Storage::kDelayed) {
        stored_topic = kScheduleTopic;
        stored_queue = DelayLevelOf(e) - 1;
      }
      for (size_t i = 0; i < e.msg_ids.size(); ++i) {
        const int64_t offset = OffsetOfMsgId(e.offset_msg_ids[i]);
        const int64_t queue_offset = e.queue_offset + static_cast<int64_t>(i);
        INFO("record " << i << " at " << offset);
        absl::StatusOr<MessageRecord> r = store.LookMessageByOffset(offset);
        REQUIRE(r.ok());
        CHECK(r->commit_log_offset == offset);
        CHECK(r->OffsetMsgId() == e.offset_msg_ids[i]);
        CHECK(r->topic == stored_topic);
        CHECK(r->queue_id == stored_queue);
        CHECK(r->queue_offset == queue_offset);
        CheckSentMessage(*r, e, e.msg_ids[i]);
        if (storage == Storage::kDelayed) {
          CHECK(r->properties.Get(kPropertyRealTopic) == e.topic);
          CHECK(r->properties.Get(kPropertyRealQueueId) == std::to_string(e.queue_id));
        }
        // Through its queue.
        GetResult got = store.GetMessages(
            {.topic = stored_topic, .queue_id = stored_queue, .offset = queue_offset, .max_messages = 1});
        REQUIRE(got.status == GetMessageStatus::kFound);
        REQUIRE(got.messages.size() == 1);
        CHECK(got.messages[0].commit_log_offset == offset);
        CHECK(got.queue_offsets[0] == queue_offset);
        // Through the index, by UNIQ_KEY under the topic it is stored in.
        CHECK(QueryUniqKeys(store, stored_topic, e.msg_ids[i]) == std::multiset<std::string>{e.msg_ids[i]});
        ++expected_counts[{stored_topic, stored_queue}];
        CHECK(explained.insert(offset).second);
      }
      if (storage == Storage::kDelayed) {
        // Re-delivered by the broker's ScheduleMessageService iff delayOffset.json counts it as delivered.
        auto level = x.delivered_per_level.find(DelayLevelOf(e));
        const bool delivered = level != x.delivered_per_level.end() && e.queue_offset < level->second;
        std::vector<const QueuedRecord*> copies;
        for (const auto& [offset, q] : walk.by_offset) {
          if (q.topic == e.topic && q.record.UniqKey() == e.msg_ids[0]) copies.push_back(&q);
        }
        INFO("delivered per delayOffset.json: " << delivered);
        REQUIRE(copies.size() == (delivered ? 1u : 0u));
        if (delivered) {
          const QueuedRecord& copy = *copies[0];
          CHECK(copy.queue_id == e.queue_id);
          CheckSentMessage(copy.record, e, e.msg_ids[0]);
          CHECK(QueryUniqKeys(store, e.topic, e.msg_ids[0]) == std::multiset<std::string>{e.msg_ids[0]});
          ++expected_counts[{e.topic, e.queue_id}];
          CHECK(explained.insert(copy.record.commit_log_offset).second);
        }
      }
    } else {
      // Transaction: the half record.
      std::vector<const QueuedRecord*> halves;
      for (const auto& [offset, q] : walk.by_offset) {
        if (q.topic == kHalfTopic && q.record.UniqKey() == e.msg_ids[0]) halves.push_back(&q);
      }
      REQUIRE(halves.size() == 1);
      const QueuedRecord& half = *halves[0];
      CHECK(half.queue_id == 0);
      CHECK((half.record.sys_flag & kSysFlagTransactionMask) == kSysFlagTransactionNotType);
      CHECK(half.record.properties.Get(kPropertyTransactionPrepared) == "true");
      CHECK(half.record.properties.Get(kPropertyRealTopic) == e.topic);
      CHECK(QueryUniqKeys(store, kHalfTopic, e.msg_ids[0]) == std::multiset<std::string>{e.msg_ids[0]});
      ++expected_counts[{kHalfTopic, half.queue_id}];
      CHECK(explained.insert(half.record.commit_log_offset).second);
      const int32_t real_queue = std::stoi(half.record.properties.Get(kPropertyRealQueueId));

      // The op record that ended it: body = the half's queue offset.
      std::vector<const QueuedRecord*> ops;
      for (const auto& [offset, q] : walk.by_offset) {
        if (q.topic == kOpHalfTopic && q.record.body == std::to_string(half.queue_offset)) ops.push_back(&q);
      }
      REQUIRE(ops.size() == 1);
      CHECK(ops[0]->queue_id == half.queue_id);
      CHECK(ops[0]->record.Tags() == "d");
      ++expected_counts[{kOpHalfTopic, ops[0]->queue_id}];
      CHECK(explained.insert(ops[0]->record.commit_log_offset).second);

      // Only a commit puts the message in its real topic.
      std::vector<const QueuedRecord*> committed;
      for (const auto& [offset, q] : walk.by_offset) {
        if (q.topic == e.topic && q.record.UniqKey() == e.msg_ids[0]) committed.push_back(&q);
      }
      if (e.kind == "tx-commit") {
        REQUIRE(committed.size() == 1);
        const QueuedRecord& c = *committed[0];
        CHECK(c.queue_id == real_queue);
        CHECK((c.record.sys_flag & kSysFlagTransactionMask) == kSysFlagTransactionCommit);
        CHECK(c.record.prepared_transaction_offset == half.record.commit_log_offset);
        CHECK(c.record.body == half.record.body);
        CHECK(c.record.body_crc == half.record.body_crc);
        CHECK(QueryUniqKeys(store, e.topic, e.msg_ids[0]) == std::multiset<std::string>{e.msg_ids[0]});
        ++expected_counts[{e.topic, real_queue}];
        CHECK(explained.insert(c.record.commit_log_offset).second);
      } else {
        CHECK(committed.empty());
        CHECK(QueryUniqKeys(store, e.topic, e.msg_ids[0]).empty());
      }
    }
  }

  // Exactly the acknowledged messages and their bookkeeping records: per queue, and record by record.
  CHECK(walk.counts == expected_counts);
  std::set<int64_t> queued;
  for (const auto& [offset, q] : walk.by_offset) queued.insert(offset);
  CHECK(queued == explained);

  // The commit log holds nothing the queues do not show (4.9.7 writes half records as NOT_TYPE, so every record
  // of these stores is dispatched), and every record has a valid CRC and a consistent length.
  const std::vector<RecordCheck> log = WalkCommitLog(store);
  std::set<int64_t> logged;
  for (const RecordCheck& c : log) {
    INFO("commit-log record at " << c.info.commit_log_offset << " " << c.info.topic);
    CHECK(IsDispatched(c.info.sys_flag));
    logged.insert(c.info.commit_log_offset);
    auto q = walk.by_offset.find(c.info.commit_log_offset);
    REQUIRE(q != walk.by_offset.end());
    CHECK(q->second.topic == c.info.topic);
    CHECK(q->second.queue_id == c.info.queue_id);
    CHECK(q->second.queue_offset == c.info.queue_offset);
    CHECK(q->second.record.total_size == c.size);
  }
  CHECK(logged == queued);

  // Index by KEYS: the messages whose KEYS hold key-3 (a token of KEYS, so not key-30..key-39).
  std::multiset<std::string> with_key3;
  for (const ManifestEntry& e : x.manifest) {
    auto keys = e.sent_properties.find(kPropertyKeys);
    if (e.topic == "GenTopicA" && keys != e.sent_properties.end() && HasKeyToken(keys->second, "key-3")) {
      with_key3.insert(e.msg_ids.begin(), e.msg_ids.end());
    }
  }
  REQUIRE(!with_key3.empty());
  QueryResult q = store.QueryMessages("GenTopicA", "key-3", 64, 0, kForever);
  std::multiset<std::string> found;
  for (const MessageRecord& r : q.messages) {
    CHECK(HasKeyToken(r.Keys(), "key-3"));
    found.insert(r.UniqKey());
  }
  CHECK(found == with_key3);
  // A key of a message with several KEYS ("k1 k2 k3").
  std::multiset<std::string> with_k2;
  for (const ManifestEntry& e : x.manifest) {
    auto keys = e.sent_properties.find(kPropertyKeys);
    if (e.topic == "GenTopicA" && keys != e.sent_properties.end() && HasKeyToken(keys->second, "k2")) {
      with_k2.insert(e.msg_ids.begin(), e.msg_ids.end());
    }
  }
  CHECK(QueryUniqKeys(store, "GenTopicA", "k2") == with_k2);

  // config/*.json, as RocketMQ wrote them (unquoted numeric keys).
  std::set<std::string> manifest_topics;
  for (const ManifestEntry& e : x.manifest) manifest_topics.insert(e.topic);
  for (const std::string& topic : manifest_topics) {
    INFO("topic " << topic);
    std::optional<TopicConfig> config = store.topic_config().Find(topic);
    REQUIRE(config.has_value());
    CHECK(config->topic_name == topic);
    CHECK(config->read_queue_nums > 0);
  }
  for (const auto& [key, count] : walk.counts) {
    std::optional<TopicConfig> config = store.topic_config().Find(key.first);
    if (config) CHECK(key.second < std::max(config->read_queue_nums, config->write_queue_nums));
  }
  CHECK(store.topic_config().Find(kScheduleTopic).has_value());
  CHECK(store.consumer_offsets().Query("gen_store_cg", "GenTopicA", 0) == 11);
  CHECK(store.consumer_offsets().Query("gen_store_cg", "GenTopicA", 1) == 10);
  CHECK(store.consumer_offsets().Query("gen_store_cg", "NoSuchTopic", 0) == -1);

  return walk.max_offsets;
}

StoreOptions TestdataOptions(const std::string& root) {
  absl::StatusOr<StoreOptions> options = LoadStoreOptions(TestdataRoot() + "/broker.conf");
  REQUIRE(options.ok());
  CHECK(options->mapped_file_size_commit_log == 1048576);
  CHECK(options->flush_disk_type == FlushDiskType::kSyncFlush);
  options->store_path_root_dir = root;
  options->store_path_commit_log.clear();  // the file says STORE_DIR/commitlog literally
  return *options;
}

TEST_CASE("Spool opens and serves stores written by RocketMQ 4.9.7", "[compat]") {
  const std::string dataset = GENERATE(as<std::string>{}, "clean-shutdown", "after-crash");
  INFO("dataset " << dataset);
  const Expectations x = LoadExpectations(dataset);
  spool::testing::TempDir tmp;
  REQUIRE(!tmp.path().empty());
  const std::string root = tmp.CopyFrom(TestdataRoot() + "/" + dataset, "store");
  const StoreOptions options = TestdataOptions(root);
  // after-crash must take the abnormal path.
  CHECK(std::filesystem::exists(root + "/abort") == (dataset == "after-crash"));

  std::map<QueueKey, int64_t> max_offsets;
  int64_t log_end = 0;
  {
    absl::StatusOr<std::unique_ptr<MessageStore>> store = MessageStore::Open(options);
    INFO(store.status().ToString());
    REQUIRE(store.ok());
    max_offsets = CheckStoreMatchesManifest(**store, x);
    log_end = (*store)->Stats().commit_log_max_offset;
    // The abnormal walk ends where the broker's data ends (spec §11.4: zeros begin after the last record).
    const std::vector<RecordCheck> log = WalkCommitLog(**store);
    REQUIRE(!log.empty());
    CHECK(log_end == log.back().info.commit_log_offset + log.back().size);
    absl::Status closed = (*store)->Close();
    INFO(closed.ToString());
    REQUIRE(closed.ok());
  }
  CHECK_FALSE(std::filesystem::exists(root + "/abort"));

  // Reopen: a clean shutdown now; the same contents, and the queues continue where the broker stopped.
  absl::StatusOr<std::unique_ptr<MessageStore>> store = MessageStore::Open(options);
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  CHECK(CheckStoreMatchesManifest(**store, x) == max_offsets);
  CHECK((*store)->Stats().commit_log_max_offset == log_end);

  for (const QueueKey& q : {QueueKey{"GenTopicA", 0}, QueueKey{"GenTopicC", 1}, QueueKey{"GenTopicD", 1}}) {
    INFO("put to " << q.first << "/" << q.second);
    Message m;
    m.topic = q.first;
    m.queue_id = q.second;
    m.body = "after " + dataset;
    m.properties.Set(kPropertyKeys, "spool-put");
    const int64_t log_before = (*store)->Stats().commit_log_max_offset;
    PutResult put = (*store)->PutMessage(m);
    INFO(ToString(put.status) << " " << put.remark);
    REQUIRE(put.ok());
    CHECK(put.queue_offset == max_offsets.at(q));
    CHECK(put.commit_log_offset == log_before);
    absl::StatusOr<MessageRecord> r = (*store)->LookMessageByOffset(put.commit_log_offset);
    REQUIRE(r.ok());
    CHECK(r->body == m.body);
    CHECK(r->queue_offset == put.queue_offset);
    REQUIRE((*store)->WaitForMessages(q.first, q.second, put.queue_offset, absl::Seconds(30)));
    GetResult got = (*store)->GetMessages({.topic = q.first, .queue_id = q.second, .offset = put.queue_offset});
    REQUIRE(got.status == GetMessageStatus::kFound);
    CHECK(got.messages[0].commit_log_offset == put.commit_log_offset);
    CHECK((*store)->GetMaxOffsetInQueue(q.first, q.second) == max_offsets.at(q) + 1);
  }
  REQUIRE((*store)->Close().ok());
}

// A golden byte-for-byte round trip (put a testdata record's fields into a fresh store, compare bytes) is not
// possible here: the store stamps its own STORETIMESTAMP under the put lock and the public API cannot force it.
// The codec's unit test (libstore/src/codec/message_codec_test.cc) covers re-encoding testdata records byte for
// byte.

}  // namespace
}  // namespace spool::store
