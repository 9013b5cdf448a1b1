// mqstore, end to end: the built binary run on copies of the RocketMQ 4.9.7 testdata and on stores it writes.
// The tool's contract (output keys, exit codes, the --acks line format) is what other tools and tests rely on.
#include <fcntl.h>
#include <openssl/evp.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "rapidjson/document.h"
#include "temp_dir.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using spool::testing::TempDir;

const std::string kMqstore = SPOOL_BIN_DIR "/mqstore";
const std::string kTestdata = SPOOL_TESTDATA_DIR "/rocketmq-4.9.7";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs mqstore with `args`, stdout and stderr captured through files in `scratch` (no pipes to drain).
RunResult Run(const TempDir& scratch, const std::vector<std::string>& args) {
  static int counter = 0;
  const std::string out_path = scratch.Sub("stdout." + std::to_string(counter));
  const std::string err_path = scratch.Sub("stderr." + std::to_string(counter++));
  std::vector<std::string> argv_strings{kMqstore};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid;
  RunResult result;
  const int rc = posix_spawn(&pid, kMqstore.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    result.err = "posix_spawn failed";
    return result;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = ReadFile(out_path);
  result.err = ReadFile(err_path);
  return result;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(buf, sizeof(buf), "%02x", digest[i]);
    hex += buf;
  }
  return hex;
}

std::string Base64Decode(const std::string& text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  REQUIRE(n >= 0);
  size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

// One parsed dump line.
struct DumpRecord {
  int64_t offset = 0;
  std::string topic;
  int64_t queue_id = 0;
  int64_t queue_offset = 0;
  int64_t sys_flag = 0;
  int64_t body_length = 0;
  int64_t stored_body_length = 0;
  std::string body_sha256;
  std::string body;  // with --bodies
  std::map<std::string, std::string> properties;
};

std::vector<DumpRecord> ParseDump(const std::string& out) {
  std::vector<DumpRecord> records;
  for (const std::string& line : Lines(out)) {
    rapidjson::Document d;
    d.Parse(line.c_str(), line.size());
    INFO(line);
    REQUIRE_FALSE(d.HasParseError());
    REQUIRE(d.IsObject());
    for (const char* key : {"offset", "size", "topic", "queueId", "queueOffset", "sysFlag", "bornTimestamp",
                            "storeTimestamp", "reconsumeTimes", "preparedTransactionOffset", "properties",
                            "bodyLength", "bodySha256", "bodyCrc", "flag", "bornHost", "storeHost", "msgId"}) {
      REQUIRE(d.HasMember(key));
    }
    DumpRecord r;
    r.offset = d["offset"].GetInt64();
    r.topic = d["topic"].GetString();
    r.queue_id = d["queueId"].GetInt64();
    r.queue_offset = d["queueOffset"].GetInt64();
    r.sys_flag = d["sysFlag"].GetInt64();
    r.body_length = d["bodyLength"].GetInt64();
    r.stored_body_length = d["storedBodyLength"].GetInt64();
    r.body_sha256 = d["bodySha256"].GetString();
    if (d.HasMember("body")) r.body = d["body"].GetString();
    for (auto& m : d["properties"].GetObject()) r.properties[m.name.GetString()] = m.value.GetString();
    records.push_back(std::move(r));
  }
  return records;
}

// path -> content of every file under `dir`: dump must leave this unchanged.
std::map<std::string, std::string> Snapshot(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) files[e.path().string()] = Sha256Hex(ReadFile(e.path().string()));
  }
  return files;
}

// Copies a testdata store and makes it read-only again (files 0444, dirs 0555), as the originals are.
std::string CopyReadOnly(const TempDir& dir, const std::string& name) {
  std::string copy = dir.CopyFrom(kTestdata + "/" + name, name);
  // Files first, then directories deepest first: a directory stays listable until its entries are done.
  std::vector<fs::path> dirs;
  for (const auto& e : fs::recursive_directory_iterator(copy)) {
    if (e.is_directory()) {
      dirs.push_back(e.path());
    } else {
      fs::permissions(e.path(), fs::perms(0444));
    }
  }
  for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) fs::permissions(*it, fs::perms(0555));
  fs::permissions(copy, fs::perms(0555));
  return copy;
}

// Gives a read-only copy its write permission back on scope exit, so TempDir can remove it as any user.
class WritableOnExit {
 public:
  explicit WritableOnExit(std::string dir) : dir_(std::move(dir)) {}
  ~WritableOnExit() {
    std::error_code ec;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ec);
    for (auto it = fs::recursive_directory_iterator(dir_, ec); it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
  }

 private:
  std::string dir_;
};

int64_t OffsetOfMsgId(const std::string& offset_msg_id) {
  return static_cast<int64_t>(std::stoull(offset_msg_id.substr(offset_msg_id.size() - 16), nullptr, 16));
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) parts.push_back(part);
  return parts;
}

// A broker.properties for small stores that build fast: 256 KiB segments roll often, 300-unit ConsumeQueue files.
std::string SmallStoreConfig(const TempDir& dir) {
  const std::string path = dir.Sub("small.properties");
  WriteFile(path,
            "mappedFileSizeCommitLog=262144\n"
            "mappedFileSizeConsumeQueue=6000\n"
            "maxHashSlotNum=1000\n"
            "maxIndexNum=4000\n");
  return path;
}

TEST_CASE("mqstore dump prints the clean-shutdown store's records as the manifest acknowledged them", "[mqstore]") {
  TempDir dir;
  const std::string store = CopyReadOnly(dir, "clean-shutdown");
  WritableOnExit restore(store);
  const auto before = Snapshot(store);

  RunResult r = Run(dir, {"dump", store});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::vector<DumpRecord> records = ParseDump(r.out);
  REQUIRE(records.size() == 69);
  std::map<int64_t, const DumpRecord*> by_offset;
  for (size_t i = 0; i < records.size(); ++i) {
    if (i > 0) CHECK(records[i].offset > records[i - 1].offset);  // log order
    by_offset[records[i].offset] = &records[i];
  }

  int matched = 0;
  int without_offset = 0;
  std::string delayed_sha;
  for (const std::string& line : Lines(ReadFile(kTestdata + "/clean-shutdown.manifest.jsonl"))) {
    rapidjson::Document m;
    m.Parse(line.c_str(), line.size());
    REQUIRE(m.IsObject());
    INFO(line);
    REQUIRE(std::string(m["status"].GetString()) == "SEND_OK");
    const std::string kind = m["kind"].GetString();
    const std::string ids = m["offsetMsgId"].GetString();
    if (ids == "null") {  // transactional sends: the client is given no offset
      ++without_offset;
      continue;
    }
    const std::vector<std::string> id_list = Split(ids, ',');
    for (size_t k = 0; k < id_list.size(); ++k) {
      const int64_t offset = OffsetOfMsgId(id_list[k]);
      REQUIRE(by_offset.count(offset) == 1);
      const DumpRecord& rec = *by_offset[offset];
      if (kind == "delayed") {
        // Parked under SCHEDULE_TOPIC_XXXX until due; the send result names the real topic.
        CHECK(rec.topic == "SCHEDULE_TOPIC_XXXX");
        CHECK(rec.properties.at("REAL_TOPIC") == m["topic"].GetString());
        delayed_sha = m["bodySha256"].GetString();
      } else {
        CHECK(rec.topic == m["topic"].GetString());
        CHECK(rec.queue_id == m["queueId"].GetInt64());
        CHECK(rec.queue_offset == m["queueOffset"].GetInt64() + static_cast<int64_t>(k));
      }
      if (m.HasMember("bodySha256")) {
        CHECK(rec.body_sha256 == m["bodySha256"].GetString());
        CHECK(rec.body_length == m["bodyLen"].GetInt64());
      }
      ++matched;
    }
  }
  CHECK(without_offset == 2);
  CHECK(matched == 63);  // 56 acknowledged sends, one of them a batch of 8

  // The other six: the delayed message delivered to GenTopicE, two half messages, the commit record, two ops.
  std::multiset<std::string> others;
  for (const DumpRecord& rec : records) {
    if (rec.topic == "GenTopicE") {
      CHECK(rec.body_sha256 == delayed_sha);
      others.insert(rec.topic);
    } else if (rec.topic == "GenTopicF") {
      CHECK(rec.sys_flag == 0x8);  // TRANSACTION_COMMIT_TYPE
      others.insert(rec.topic);
    } else if (rec.topic.rfind("RMQ_SYS_TRANS", 0) == 0) {
      others.insert(rec.topic);
    }
  }
  CHECK(others == std::multiset<std::string>{"GenTopicE", "GenTopicF", "RMQ_SYS_TRANS_HALF_TOPIC",
                                             "RMQ_SYS_TRANS_HALF_TOPIC", "RMQ_SYS_TRANS_OP_HALF_TOPIC",
                                             "RMQ_SYS_TRANS_OP_HALF_TOPIC"});
  // Nothing written, nothing created.
  CHECK(Snapshot(store) == before);
}

TEST_CASE("mqstore dump --bodies prints each decompressed body", "[mqstore]") {
  TempDir dir;
  const std::string store = CopyReadOnly(dir, "after-crash");
  WritableOnExit restore(store);
  RunResult r = Run(dir, {"dump", store, "--bodies"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::vector<DumpRecord> records = ParseDump(r.out);
  REQUIRE(records.size() == 137);
  int compressed = 0;
  for (const DumpRecord& rec : records) {
    const std::string body = Base64Decode(rec.body);
    CHECK(static_cast<int64_t>(body.size()) == rec.body_length);
    CHECK(Sha256Hex(body) == rec.body_sha256);
    if (rec.sys_flag & 0x1) {
      ++compressed;
      CHECK(rec.stored_body_length != rec.body_length);  // stored compressed (random bytes grow a little)
    }
  }
  CHECK(compressed == 4);  // the 20,000-byte and 64 KiB bodies, in each of the two runs
}

TEST_CASE("mqstore dump stops where recovery would and says why", "[mqstore]") {
  TempDir dir;
  std::string store = dir.CopyFrom(kTestdata + "/clean-shutdown", "store");
  RunResult first = Run(dir, {"dump", store});
  REQUIRE(first.exit_code == 0);
  const std::vector<DumpRecord> records = ParseDump(first.out);
  REQUIRE(records.size() == 69);

  // Flip one body byte of record 40: its CRC no longer matches, so recovery keeps records 0..39 only.
  const DumpRecord& victim = records[40];
  const std::string segment = store + "/commitlog/00000000000000000000";
  {
    std::fstream f(segment, std::ios::in | std::ios::out | std::ios::binary);
    const std::streamoff body = victim.offset + 88;  // IPv4 hosts: the body starts at 88
    f.seekg(body);
    char c = 0;
    f.read(&c, 1);
    c = static_cast<char>(c ^ 0x5A);
    f.seekp(body);
    f.write(&c, 1);
  }
  RunResult r = Run(dir, {"dump", store});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  const std::vector<DumpRecord> kept = ParseDump(r.out);
  REQUIRE(kept.size() == 40);
  CHECK(kept.back().offset == records[39].offset);
  CHECK(r.err.find("damage") != std::string::npos);
  CHECK(r.err.find(std::to_string(victim.offset)) != std::string::npos);
  CHECK(r.err.find("CRC") != std::string::npos);
}

TEST_CASE("mqstore dump refuses what is not a store", "[mqstore]") {
  TempDir dir;
  SECTION("a missing directory") {
    RunResult r = Run(dir, {"dump", dir.Sub("nope")});
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err.find("no such store directory") != std::string::npos);
  }
  SECTION("a directory without a commit log") {
    fs::create_directories(dir.Sub("empty"));
    RunResult r = Run(dir, {"dump", dir.Sub("empty")});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("not a store") != std::string::npos);
  }
  SECTION("a segment of the wrong size") {
    fs::create_directories(dir.Sub("s/commitlog"));
    WriteFile(dir.Sub("s/commitlog/00000000000000000000"), std::string(1000, '\0'));
    RunResult r = Run(dir, {"dump", dir.Sub("s"), "-c", SmallStoreConfig(dir)});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("expected 262144") != std::string::npos);
    // Without -c the first segment sets the size; a second one must match it.
    WriteFile(dir.Sub("s/commitlog/00000000000000001000"), std::string(999, '\0'));
    r = Run(dir, {"dump", dir.Sub("s")});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("00000000000000001000") != std::string::npos);
  }
}

TEST_CASE("mqstore verify accepts both RocketMQ stores", "[mqstore]") {
  TempDir dir;
  const std::string name = GENERATE(as<std::string>{}, "clean-shutdown", "after-crash");
  const std::string store = dir.CopyFrom(kTestdata + "/" + name, name);
  RunResult r = Run(dir, {"verify", store, "-c", kTestdata + "/broker.conf"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  const std::string records = name == "clean-shutdown" ? "records=69 " : "records=137 ";
  CHECK(r.out.find(records) != std::string::npos);
  CHECK(r.out.find(" faults=0") != std::string::npos);
  CHECK(r.out.find("fault:") == std::string::npos);
}

TEST_CASE("mqstore verify: recovery rebuilds a corrupted ConsumeQueue unit", "[mqstore]") {
  TempDir dir;
  const std::string store = dir.CopyFrom(kTestdata + "/clean-shutdown", "store");
  // GenTopicA queue 0 holds 11 units. Recovery checks each unit against its record, cuts the queue at unit 5 and
  // rebuilds it from the commit log (as a broker opening the store would), so verify then finds it whole and
  // the repair is logged.
  const std::string cq = store + "/consumequeue/GenTopicA/0/00000000000000000000";
  std::string bytes = ReadFile(cq);
  REQUIRE(bytes.size() == 6000);
  const std::string field = GENERATE(as<std::string>{}, "size", "tags code", "offset");
  const size_t unit = 5 * 20;
  if (field == "size") {
    bytes[unit + 11] = static_cast<char>(bytes[unit + 11] + 1);
  } else if (field == "tags code") {
    bytes[unit + 19] = static_cast<char>(bytes[unit + 19] ^ 0x10);
  } else {
    std::copy(bytes.begin() + unit + 20, bytes.begin() + unit + 28, bytes.begin() + unit);  // unit 6's offset
  }
  fs::permissions(cq, fs::perms::owner_write, fs::perm_options::add);
  WriteFile(cq, bytes);

  RunResult r = Run(dir, {"verify", store, "-c", kTestdata + "/broker.conf"});
  INFO(field << "\n" << r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find(" faults=0") != std::string::npos);
  CHECK(r.err.find("GenTopicA-0: unit 5") != std::string::npos);
}

TEST_CASE("mqstore put writes a store that verify and dump agree with", "[mqstore]") {
  TempDir dir;
  const std::string config = SmallStoreConfig(dir);
  const std::string store = dir.Sub("store");
  RunResult put = Run(dir, {"put", store, "-c", config, "--topic", "RoundTrip", "--queues", "3", "--count", "2000",
                            "--size", "1000", "--threads", "4", "--flush", "async", "--keys"});
  INFO(put.err);
  REQUIRE(put.exit_code == 0);
  CHECK(put.out.empty());  // no --acks: nothing on stdout
  CHECK(put.err.find("2000 messages put") != std::string::npos);

  RunResult verify = Run(dir, {"verify", store, "-c", config});
  INFO(verify.out << verify.err);
  CHECK(verify.exit_code == 0);
  CHECK(verify.out.find("records=2000 ") != std::string::npos);
  CHECK(verify.out.find("queues=3 units=2000 faults=0") != std::string::npos);

  RunResult dump = Run(dir, {"dump", store, "-c", config});
  REQUIRE(dump.exit_code == 0);
  const std::vector<DumpRecord> records = ParseDump(dump.out);
  REQUIRE(records.size() == 2000);
  std::set<int64_t> indexes;
  std::set<std::string> ids;
  for (const DumpRecord& rec : records) {
    CHECK(rec.topic == "RoundTrip");
    CHECK(rec.body_length == 1000);
    const std::string& keys = rec.properties.at("KEYS");
    REQUIRE(keys.rfind("put-", 0) == 0);
    const int64_t i = std::stoll(keys.substr(4));
    CHECK(rec.queue_id == i % 3);
    indexes.insert(i);
    ids.insert(rec.properties.at("UNIQ_KEY"));
  }
  CHECK(indexes.size() == 2000);
  CHECK(*indexes.rbegin() == 1999);
  CHECK(ids.size() == 2000);
  // A second run appends to the same store and queues.
  put = Run(dir, {"put", store, "-c", config, "--topic", "RoundTrip", "--queues", "3", "--count", "30"});
  CHECK(put.exit_code == 0);
  verify = Run(dir, {"verify", store, "-c", config});
  CHECK(verify.exit_code == 0);
  CHECK(verify.out.find("records=2030 ") != std::string::npos);
}

TEST_CASE("mqstore put --acks prints one line per acknowledged message", "[mqstore]") {
  TempDir dir;
  const std::string config = SmallStoreConfig(dir);
  const std::string store = dir.Sub("store");
  RunResult put = Run(dir, {"put", store, "-c", config, "--topic", "Acked", "--queues", "3", "--count", "150",
                            "--size", "100", "--threads", "3", "--flush", "sync", "--acks"});
  INFO(put.err);
  REQUIRE(put.exit_code == 0);
  const std::regex line_format("(\\d+) (\\d+) (\\d+)");
  std::map<int64_t, std::pair<int64_t, int64_t>> acks;  // commit-log offset -> (queue, queue offset)
  std::map<int64_t, std::set<int64_t>> per_queue;
  for (const std::string& line : Lines(put.out)) {
    std::smatch m;
    INFO(line);
    REQUIRE(std::regex_match(line, m, line_format));
    const int64_t queue = std::stoll(m[1]), queue_offset = std::stoll(m[2]), offset = std::stoll(m[3]);
    CHECK(acks.emplace(offset, std::make_pair(queue, queue_offset)).second);
    per_queue[queue].insert(queue_offset);
  }
  REQUIRE(acks.size() == 150);
  REQUIRE(per_queue.size() == 3);
  for (const auto& [queue, offsets] : per_queue) {
    CHECK(offsets.size() == 50);
    CHECK(*offsets.begin() == 0);
    CHECK(*offsets.rbegin() == 49);
  }
  RunResult dump = Run(dir, {"dump", store, "-c", config});
  REQUIRE(dump.exit_code == 0);
  const std::vector<DumpRecord> records = ParseDump(dump.out);
  REQUIRE(records.size() == 150);
  for (const DumpRecord& rec : records) {
    REQUIRE(acks.count(rec.offset) == 1);
    CHECK(acks[rec.offset] == std::make_pair(rec.queue_id, rec.queue_offset));
  }
}

TEST_CASE("mqstore rejects bad command lines with exit code 2", "[mqstore]") {
  TempDir dir;
  const std::string store = dir.Sub("store");
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"bogus"},
      {"dump"},
      {"verify"},
      {"put", store},
      {"put", store, "--topic", "T", "--count", "5", "--flush", "maybe"},
      {"put", store, "--topic", "bad topic!", "--count", "1"},
      {"put", store, "--topic", "T", "--count", "-3"},
      {"put", store, "--topic", "T", "--count", "1", "--threads", "0"},
      {"dump", store, "-c", dir.Sub("missing.properties")},
      {"bench", "--sizes", "0"},
      {"bench", "--modes", "fast"},
  };
  for (const auto& args : cases) {
    RunResult r = Run(dir, args);
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    INFO(joined << "\n" << r.err);
    CHECK(r.exit_code == 2);
    CHECK_FALSE(r.err.empty());
  }
  CHECK_FALSE(fs::exists(store));  // nothing was created on the way

  RunResult help = Run(dir, {"put", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--acks") != std::string::npos);
}

TEST_CASE("mqstore bench runs a short sweep and cleans up after itself", "[mqstore]") {
  TempDir dir;
  const std::string bench_dir = dir.Sub("bench");
  RunResult r = Run(dir, {"bench", "--dir", bench_dir, "-c", SmallStoreConfig(dir), "--seconds", "0.1", "--sizes",
                          "128", "--threads", "2", "--modes", "async,sync", "--read-messages", "500", "--json"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const std::vector<std::string> lines = Lines(r.out);
  REQUIRE(lines.size() == 4);  // environment, ASYNC row, SYNC row, read row
  std::vector<std::string> kinds;
  for (const std::string& line : lines) {
    rapidjson::Document d;
    d.Parse(line.c_str(), line.size());
    REQUIRE(d.IsObject());
    kinds.push_back(d["kind"].GetString());
    if (kinds.back() == "environment") {
      CHECK(d["cores"].GetInt() > 0);
      continue;
    }
    CHECK(d["msgsPerSec"].GetDouble() > 0);
    CHECK(d["baselineMsgsPerSec"].GetDouble() > 0);
    CHECK(d["ratio"].GetDouble() > 0);
    CHECK(d["errors"].GetInt() == 0);
    CHECK(d["p99Us"].GetDouble() >= d["p50Us"].GetDouble());
    if (std::string(d["mode"].GetString()) == "SYNC_FLUSH") CHECK(d.HasMember("baselineP99Us"));
  }
  CHECK(kinds == std::vector<std::string>{"environment", "put", "put", "read"});
  CHECK_FALSE(fs::exists(bench_dir));  // it created the directory, so it removed it
}

}  // namespace
