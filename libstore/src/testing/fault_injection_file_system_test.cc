#include "testing/fault_injection_file_system.h"

#include <atomic>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "absl/strings/str_cat.h"

#include "testing/manual_clock.h"

namespace spool::store::internal {
namespace {

using Op = FaultInjectionFileSystem::Op;

constexpr char kDir[] = "/store/commitlog";
constexpr char kFile[] = "/store/commitlog/00000000000000000000";

std::string Read(FileSystem& fs, const std::string& path) {
  auto s = fs.ReadFile(path);
  REQUIRE(s.ok());
  return *s;
}

// A fresh file system with kDir created and the mapped segment kFile (64 KiB) made durable by name.
struct Fixture {
  Fixture() {
    REQUIRE(fs.CreateDirs(kDir).ok());
    auto m = fs.MapFile(kFile, kSize, MapOptions{.create = true});
    REQUIRE(m.ok());
    mapping = std::move(*m);
    REQUIRE(fs.SyncDir(kDir).ok());
  }
  void Write(uint64_t offset, std::string_view bytes) { std::memcpy(mapping->data() + offset, bytes.data(), bytes.size()); }

  static constexpr uint64_t kSize = 64 * 1024;
  FaultInjectionFileSystem fs;
  std::unique_ptr<MemoryMapping> mapping;
};

TEST_CASE("power loss: synced bytes survive, unsynced ones vanish", "[testing][fault]") {
  Fixture f;
  const std::string synced(5000, 's');
  const std::string unsynced(3000, 'u');
  f.Write(0, synced);
  REQUIRE(f.mapping->Sync(0, synced.size()).ok());
  f.Write(synced.size(), unsynced);
  CHECK(Read(f.fs, kFile).substr(0, 8000) == synced + unsynced);  // visible at once, before any sync
  CHECK(f.fs.ReadDurable(kFile)->substr(0, 8000) == synced + std::string(3000, '\0'));

  f.fs.SimulatePowerLoss();
  std::string after = Read(f.fs, kFile);
  REQUIRE(after.size() == Fixture::kSize);
  CHECK(after.substr(0, 5000) == synced);
  CHECK(after.substr(5000) == std::string(Fixture::kSize - 5000, '\0'));

  // The old mapping is dead: its writes go nowhere and its syncs fail.
  f.Write(0, "zzz");
  CHECK(absl::IsUnavailable(f.mapping->Sync(0, 3)));
  CHECK(Read(f.fs, kFile).substr(0, 3) == "sss");

  // The store reopens on the same object: the file maps again at its full size.
  auto reopened = f.fs.MapFile(kFile, Fixture::kSize, MapOptions{});
  REQUIRE(reopened.ok());
  CHECK(std::string_view((*reopened)->data(), 5000) == synced);
  f.mapping.reset();  // a dead mapping's destruction does not disturb the new one
  std::memcpy((*reopened)->data() + 6000, "new", 3);
  CHECK((*reopened)->Sync(6000, 3).ok());
}

TEST_CASE("power loss: WritableFile data survives only after Sync", "[testing][fault]") {
  Fixture f;
  const std::string path = "/store/checkpoint";
  auto file = f.fs.OpenWritable(path, OpenMode::kCreateOrTruncate);
  REQUIRE(file.ok());
  REQUIRE((*file)->Append("durable").ok());
  REQUIRE((*file)->Sync().ok());
  REQUIRE((*file)->Append("-lost").ok());
  REQUIRE(f.fs.SyncDir("/store").ok());
  f.fs.SimulatePowerLoss();
  CHECK(Read(f.fs, path) == "durable");
  CHECK(absl::IsUnavailable((*file)->Append("x")));
  CHECK(absl::IsUnavailable((*file)->Sync()));
}

TEST_CASE("power loss: names need SyncDir", "[testing][fault]") {
  Fixture f;
  SECTION("a new file vanishes unless its directory was synced") {
    const std::string unsynced_name = "/store/commitlog/00000000000000065536";
    auto m = f.fs.MapFile(unsynced_name, 4096, MapOptions{.create = true});
    REQUIRE(m.ok());
    std::memcpy((*m)->data(), "data", 4);
    REQUIRE((*m)->Sync(0, 4096).ok());  // the bytes are durable, the name is not
    f.fs.SimulatePowerLoss();
    CHECK(!*f.fs.Exists(unsynced_name));
    CHECK(*f.fs.Exists(kFile));  // its directory was synced by the fixture
  }
  SECTION("a synced new file stays, with zeros where nothing was synced") {
    const std::string name = "/store/commitlog/00000000000000065536";
    auto m = f.fs.MapFile(name, 4096, MapOptions{.create = true});
    REQUIRE(m.ok());
    std::memcpy((*m)->data(), "data", 4);
    REQUIRE(f.fs.SyncDir(kDir).ok());
    f.fs.SimulatePowerLoss();
    CHECK(Read(f.fs, name) == std::string(4096, '\0'));
  }
  SECTION("rename and delete revert unless synced") {
    REQUIRE(f.fs.Rename(kFile, "/store/commitlog/renamed").ok());
    auto w = f.fs.OpenWritable("/store/gone", OpenMode::kCreateOrTruncate);
    REQUIRE(w.ok());
    REQUIRE(f.fs.SyncDir("/store").ok());
    REQUIRE(f.fs.DeleteFile("/store/gone").ok());
    f.fs.SimulatePowerLoss();
    CHECK(*f.fs.Exists(kFile));
    CHECK(!*f.fs.Exists("/store/commitlog/renamed"));
    CHECK(*f.fs.Exists("/store/gone"));

    REQUIRE(f.fs.Rename(kFile, "/store/commitlog/renamed").ok());
    REQUIRE(f.fs.DeleteFile("/store/gone").ok());
    REQUIRE(f.fs.SyncDir(kDir).ok());
    REQUIRE(f.fs.SyncDir("/store").ok());
    f.fs.SimulatePowerLoss();
    CHECK(!*f.fs.Exists(kFile));
    CHECK(*f.fs.Exists("/store/commitlog/renamed"));
    CHECK(!*f.fs.Exists("/store/gone"));
  }
  SECTION("preallocate syncs the new file and its directory") {
    const std::string name = "/store/commitlog/00000000000000065536";
    REQUIRE(f.fs.MapFile(name, 8192, MapOptions{.create = true, .preallocate = true}).ok());
    f.fs.SimulatePowerLoss();
    CHECK(*f.fs.FileSize(name) == 8192);
  }
}

TEST_CASE("power loss: garbage mode tears only unsynced bytes", "[testing][fault]") {
  Fixture f;
  std::string synced(4100, 'a');  // ends inside the 9th sector, which the unsynced write then shares
  std::string unsynced(8000, 'b');
  f.Write(0, synced);
  REQUIRE(f.mapping->Sync(0, synced.size()).ok());
  f.Write(synced.size(), unsynced);
  const uint64_t seed = GENERATE(1, 2, 3);
  INFO("seed " << seed);
  f.fs.SimulatePowerLoss({.garbage_after_durable = true, .seed = seed});
  std::string after = Read(f.fs, kFile);
  CHECK(after.substr(0, synced.size()) == synced);
  const std::string tail = after.substr(synced.size(), unsynced.size());
  CHECK(tail != unsynced);
  CHECK(tail != std::string(unsynced.size(), '\0'));
  CHECK(after.substr(synced.size() + unsynced.size()) == std::string(Fixture::kSize - 12100, '\0'));

  SECTION("the same seed gives the same damage") {
    FaultInjectionFileSystem again;
    REQUIRE(again.CreateDirs(kDir).ok());
    auto m = again.MapFile(kFile, Fixture::kSize, MapOptions{.create = true});
    REQUIRE(m.ok());
    REQUIRE(again.SyncDir(kDir).ok());
    std::memcpy((*m)->data(), synced.data(), synced.size());
    REQUIRE((*m)->Sync(0, synced.size()).ok());
    std::memcpy((*m)->data() + synced.size(), unsynced.data(), unsynced.size());
    again.SimulatePowerLoss({.garbage_after_durable = true, .seed = seed});
    CHECK(Read(again, kFile) == after);
  }
}

TEST_CASE("power loss: unsynced sectors may survive whole", "[testing][fault]") {
  Fixture f;
  std::string unsynced(64 * 512, 'n');
  f.Write(0, unsynced);
  f.fs.SimulatePowerLoss({.unsynced_may_survive = true, .seed = 7});
  std::string after = Read(f.fs, kFile);
  int kept_old = 0;
  int took_new = 0;
  for (size_t sector = 0; sector < 64; ++sector) {
    std::string_view s(after.data() + sector * 512, 512);
    if (s == std::string(512, '\0')) {
      ++kept_old;
    } else {
      REQUIRE(s == std::string(512, 'n'));  // no garbage without garbage mode: each sector is old or new
      ++took_new;
    }
  }
  CHECK(kept_old > 0);
  CHECK(took_new > 0);
}

TEST_CASE("FailNext fails exactly one operation", "[testing][fault]") {
  Fixture f;
  f.Write(0, "abc");
  f.fs.FailNext(Op::kMapSync, absl::InternalError("EIO"));
  absl::Status failed = f.mapping->Sync(0, 3);
  REQUIRE(absl::IsInternal(failed));
  CHECK(failed.message().find(kFile) != absl::string_view::npos);
  CHECK(f.fs.ReadDurable(kFile)->substr(0, 3) == std::string(3, '\0'));  // a failed sync made nothing durable
  CHECK(f.mapping->Sync(0, 3).ok());
  CHECK(f.fs.ReadDurable(kFile)->substr(0, 3) == "abc");
  CHECK(f.fs.injected_failures() == 1);
  CHECK(f.fs.OpCount(Op::kMapSync) == 1);

  SECTION("other kinds are untouched, and a path filter narrows it") {
    f.fs.FailNext(Op::kSyncDir, absl::InternalError("EIO"), "consumequeue");
    REQUIRE(f.fs.CreateDirs("/store/consumequeue").ok());
    CHECK(f.fs.SyncDir(kDir).ok());
    CHECK(!f.fs.SyncDir("/store/consumequeue").ok());
    CHECK(f.fs.SyncDir("/store/consumequeue").ok());
  }
  SECTION("each operation kind") {
    f.fs.FailNext(Op::kCreate, absl::ResourceExhaustedError("ENOSPC"));
    CHECK(absl::IsResourceExhausted(f.fs.MapFile("/store/commitlog/x", 4096, MapOptions{.create = true}).status()));
    CHECK(!*f.fs.Exists("/store/commitlog/x"));
    f.fs.FailNext(Op::kMap, absl::InternalError("ENOMEM"));
    CHECK(!f.fs.MapFile(kFile, 0, MapOptions{}).ok());
    f.fs.FailNext(Op::kRename, absl::InternalError("EIO"));
    CHECK(!f.fs.Rename(kFile, "/store/x").ok());
    CHECK(*f.fs.Exists(kFile));
    auto w = f.fs.OpenWritable("/store/config", OpenMode::kCreateOrTruncate);
    REQUIRE(w.ok());
    f.fs.FailNext(Op::kWrite, absl::InternalError("EIO"));
    CHECK(!(*w)->Append("x").ok());
    CHECK((*w)->Append("y").ok());
    f.fs.FailNext(Op::kSync, absl::InternalError("EIO"));
    CHECK(!(*w)->Sync().ok());
    CHECK((*w)->Sync().ok());
    f.fs.FailNext(Op::kDelete, absl::InternalError("EIO"));
    CHECK(!f.fs.DeleteFile("/store/config").ok());
    f.fs.FailNext(Op::kRead, absl::InternalError("EIO"));
    CHECK(!f.fs.ReadFile("/store/config").ok());
    CHECK(Read(f.fs, "/store/config") == "y");
    CHECK(f.fs.injected_failures() == 8);
  }
}

TEST_CASE("FailAlways fails until cleared", "[testing][fault]") {
  Fixture f;
  f.fs.FailAlways(Op::kMapSync, absl::InternalError("EIO"));
  CHECK(!f.mapping->Sync(0, 1).ok());
  CHECK(!f.mapping->Sync(0, 1).ok());
  f.fs.ClearFailures();
  CHECK(f.mapping->Sync(0, 1).ok());
}

TEST_CASE("SetActive(false) freezes writes and syncs until the power comes back", "[testing][fault]") {
  Fixture f;
  f.Write(0, "before");
  REQUIRE(f.mapping->Sync(0, 6).ok());
  f.fs.SetActive(false);
  f.Write(0, "during");  // memory changes, but nothing can become durable
  CHECK(absl::IsUnavailable(f.mapping->Sync(0, 6)));
  CHECK(absl::IsUnavailable(f.fs.SyncDir(kDir)));
  CHECK(absl::IsUnavailable(f.fs.OpenWritable("/store/new", OpenMode::kCreateOrOpen).status()));
  CHECK(absl::IsUnavailable(f.fs.DeleteFile(kFile)));
  CHECK(Read(f.fs, kFile).substr(0, 6) == "during");  // reads still work
  f.fs.SimulatePowerLoss();
  CHECK(f.fs.active());
  CHECK(Read(f.fs, kFile).substr(0, 6) == "before");
  CHECK(f.fs.SyncDir(kDir).ok());
}

TEST_CASE("power loss releases locks; old lock objects do not release new ones", "[testing][fault]") {
  Fixture f;
  REQUIRE(f.fs.OpenWritable("/store/lock", OpenMode::kCreateOrOpen).ok());
  REQUIRE(f.fs.SyncDir("/store").ok());
  auto old_lock = f.fs.LockFile("/store/lock");
  REQUIRE(old_lock.ok());
  f.fs.SimulatePowerLoss();
  auto new_lock = f.fs.LockFile("/store/lock");
  REQUIRE(new_lock.ok());
  old_lock->reset();
  CHECK(absl::IsUnavailable(f.fs.LockFile("/store/lock").status()));
}

TEST_CASE("MemFileSystem fixes a mapped file's length", "[testing][mem]") {
  MemFileSystem fs;
  REQUIRE(fs.CreateDirs("/d").ok());
  auto m = fs.MapFile("/d/f", 4096, MapOptions{.create = true});
  REQUIRE(m.ok());
  CHECK(absl::IsFailedPrecondition(fs.Truncate("/d/f", 100)));
  auto w = fs.OpenWritable("/d/f", OpenMode::kCreateOrOpen);
  REQUIRE(w.ok());
  CHECK(absl::IsFailedPrecondition((*w)->Append("grow")));
  CHECK((*w)->WriteAt(10, "inside").ok());
  CHECK(std::string_view((*m)->data() + 10, 6) == "inside");
  m->reset();
  CHECK(fs.Truncate("/d/f", 100).ok());
}

TEST_CASE("MemFileSystem takes mtime from its clock and disk usage from SetDiskUsage", "[testing][mem]") {
  ManualClock clock(1'000'000);
  MemFileSystem fs(&clock);
  REQUIRE(fs.CreateDirs("/d").ok());
  REQUIRE(fs.OpenWritable("/d/f", OpenMode::kCreateOrOpen).ok());
  CHECK(*fs.ModifiedTimeMs("/d/f") == 1'000'000);
  clock.AdvanceMillis(500);
  auto w = fs.OpenWritable("/d/f", OpenMode::kOpenExisting);
  REQUIRE(w.ok());
  REQUIRE((*w)->Append("x").ok());
  CHECK(*fs.ModifiedTimeMs("/d/f") == 1'000'500);

  CHECK(fs.GetDiskUsage("/d")->used_ratio() == 0.0);
  fs.SetDiskUsage(1000, 100);
  CHECK(fs.GetDiskUsage("/d")->used_ratio() == 0.9);
}

TEST_CASE("MemFileSystem is thread-safe", "[testing][mem]") {
  // Run under TSan: threads create, write, sync, list and delete in one directory at once.
  FaultInjectionFileSystem fs;
  REQUIRE(fs.CreateDirs("/d").ok());
  constexpr int kThreads = 4;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&fs, &failures, t] {
      for (int i = 0; i < 20; ++i) {
        const std::string name = absl::StrCat("/d/", t, "_", i);
        auto m = fs.MapFile(name, 4096, MapOptions{.create = true});
        if (!m.ok()) {
          ++failures;
          continue;
        }
        std::memset((*m)->data(), 'a' + t, 4096);
        if (!(*m)->Sync(0, 4096).ok() || !fs.SyncDir("/d").ok() || !fs.ListDir("/d").ok()) ++failures;
        auto content = fs.ReadFile(name);
        if (!content.ok() || *content != std::string(4096, static_cast<char>('a' + t))) ++failures;
        if (i % 2 == 0 && !fs.DeleteFile(name).ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures.load() == 0);
  CHECK(fs.ListDir("/d")->size() == kThreads * 10);
  CHECK(fs.OpCount(Op::kMapSync) == kThreads * 20);
}

TEST_CASE("MemFileSystem objects may outlive it", "[testing][mem]") {
  std::unique_ptr<MemoryMapping> mapping;
  std::unique_ptr<FileLock> lock;
  {
    FaultInjectionFileSystem fs;
    REQUIRE(fs.CreateDirs("/d").ok());
    mapping = *fs.MapFile("/d/f", 4096, MapOptions{.create = true});
    lock = *fs.LockFile("/d/lock");
  }
  std::memcpy(mapping->data(), "still here", 10);
  CHECK(mapping->Sync(0, 10).ok());
  lock.reset();
  mapping.reset();
}

}  // namespace
}  // namespace spool::store::internal
