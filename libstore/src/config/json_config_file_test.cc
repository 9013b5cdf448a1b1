#include "config/json_config_file.h"

#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "testing/fault_injection_file_system.h"
#include "testing/manual_clock.h"

namespace spool::store::internal {
namespace {

using Op = FaultInjectionFileSystem::Op;

constexpr char kPath[] = "/store/config/table.json";

// A decoder that accepts only "v<digits>" and records what it accepted.
struct Decoder {
  std::string accepted;
  absl::Status operator()(std::string_view text) {
    if (text.size() < 2 || text[0] != 'v') return absl::InvalidArgumentError("not a version");
    accepted = std::string(text);
    return absl::OkStatus();
  }
};

absl::StatusOr<std::string> LoadText(FileSystem* fs) {
  Decoder d;
  absl::StatusOr<bool> found = LoadJsonConfig(fs, kPath, [&d](std::string_view t) { return d(t); });
  if (!found.ok()) return found.status();
  if (!*found) return std::string();
  return d.accepted;
}

TEST_CASE("PersistAtomically: layout of .tmp and .bak", "[config][json_config_file]") {
  ManualClock clock;
  FaultInjectionFileSystem fs(&clock);
  REQUIRE(PersistAtomically(&fs, kPath, "v1").ok());
  CHECK(*fs.ReadFile(kPath) == "v1");
  CHECK(absl::IsNotFound(fs.ReadFile(std::string(kPath) + ".bak").status()));
  CHECK(absl::IsNotFound(fs.ReadFile(std::string(kPath) + ".tmp").status()));
  REQUIRE(PersistJsonConfig(&fs, kPath, [] { return std::string("v2"); }).ok());
  CHECK(*fs.ReadFile(kPath) == "v2");
  CHECK(*fs.ReadFile(std::string(kPath) + ".bak") == "v1");
  CHECK(absl::IsNotFound(fs.ReadFile(std::string(kPath) + ".tmp").status()));
  // Durable on return: a power cut right after keeps the new version and its backup.
  fs.SimulatePowerLoss({.garbage_after_durable = true, .seed = 7});
  CHECK(*fs.ReadFile(kPath) == "v2");
  CHECK(*fs.ReadFile(std::string(kPath) + ".bak") == "v1");
}

TEST_CASE("LoadJsonConfig ignores a leftover .tmp", "[config][json_config_file]") {
  ManualClock clock;
  FaultInjectionFileSystem fs(&clock);
  REQUIRE(PersistAtomically(&fs, kPath, "v1").ok());
  REQUIRE(PersistAtomically(&fs, std::string(kPath) + ".tmp", "v9").ok());
  CHECK(*LoadText(&fs) == "v1");
}

TEST_CASE("PersistAtomically: a failure at any step leaves a whole old or new version after a power cut",
          "[config][json_config_file]") {
  const std::vector<std::pair<const char*, Op>> steps = {
      {"create", Op::kCreate}, {"write", Op::kWrite},     {"sync", Op::kSync},
      {"read", Op::kRead},     {"rename", Op::kRename}, {"sync dir", Op::kSyncDir},
  };
  for (const auto& [name, op] : steps) {
    for (uint64_t seed = 1; seed <= 3; ++seed) {
      INFO("failing step: " << name << ", seed " << seed);
      ManualClock clock;
      FaultInjectionFileSystem fs(&clock);
      REQUIRE(PersistAtomically(&fs, kPath, "v1").ok());
      fs.FailNext(op, absl::InternalError("injected EIO"));
      const absl::Status s = PersistAtomically(&fs, kPath, "v2");
      CHECK_FALSE(s.ok());
      CHECK_THAT(std::string(s.message()), Catch::Contains(kPath));
      fs.SimulatePowerLoss({.garbage_after_durable = true, .unsynced_may_survive = true, .seed = seed});
      fs.ClearFailures();
      absl::StatusOr<std::string> text = LoadText(&fs);
      INFO(text.status().ToString());
      REQUIRE(text.ok());
      CHECK((*text == "v1" || *text == "v2"));
    }
  }
}

TEST_CASE("PersistAtomically: a power cut at any operation on any of its files", "[config][json_config_file]") {
  // The first operation of a kind on the .tmp, the .bak or the main file fails, as the power goes: whatever
  // Persist reported, the file reads back whole afterwards, and an OK means the new version.
  for (Op op : {Op::kCreate, Op::kWrite, Op::kSync, Op::kRead, Op::kRename, Op::kSyncDir}) {
    for (const char* which : {".tmp", ".bak", "table.json"}) {
      INFO("failing " << MemFileSystem::OpName(op) << " on a path containing " << which);
      ManualClock clock;
      FaultInjectionFileSystem fs(&clock);
      REQUIRE(PersistAtomically(&fs, kPath, "v1").ok());
      REQUIRE(PersistAtomically(&fs, kPath, "v2").ok());
      fs.FailNext(op, absl::UnavailableError("power cut"), which);
      const absl::Status s = PersistAtomically(&fs, kPath, "v3");
      fs.SetActive(false);
      fs.SimulatePowerLoss({.garbage_after_durable = true, .unsynced_may_survive = true, .seed = 11});
      fs.ClearFailures();
      absl::StatusOr<std::string> text = LoadText(&fs);
      INFO(s.ToString() << " / " << text.status().ToString());
      REQUIRE(text.ok());
      if (s.ok()) {
        CHECK(*text == "v3");
      } else {
        CHECK((*text == "v2" || *text == "v3"));
      }
    }
  }
}

}  // namespace
}  // namespace spool::store::internal
