// One suite, run against the POSIX file system (in a fresh directory under /tmp) and MemFileSystem: the fake must
// meet the real one's contract (Redpanda's persistence_test).
#include <stdlib.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "io/posix_file_system.h"
#include "spool/store/file_system.h"
#include "testing/mem_file_system.h"

namespace spool::store::internal {
namespace {

class PosixEnv {
 public:
  PosixEnv() {
    char tmpl[] = "/tmp/spool_fs_contract_XXXXXX";
    const char* dir = ::mkdtemp(tmpl);
    REQUIRE(dir != nullptr);
    root_ = dir;
  }
  ~PosixEnv() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  FileSystem& fs() { return fs_; }
  const std::string& root() const { return root_; }

 private:
  PosixFileSystem fs_;
  std::string root_;
};

class MemEnv {
 public:
  MemEnv() { REQUIRE(fs_.CreateDirs(root_).ok()); }
  FileSystem& fs() { return fs_; }
  const std::string& root() const { return root_; }

 private:
  MemFileSystem fs_;
  std::string root_ = "/mem/contract";
};

std::string Read(FileSystem& fs, const std::string& path) {
  absl::StatusOr<std::string> s = fs.ReadFile(path);
  REQUIRE(s.ok());
  return *s;
}

void WriteFile(FileSystem& fs, const std::string& path, std::string_view content) {
  auto file = fs.OpenWritable(path, OpenMode::kCreateOrTruncate);
  REQUIRE(file.ok());
  REQUIRE((*file)->Append(content).ok());
  REQUIRE((*file)->Sync().ok());
  REQUIRE((*file)->Close().ok());
}

TEMPLATE_TEST_CASE("FileSystem contract", "[io][fs]", PosixEnv, MemEnv) {
  TestType env;
  FileSystem& fs = env.fs();
  const std::string root = env.root();
  const std::string path = JoinPath(root, "00000000000000000000");

  SECTION("mapping a missing file without create is kNotFound") {
    auto m = fs.MapFile(path, 4096, MapOptions{});
    REQUIRE(absl::IsNotFound(m.status()));
    CHECK(m.status().message().find(path) != absl::string_view::npos);
    CHECK(!*fs.Exists(path));
  }

  SECTION("create, write, sync, read back, remap") {
    auto m = fs.MapFile(path, 8192, MapOptions{.create = true});
    REQUIRE(m.ok());
    MemoryMapping& mapping = **m;
    REQUIRE(mapping.size() == 8192);
    CHECK(std::all_of(mapping.data(), mapping.data() + 8192, [](char c) { return c == 0; }));
    CHECK(*fs.FileSize(path) == 8192);

    std::memcpy(mapping.data() + 100, "hello", 5);
    std::memcpy(mapping.data() + 5000, "world", 5);
    REQUIRE(mapping.Sync(100, 5).ok());     // unaligned start
    REQUIRE(mapping.Sync(4096, 4096).ok());  // to the very end
    REQUIRE(mapping.Sync(0, 0).ok());
    CHECK(absl::IsOutOfRange(mapping.Sync(8000, 200)));
    CHECK(absl::IsOutOfRange(mapping.Sync(9000, 0)));

    std::string content = Read(fs, path);
    REQUIRE(content.size() == 8192);
    CHECK(content.substr(100, 5) == "hello");
    CHECK(content.substr(5000, 5) == "world");

    // A second mapping of the same file shares the bytes both ways.
    auto again = fs.MapFile(path, 8192, MapOptions{});
    REQUIRE(again.ok());
    CHECK(std::string_view((*again)->data() + 100, 5) == "hello");
    std::memcpy((*again)->data() + 200, "shared", 6);
    CHECK(std::string_view(mapping.data() + 200, 6) == "shared");

    // size 0 maps at the current length; read-only works too.
    auto whole = fs.MapFile(path, 0, MapOptions{.read_only = true});
    REQUIRE(whole.ok());
    CHECK((*whole)->size() == 8192);
    CHECK(std::string_view((*whole)->data() + 5000, 5) == "world");
  }

  SECTION("an existing file of another length is refused") {
    REQUIRE(fs.MapFile(path, 4096, MapOptions{.create = true}).ok());
    auto bigger = fs.MapFile(path, 8192, MapOptions{.create = true});
    REQUIRE(absl::IsFailedPrecondition(bigger.status()));
    CHECK(bigger.status().message().find(path) != absl::string_view::npos);
    CHECK(absl::IsFailedPrecondition(fs.MapFile(path, 1024, MapOptions{}).status()));
    CHECK(*fs.FileSize(path) == 4096);
  }

  SECTION("a 0-length file maps as an empty mapping") {
    WriteFile(fs, path, "");
    auto m = fs.MapFile(path, 0, MapOptions{});
    REQUIRE(m.ok());
    CHECK((*m)->size() == 0);
    CHECK((*m)->Sync(0, 0).ok());
    CHECK(absl::IsOutOfRange(fs.MapFile(path, 0, MapOptions{}).value()->Sync(0, 1)));
    auto created = fs.MapFile(JoinPath(root, "empty"), 0, MapOptions{.create = true});
    REQUIRE(created.ok());
    CHECK((*created)->size() == 0);
    CHECK(*fs.Exists(JoinPath(root, "empty")));
  }

  SECTION("preallocate and populate give a zeroed file of the full length") {
    const uint64_t size = (3 << 20) + 4096;  // not a multiple of the 1 MiB fill chunk
    auto m = fs.MapFile(path, size, MapOptions{.create = true, .preallocate = true, .populate = true});
    REQUIRE(m.ok());
    REQUIRE((*m)->size() == size);
    CHECK(*fs.FileSize(path) == size);
    CHECK(std::all_of((*m)->data(), (*m)->data() + size, [](char c) { return c == 0; }));
    (*m)->data()[size - 1] = 'z';
    REQUIRE((*m)->Sync(size - 1, 1).ok());
    CHECK(Read(fs, path).back() == 'z');
  }

  SECTION("creating a file in a missing directory is kNotFound") {
    const std::string deep = JoinPath(root, "no/such/dir/file");
    CHECK(absl::IsNotFound(fs.MapFile(deep, 4096, MapOptions{.create = true}).status()));
    CHECK(absl::IsNotFound(fs.OpenWritable(deep, OpenMode::kCreateOrOpen).status()));
  }

  SECTION("a mapping stays usable after its file is renamed or deleted") {
    auto m = fs.MapFile(path, 4096, MapOptions{.create = true});
    REQUIRE(m.ok());
    const std::string renamed = JoinPath(root, "renamed");
    REQUIRE(fs.Rename(path, renamed).ok());
    std::memcpy((*m)->data(), "after-rename", 12);
    REQUIRE((*m)->Sync(0, 12).ok());
    CHECK(Read(fs, renamed).substr(0, 12) == "after-rename");
    REQUIRE(fs.DeleteFile(renamed).ok());
    std::memcpy((*m)->data() + 100, "after-delete", 12);
    CHECK((*m)->Sync(0, 4096).ok());
    CHECK(std::string_view((*m)->data(), 12) == "after-rename");
    CHECK(!*fs.Exists(renamed));
  }

  SECTION("DontNeed keeps the data") {
    auto m = fs.MapFile(path, 3 * 4096, MapOptions{.create = true});
    REQUIRE(m.ok());
    std::memset((*m)->data(), 'a', 3 * 4096);
    (*m)->DontNeed(0, 3 * 4096);  // unsynced: on POSIX the dirty pages move to the page cache, never dropped
    CHECK(std::all_of((*m)->data(), (*m)->data() + 3 * 4096, [](char c) { return c == 'a'; }));
    REQUIRE((*m)->Sync(0, 3 * 4096).ok());
    (*m)->DontNeed(100, 9000);
    (*m)->DontNeed(20000, 5);  // past the end: ignored
    CHECK(Read(fs, path) == std::string(3 * 4096, 'a'));
  }

  SECTION("WritableFile: append, write at, truncate, sync, close") {
    auto f = fs.OpenWritable(path, OpenMode::kCreateOrTruncate);
    REQUIRE(f.ok());
    REQUIRE((*f)->Append("abc").ok());
    REQUIRE((*f)->Append("def").ok());
    REQUIRE((*f)->WriteAt(1, "XY").ok());
    REQUIRE((*f)->WriteAt(10, "gap").ok());  // past the end: the hole reads as zeros
    REQUIRE((*f)->Sync().ok());
    CHECK(Read(fs, path) == std::string("aXYdef\0\0\0\0gap", 13));
    REQUIRE((*f)->Truncate(4).ok());
    REQUIRE((*f)->Append("!").ok());
    CHECK(Read(fs, path) == "aXYd!");
    REQUIRE((*f)->Close().ok());
    CHECK(absl::IsFailedPrecondition((*f)->Append("x")));
    CHECK((*f)->Close().ok());

    // kCreateOrOpen keeps the content and appends after it; kCreateOrTruncate empties it.
    auto reopened = fs.OpenWritable(path, OpenMode::kCreateOrOpen);
    REQUIRE(reopened.ok());
    REQUIRE((*reopened)->Append("more").ok());
    CHECK(Read(fs, path) == "aXYd!more");
    auto existing = fs.OpenWritable(path, OpenMode::kOpenExisting);
    REQUIRE(existing.ok());
    REQUIRE(fs.OpenWritable(path, OpenMode::kCreateOrTruncate).ok());
    CHECK(Read(fs, path).empty());

    auto missing = fs.OpenWritable(JoinPath(root, "missing"), OpenMode::kOpenExisting);
    CHECK(absl::IsNotFound(missing.status()));
  }

  SECTION("RandomAccessFile reads short at the end") {
    WriteFile(fs, path, "0123456789");
    auto f = fs.OpenReadable(path);
    REQUIRE(f.ok());
    char buf[16];
    auto n = (*f)->Read(3, 4, buf);
    REQUIRE(n.ok());
    CHECK(std::string_view(buf, *n) == "3456");
    n = (*f)->Read(8, 16, buf);
    REQUIRE(n.ok());
    CHECK(std::string_view(buf, *n) == "89");
    n = (*f)->Read(100, 4, buf);
    REQUIRE(n.ok());
    CHECK(*n == 0);
    CHECK(*(*f)->Size() == 10);
    CHECK(absl::IsNotFound(fs.OpenReadable(JoinPath(root, "missing")).status()));
  }

  SECTION("ReadFile, Exists, IsDirectory, FileSize") {
    const std::string missing = JoinPath(root, "missing");
    auto r = fs.ReadFile(missing);
    REQUIRE(absl::IsNotFound(r.status()));
    CHECK(r.status().message().find(missing) != absl::string_view::npos);
    CHECK(absl::IsNotFound(fs.FileSize(missing).status()));
    CHECK(!*fs.Exists(missing));
    CHECK(!*fs.IsDirectory(missing));

    WriteFile(fs, path, "content");
    CHECK(*fs.Exists(path));
    CHECK(!*fs.IsDirectory(path));
    CHECK(*fs.FileSize(path) == 7);
    CHECK(*fs.Exists(root));
    CHECK(*fs.IsDirectory(root));
    CHECK(!fs.ReadFile(root).ok());
    CHECK(!fs.FileSize(root).ok());
  }

  SECTION("directories: create, list, delete") {
    REQUIRE(fs.CreateDirs(JoinPath(root, "consumequeue/TopicA/0")).ok());
    REQUIRE(fs.CreateDirs(JoinPath(root, "consumequeue/TopicA/0")).ok());  // exists: fine
    REQUIRE(fs.CreateDirs(JoinPath(root, "consumequeue/TopicA/1/")).ok());
    WriteFile(fs, JoinPath(root, "consumequeue/TopicA/0/00000000000000000000"), "x");
    WriteFile(fs, JoinPath(root, "b"), "");
    WriteFile(fs, JoinPath(root, "a"), "");

    auto names = fs.ListDir(root);
    REQUIRE(names.ok());
    CHECK(*names == std::vector<std::string>{"a", "b", "consumequeue"});
    CHECK(*fs.ListDir(JoinPath(root, "consumequeue/TopicA")) == std::vector<std::string>{"0", "1"});
    CHECK(*fs.ListDir(JoinPath(root, "consumequeue/TopicA/1")) == std::vector<std::string>{});
    CHECK(absl::IsNotFound(fs.ListDir(JoinPath(root, "missing")).status()));
    CHECK(!fs.ListDir(JoinPath(root, "a")).ok());
    CHECK(!fs.CreateDirs(JoinPath(root, "a/sub")).ok());  // "a" is a file
    CHECK(fs.SyncDir(JoinPath(root, "consumequeue/TopicA/0")).ok());
    CHECK(absl::IsNotFound(fs.SyncDir(JoinPath(root, "missing"))));

    REQUIRE(fs.DeleteRecursively(JoinPath(root, "consumequeue")).ok());
    CHECK(!*fs.Exists(JoinPath(root, "consumequeue/TopicA/0/00000000000000000000")));
    CHECK(*fs.ListDir(root) == std::vector<std::string>{"a", "b"});
    CHECK(fs.DeleteRecursively(JoinPath(root, "consumequeue")).ok());  // missing: fine

    REQUIRE(fs.DeleteFile(JoinPath(root, "a")).ok());
    CHECK(absl::IsNotFound(fs.DeleteFile(JoinPath(root, "a"))));
    CHECK(*fs.ListDir(root) == std::vector<std::string>{"b"});
  }

  SECTION("rename replaces the target") {
    WriteFile(fs, path, "new");
    const std::string target = JoinPath(root, "config.json");
    WriteFile(fs, target, "old contents");
    REQUIRE(fs.Rename(path, target).ok());
    CHECK(Read(fs, target) == "new");
    CHECK(!*fs.Exists(path));
    auto missing = fs.Rename(path, target);
    CHECK(absl::IsNotFound(missing));
    CHECK(missing.message().find(path) != absl::string_view::npos);
    CHECK(absl::IsNotFound(fs.Rename(target, JoinPath(root, "no/dir/x"))));
  }

  SECTION("truncate by path") {
    WriteFile(fs, path, "0123456789");
    REQUIRE(fs.Truncate(path, 4).ok());
    CHECK(Read(fs, path) == "0123");
    REQUIRE(fs.Truncate(path, 6).ok());
    CHECK(Read(fs, path) == std::string("0123\0\0", 6));
    CHECK(absl::IsNotFound(fs.Truncate(JoinPath(root, "missing"), 0)));
  }

  SECTION("modification time") {
    WriteFile(fs, path, "x");
    REQUIRE(fs.ModifiedTimeMs(path).ok());
    const int64_t t = 1'600'000'000'123;
    REQUIRE(fs.SetModifiedTimeMs(path, t).ok());
    CHECK(*fs.ModifiedTimeMs(path) == t);
    REQUIRE(fs.SetModifiedTimeMs(path, 0).ok());
    CHECK(*fs.ModifiedTimeMs(path) == 0);
    CHECK(absl::IsNotFound(fs.ModifiedTimeMs(JoinPath(root, "missing")).status()));
    CHECK(absl::IsNotFound(fs.SetModifiedTimeMs(JoinPath(root, "missing"), t)));
  }

  SECTION("a lock is exclusive until released") {
    const std::string lock_path = JoinPath(root, "lock");
    auto first = fs.LockFile(lock_path);
    REQUIRE(first.ok());
    CHECK(*fs.Exists(lock_path));
    auto second = fs.LockFile(lock_path);
    REQUIRE(absl::IsUnavailable(second.status()));
    CHECK(second.status().message().find(lock_path) != absl::string_view::npos);
    // Reading and writing the lock file through other handles does not release it.
    WriteFile(fs, lock_path, "lock");
    CHECK(Read(fs, lock_path) == "lock");
    CHECK(absl::IsUnavailable(fs.LockFile(lock_path).status()));
    CHECK(fs.LockFile(JoinPath(root, "other_lock")).ok());
    first->reset();
    CHECK(fs.LockFile(lock_path).ok());
  }

  SECTION("disk usage") {
    auto usage = fs.GetDiskUsage(root);
    REQUIRE(usage.ok());
    CHECK(usage->total_bytes > 0);
    CHECK(usage->available_bytes <= usage->total_bytes);
    CHECK(usage->used_ratio() >= 0.0);
    CHECK(usage->used_ratio() <= 1.0);
    CHECK(absl::IsNotFound(fs.GetDiskUsage(JoinPath(root, "missing")).status()));
  }
}

TEST_CASE("JoinPath", "[io][fs]") {
  CHECK(JoinPath("/a", "b") == "/a/b");
  CHECK(JoinPath("/a/", "b") == "/a/b");
  CHECK(JoinPath("/a/", "/b") == "/a/b");
  CHECK(JoinPath("/a", "/b") == "/a/b");
  CHECK(JoinPath("", "b") == "b");
  CHECK(JoinPath("/a", "") == "/a");
  CHECK(JoinPath("/", "b") == "/b");
  CHECK(JoinPath("store", "commitlog/0") == "store/commitlog/0");
}

TEST_CASE("DiskUsage::used_ratio rounds up to a percent like RocketMQ", "[io][fs]") {
  CHECK(DiskUsage{100, 100}.used_ratio() == 0.0);
  CHECK(DiskUsage{100, 0}.used_ratio() == 1.0);
  CHECK(DiskUsage{100, 25}.used_ratio() == 0.75);
  CHECK(DiskUsage{1000, 249}.used_ratio() == 0.76);  // 75.1% -> 76%
  CHECK(DiskUsage{1000, 251}.used_ratio() == 0.75);  // 74.9% -> 75%
  CHECK(DiskUsage{0, 0}.used_ratio() == -1.0);       // unknown, as RocketMQ answers
  const uint64_t big = uint64_t{1} << 62;            // no overflow in used * 100
  CHECK(DiskUsage{big, big / 2}.used_ratio() == 0.5);
}

}  // namespace
}  // namespace spool::store::internal
