// examples/embedded_queue, killed with SIGKILL at random moments and started again, carries on where it stopped:
// the producer continues after the last stored message, the consumer from its committed offset, and the final run
// consumes every message in order (the example itself exits non-zero on a gap or a mismatch). Afterwards the store
// holds exactly the messages 0..N-1 and the committed offset is N.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "spool/store/consumer_offsets.h"
#include "spool/store/message_store.h"
#include "temp_dir.h"

extern char** environ;

namespace spool::store {
namespace {

using spool::testing::TempDir;

const std::string kExample = std::string(SPOOL_BIN_DIR) + "/embedded_queue";
constexpr int64_t kMessages = 3000;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Starts the example with stdout and stderr in files; returns its pid.
pid_t Start(const std::string& store_dir, const std::string& out_path) {
  std::vector<std::string> args = {kExample, "--dir", store_dir, "--messages", std::to_string(kMessages)};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, kExample.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(rc == 0);
  return pid;
}

int Wait(pid_t pid) {
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return status;
}

// Kills the child when the test fails before it is reaped.
struct ChildGuard {
  pid_t pid;
  ~ChildGuard() {
    if (pid > 0 && kill(pid, SIGKILL) == 0) waitpid(pid, nullptr, 0);
  }
};

TEST_CASE("embedded_queue killed at random moments carries on without loss", "[example]") {
  TempDir tmp;
  const std::string store_dir = tmp.Sub("queue");
  const std::string out = tmp.Sub("out.txt");
  const uint64_t seed = std::random_device{}();
  INFO("seed " << seed);
  std::mt19937_64 rng(seed);

  int killed = 0;
  for (int round = 0; round < 6; ++round) {
    ChildGuard child{Start(store_dir, out)};
    // Wait until it has resumed (the store is open), then let it run a random while.
    for (int i = 0; i < 5000 && ReadFile(out).find("resuming") == std::string::npos; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 60)(rng)));
    kill(child.pid, SIGKILL);
    const int status = Wait(child.pid);
    child.pid = -1;
    INFO("round " << round << " output:\n" << ReadFile(out));
    if (WIFEXITED(status)) {
      // It finished before the kill: everything is done already.
      REQUIRE(WEXITSTATUS(status) == 0);
      break;
    }
    REQUIRE(WIFSIGNALED(status));
    ++killed;
  }

  // The last run goes to the end: no gap, no mismatch, in order.
  ChildGuard child{Start(store_dir, out)};
  const int status = Wait(child.pid);
  child.pid = -1;
  const std::string output = ReadFile(out);
  INFO("killed " << killed << " times; last run:\n" << output);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  CHECK(output.find("done: " + std::to_string(kMessages)) != std::string::npos);

  StoreOptions options;
  options.store_path_root_dir = store_dir;
  options.mapped_file_size_commit_log = 64 << 20;  // as the example opens it
  options.mapped_file_size_consume_queue = 300000 * 20;
  options.max_hash_slot_num = 10000;
  options.max_index_num = 40000;
  auto store = MessageStore::Open(options);
  REQUIRE(store.ok());
  CHECK((*store)->GetMaxOffsetInQueue("EmbeddedQueue", 0) == kMessages);
  CHECK((*store)->consumer_offsets().Query("embedded_consumer", "EmbeddedQueue", 0) == kMessages);
  for (int64_t offset = 0; offset < kMessages; offset += 500) {
    GetResult got = (*store)->GetMessages({.topic = "EmbeddedQueue", .queue_id = 0, .offset = offset, .max_messages = 1});
    REQUIRE(got.status == GetMessageStatus::kFound);
    CHECK(got.messages.at(0).body == "message-" + std::to_string(offset));
  }
  REQUIRE((*store)->Close().ok());
}

}  // namespace
}  // namespace spool::store
