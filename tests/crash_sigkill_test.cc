// Crash test (a): a real writer process killed with SIGKILL. `mqstore put --flush sync --acks` writes through the
// public API from several threads (so group commit is exercised) and prints "queueId queueOffset commitLogOffset"
// for each PUT_OK as soon as it is acknowledged. The test reads those lines through a pipe and kills the process
// at a random moment: after a random delay, or once a random number of acknowledgements has been read. Every
// round appends to the same store directory, which recovers each time (abnormally after a kill, normally after a
// round that finished first). After each round the store is opened in-process and must hold:
//  - every acknowledged message, at its queue offset, pointing at its commit-log offset, with a valid CRC, the
//    right topic, queue, queue offset and body (mqstore's bodies are regenerated from the UNIQ_KEY's index);
//  - dense queues: every unit in [0, max) points at such a record;
//  - no half record: the commit log walked from offset 0 ends exactly at the store's max offset, every record on
//    the way is whole and in its queue, and only zeros follow the end;
// and `mqstore verify` must agree (exit 0).
//
// A kill leaves the page cache intact, so this test is about torn tails and recovery, not lost syncs; the
// power-loss test (libstore/src/store/power_loss_test.cc) covers durability. The kill moments are drawn from a
// seeded generator; the seed is printed on failure (rerun with SPOOL_CRASH_SEED=<seed>). Timing is not
// reproducible, so a seed reproduces the plan of the rounds, not the exact instant of each kill.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "spool/store/message.h"
#include "spool/store/message_store.h"
#include "spool/store/options.h"
#include "temp_dir.h"

extern char** environ;

namespace spool::store {
namespace {

namespace fs = std::filesystem;
using spool::testing::TempDir;
using SteadyClock = std::chrono::steady_clock;

const std::string kMqstore = SPOOL_BIN_DIR "/mqstore";
constexpr char kTopic[] = "CrashTopic";
constexpr int kQueues = 4;
constexpr int64_t kSegmentSize = 256 * 1024;
constexpr int32_t kMessageMagic = static_cast<int32_t>(0xDAA320A7);
constexpr int32_t kBlankMagic = static_cast<int32_t>(0xCBD43194);

// --- mqstore's bodies (apps/mqstore/payload.h documents them as deterministic: FillBody(index, size)). The test
// regenerates them independently, so a body that changed in the store is caught even when its CRC was recomputed.
uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::string ExpectedBody(uint64_t index, size_t size) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out(size, '\0');
  uint64_t state = index * 0x2545F4914F6CDD1Dull + 1;
  size_t i = 0;
  while (i < size) {
    uint64_t r = SplitMix64(&state);
    for (int k = 0; k < 10 && i < size; ++k, ++i) {
      out[i] = kAlphabet[r & 63];
      r >>= 6;
    }
  }
  return out;
}

// The message index mqstore put encodes in the last 12 hex digits of its UNIQ_KEY.
bool IndexFromUniqKey(const std::string& key, uint64_t* index) {
  if (key.size() != 32) return false;
  *index = std::stoull(key.substr(20), nullptr, 16);
  return true;
}

int32_t ReadBE32(const char* p) {
  return static_cast<int32_t>((static_cast<uint32_t>(static_cast<unsigned char>(p[0])) << 24) |
                              (static_cast<uint32_t>(static_cast<unsigned char>(p[1])) << 16) |
                              (static_cast<uint32_t>(static_cast<unsigned char>(p[2])) << 8) |
                              static_cast<uint32_t>(static_cast<unsigned char>(p[3])));
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Ack {
  int32_t queue_id = 0;
  int64_t queue_offset = 0;
  int64_t commit_log_offset = 0;
  int round = 0;
  int body_size = 0;
};

// What one round does. Drawn from the seeded generator, printed on failure.
struct RoundPlan {
  int threads = 1;
  int body_size = 0;
  int64_t count = 0;
  // Kill this long after the spawn, or (if kill_after_acks > 0) once that many acknowledgements were read, plus
  // extra_micros.
  int64_t delay_micros = 0;
  int64_t kill_after_acks = 0;
  int64_t extra_micros = 0;

  std::string ToString() const {
    std::ostringstream s;
    s << "threads=" << threads << " size=" << body_size << " count=" << count;
    if (kill_after_acks > 0) {
      s << " kill after " << kill_after_acks << " acks + " << extra_micros << " us";
    } else {
      s << " kill after " << delay_micros << " us";
    }
    return s.str();
  }
};

RoundPlan PlanRound(std::mt19937_64& rng) {
  static constexpr int kThreads[] = {1, 2, 4, 8};
  static constexpr int kSizes[] = {0, 100, 700, 2500};
  RoundPlan p;
  p.threads = kThreads[std::uniform_int_distribution<int>(0, 3)(rng)];
  p.body_size = kSizes[std::uniform_int_distribution<int>(0, 3)(rng)];
  if (std::uniform_int_distribution<int>(0, 1)(rng) == 0) {
    // By time: anywhere from before the store is open to well into the writes; a small count sometimes lets the
    // process finish and close the store cleanly first.
    p.delay_micros = std::uniform_int_distribution<int64_t>(0, 80'000)(rng);
    p.count = std::uniform_int_distribution<int64_t>(1, 1500)(rng);
  } else {
    // By progress: certainly in the middle of acknowledged writes. A lone SYNC_FLUSH writer waits for one sync
    // per message, so fewer acks keep its round short.
    p.kill_after_acks = std::uniform_int_distribution<int64_t>(1, 100 * p.threads)(rng);
    p.extra_micros = std::uniform_int_distribution<int64_t>(0, 3000)(rng);
    p.count = 1'000'000;
  }
  return p;
}

struct ChildResult {
  bool killed = false;    // we sent SIGKILL before it exited
  int exit_code = -1;     // if it exited by itself
  int term_signal = 0;
  std::string out;        // everything read from its stdout
  std::string err;
};

// Kills and reaps a child that a failed assertion would otherwise leave running.
class ChildGuard {
 public:
  explicit ChildGuard(pid_t pid) : pid_(pid) {}
  ~ChildGuard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  ChildGuard(const ChildGuard&) = delete;
  ChildGuard& operator=(const ChildGuard&) = delete;
  // Waits for the child; the guard has nothing left to do.
  int Wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }

 private:
  pid_t pid_;
};

// Spawns `mqstore put` with stdout on a pipe, reads it until the plan's kill moment, kills, drains, reaps.
ChildResult RunAndKill(const std::vector<std::string>& args, const RoundPlan& plan, const std::string& err_path) {
  ChildResult result;
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::vector<std::string> argv_strings{kMqstore};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  const SteadyClock::time_point start = SteadyClock::now();
  const int rc = posix_spawn(&pid, kMqstore.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    FAIL("posix_spawn " << kMqstore << ": " << std::strerror(rc));
  }
  ChildGuard guard(pid);

  auto acks_read = [&result] {
    int64_t n = 0;
    for (char c : result.out) n += c == '\n' ? 1 : 0;
    return n;
  };
  SteadyClock::time_point deadline = plan.kill_after_acks > 0 ? SteadyClock::time_point::max()
                                                        : start + std::chrono::microseconds(plan.delay_micros);
  bool eof = false;
  char buf[8192];
  while (!eof && !result.killed) {
    const SteadyClock::time_point now = SteadyClock::now();
    if (now >= deadline) {
      ::kill(pid, SIGKILL);
      result.killed = true;
      break;
    }
    int timeout_ms = -1;
    if (deadline != SteadyClock::time_point::max()) {
      // Round up so a sub-millisecond remainder does not spin; the kill lands at most ~1 ms late.
      timeout_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::microseconds>(deadline - now).count() /
                                    1000) + 1;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int ready = ::poll(&p, 1, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    REQUIRE(ready >= 0);
    if (ready == 0) continue;
    const ssize_t n = ::read(fds[0], buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    REQUIRE(n >= 0);
    if (n == 0) {
      eof = true;
      break;
    }
    result.out.append(buf, static_cast<size_t>(n));
    if (plan.kill_after_acks > 0 && deadline == SteadyClock::time_point::max() && acks_read() >= plan.kill_after_acks) {
      deadline = SteadyClock::now() + std::chrono::microseconds(plan.extra_micros);
    }
  }
  // Whatever the child wrote before it died is still in the pipe: read to EOF (the write end closes with it).
  while (!eof) {
    const ssize_t n = ::read(fds[0], buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    result.out.append(buf, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  const int status = guard.Wait();
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
    result.killed = false;  // it finished before the signal landed
  } else if (WIFSIGNALED(status)) {
    result.term_signal = WTERMSIG(status);
  }
  result.err = ReadFile(err_path);
  return result;
}

// Complete ack lines only: a line torn by the kill (no newline yet) was never fully reported.
std::vector<Ack> ParseAcks(const std::string& out, int round, int body_size) {
  std::vector<Ack> acks;
  size_t begin = 0;
  for (size_t nl = out.find('\n'); nl != std::string::npos; begin = nl + 1, nl = out.find('\n', begin)) {
    const std::string line = out.substr(begin, nl - begin);
    std::istringstream in(line);
    Ack a;
    std::string extra;
    INFO("ack line: '" << line << "'");
    REQUIRE(static_cast<bool>(in >> a.queue_id >> a.queue_offset >> a.commit_log_offset));
    REQUIRE_FALSE(static_cast<bool>(in >> extra));
    a.round = round;
    a.body_size = body_size;
    acks.push_back(a);
  }
  return acks;
}

struct Unit {
  int64_t commit_log_offset = 0;
  int32_t size = 0;
  int body_size = 0;
};

// Reads every unit of every queue through the public API; checks each record; returns (queue, offset) -> unit.
std::map<std::pair<int32_t, int64_t>, Unit> ReadAllQueues(MessageStore* store) {
  std::map<std::pair<int32_t, int64_t>, Unit> units;
  for (const auto& [topic, queue_id] : store->ListQueues()) {
    INFO("listed queue " << topic << "-" << queue_id);
    CHECK(topic == kTopic);
    CHECK(queue_id < kQueues);
  }
  for (int32_t q = 0; q < kQueues; ++q) {
    INFO("queue " << q);
    REQUIRE(store->GetMinOffsetInQueue(kTopic, q) == 0);
    const int64_t max = store->GetMaxOffsetInQueue(kTopic, q);
    int64_t next = 0;
    while (next < max) {
      GetResult got = store->GetMessages({.topic = kTopic, .queue_id = q, .offset = next, .max_messages = 32});
      INFO("get from " << next << " of " << max << ": status " << static_cast<int>(got.status));
      REQUIRE(got.status == GetMessageStatus::kFound);
      for (size_t i = 0; i < got.messages.size(); ++i) {
        REQUIRE(got.queue_offsets[i] == next);  // dense: no unit skipped as unreadable
        const MessageRecord& rec = got.messages[i];
        INFO("queue offset " << next << " at commit-log offset " << rec.commit_log_offset);
        auto checked = DecodeMessageRecord(got.raw[i], /*check_crc=*/true);
        CHECK(checked.ok());
        CHECK(rec.topic == kTopic);
        CHECK(rec.queue_id == q);
        CHECK(rec.queue_offset == next);
        uint64_t index = 0;
        REQUIRE(IndexFromUniqKey(rec.UniqKey(), &index));
        CHECK(static_cast<int32_t>(index % kQueues) == q);
        CHECK(rec.body == ExpectedBody(index, rec.body.size()));
        units[{q, next}] = {rec.commit_log_offset, rec.total_size, static_cast<int>(rec.body.size())};
        ++next;
      }
    }
    GetResult past = store->GetMessages({.topic = kTopic, .queue_id = q, .offset = max});
    CHECK(past.messages.empty());
  }
  return units;
}

// Walks the closed store's commit log from offset 0; every record must be whole and be the unit of its queue
// offset; the walk must end exactly at `end`, with only zeros after it.
void WalkCommitLog(const std::string& dir, int64_t end, const std::map<std::pair<int32_t, int64_t>, Unit>& units) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  int64_t offset = 0;
  int64_t records = 0;
  bool ended = false;
  for (size_t f = 0; f < names.size(); ++f) {
    INFO("segment " << names[f]);
    const int64_t start = static_cast<int64_t>(f) * kSegmentSize;
    REQUIRE(std::stoll(names[f]) == start);
    const std::string data = ReadFile(dir + "/" + names[f]);
    REQUIRE(static_cast<int64_t>(data.size()) == kSegmentSize);
    if (ended) {
      CHECK(data.find_first_not_of('\0') == std::string::npos);
      continue;
    }
    REQUIRE(offset == start);
    int64_t pos = 0;
    while (pos + 8 <= kSegmentSize) {
      const int32_t size = ReadBE32(data.data() + pos);
      const int32_t magic = ReadBE32(data.data() + pos + 4);
      if (magic == kBlankMagic) {
        pos = kSegmentSize;
        break;
      }
      if (size == 0 && magic == 0) break;  // the end of the data
      INFO("record at " << start + pos);
      REQUIRE(magic == kMessageMagic);
      REQUIRE(size > 0);
      REQUIRE(pos + size <= kSegmentSize);
      auto rec = DecodeMessageRecord(std::string_view(data).substr(static_cast<size_t>(pos)), /*check_crc=*/true);
      REQUIRE(rec.ok());  // no half record, no bad CRC before the end
      CHECK(rec->commit_log_offset == start + pos);
      auto unit = units.find({rec->queue_id, rec->queue_offset});
      REQUIRE(unit != units.end());  // every record in the log is in its queue
      CHECK(unit->second.commit_log_offset == start + pos);
      CHECK(unit->second.size == size);
      ++records;
      pos += size;
    }
    offset = start + pos;
    if (pos < kSegmentSize) {
      ended = true;
      CHECK(offset == end);
      CHECK(data.find_first_not_of('\0', static_cast<size_t>(pos)) == std::string::npos);
    }
  }
  if (!ended) CHECK(offset == end);
  CHECK(records == static_cast<int64_t>(units.size()));
}

int RunVerify(const TempDir& scratch, const std::string& store_dir, const std::string& config, std::string* output) {
  const std::string out_path = scratch.Sub("verify.out");
  std::vector<std::string> argv_strings{kMqstore, "verify", store_dir, "-c", config};
  std::vector<char*> argv;
  for (std::string& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, kMqstore.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  *output = ReadFile(out_path);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

uint64_t CrashSeed() {
  const char* env = std::getenv("SPOOL_CRASH_SEED");
  if (env != nullptr && *env != '\0') return std::stoull(env);
  return std::random_device{}();
}

void RunSigkillRounds(int rounds) {
  const uint64_t seed = CrashSeed();
  INFO("SPOOL_CRASH_SEED=" << seed);
  std::mt19937_64 rng(seed);
  TempDir scratch;
  REQUIRE(!scratch.path().empty());
  const std::string store_dir = scratch.Sub("store");
  const std::string config = scratch.Sub("broker.properties");
  {
    std::ofstream out(config);
    // Small segments and ConsumeQueue files: rounds cross segment rolls (BLANK records) and CQ file rolls.
    out << "mappedFileSizeCommitLog=" << kSegmentSize << "\n"
        << "mappedFileSizeConsumeQueue=6000\n"
        << "maxHashSlotNum=1000\n"
        << "maxIndexNum=4000\n";
  }
  absl::StatusOr<StoreOptions> loaded = LoadStoreOptions(config);
  REQUIRE(loaded.ok());
  StoreOptions options = *loaded;
  options.store_path_root_dir = store_dir;

  std::vector<Ack> acks;
  int killed_mid_write = 0;
  for (int round = 0; round < rounds; ++round) {
    const RoundPlan plan = PlanRound(rng);
    INFO("round " << round << ": " << plan.ToString());
    const ChildResult child = RunAndKill(
        {"put", store_dir, "-c", config, "--topic", kTopic, "--queues", std::to_string(kQueues), "--count",
         std::to_string(plan.count), "--size", std::to_string(plan.body_size), "--flush", "sync", "--threads",
         std::to_string(plan.threads), "--acks"},
        plan, scratch.Sub("put.err"));
    INFO("mqstore put stderr: " << child.err);
    if (child.killed) {
      REQUIRE(child.term_signal == SIGKILL);
    } else {
      REQUIRE(child.exit_code == 0);  // finished first: it must have succeeded (its recovery included)
    }
    const std::vector<Ack> round_acks = ParseAcks(child.out, round, plan.body_size);
    if (child.killed && !round_acks.empty()) ++killed_mid_write;
    if (!child.killed) CHECK(static_cast<int64_t>(round_acks.size()) == plan.count);
    acks.insert(acks.end(), round_acks.begin(), round_acks.end());
    INFO(round_acks.size() << " acks this round, " << acks.size() << " in all");

    auto opened = MessageStore::Open(options);
    INFO("open: " << opened.status().ToString());
    REQUIRE(opened.ok());
    std::unique_ptr<MessageStore> store = *std::move(opened);
    const auto units = ReadAllQueues(store.get());
    for (const Ack& a : acks) {
      INFO("ack of round " << a.round << ": queue " << a.queue_id << " offset " << a.queue_offset << " at "
                           << a.commit_log_offset);
      auto it = units.find({a.queue_id, a.queue_offset});
      REQUIRE(it != units.end());  // an acknowledged message is never lost
      CHECK(it->second.commit_log_offset == a.commit_log_offset);
      CHECK(it->second.body_size == a.body_size);
    }
    const int64_t end = store->Stats().commit_log_max_offset;
    REQUIRE(store->Close().ok());
    store.reset();
    WalkCommitLog(options.CommitLogDir(), end, units);

    // The tool's own check, independent of this test's (every few rounds: it costs a process and a recovery).
    if (round % 4 == 3 || round == rounds - 1) {
      std::string verify_output;
      const int verify = RunVerify(scratch, store_dir, config, &verify_output);
      INFO("mqstore verify: " << verify_output);
      CHECK(verify == 0);
    }
  }
  // The rounds did what they are for: most kills landed while acknowledged writes were going on.
  CHECK(killed_mid_write >= rounds / 4);
}

}  // namespace

TEST_CASE("SIGKILL during SYNC_FLUSH puts: no acknowledged message lost, no record half there",
          "[crash][sigkill]") {
  RunSigkillRounds(24);
}

TEST_CASE("SIGKILL during SYNC_FLUSH puts, 200 rounds", "[crash][sigkill][long]") { RunSigkillRounds(200); }

}  // namespace spool::store
