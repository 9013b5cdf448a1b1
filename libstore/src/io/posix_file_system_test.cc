// POSIX-only behaviour: the lock seen from other processes (including a Java-style classic fcntl lock), real
// blocks behind a preallocated file, and error texts. The shared contract is in file_system_contract_test.cc.
#include "io/posix_file_system.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

namespace spool::store::internal {
namespace {

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/spool_posix_fs_XXXXXX";
    const char* dir = ::mkdtemp(tmpl);
    REQUIRE(dir != nullptr);
    path_ = dir;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string Join(const std::string& name) const { return JoinPath(path_, name); }

 private:
  std::string path_;
};

// Exit codes of the children below.
constexpr int kChildRefused = 10;   // the lock was refused as expected
constexpr int kChildGotLock = 11;   // the lock was granted
constexpr int kChildOtherError = 12;

int WaitChild(pid_t pid) {
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid, &status, 0);
  } while (r < 0 && errno == EINTR);
  REQUIRE(r == pid);
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

// The lock Java's FileChannel.tryLock(0, 1, false) takes on Linux: a classic per-process fcntl write lock.
int JavaStyleTryLock(int fd) {
  struct flock fl;
  std::memset(&fl, 0, sizeof(fl));
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = 0;
  fl.l_len = 1;
  return ::fcntl(fd, F_SETLK, &fl) == 0 ? 0 : errno;
}

// Forks a child that calls LockFile(path) and reports the outcome in its exit code.
int LockInChild(const std::string& path) {
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    PosixFileSystem fs;  // a fresh object; the process-wide registry was inherited from the parent
    auto lock = fs.LockFile(path);
    ::_exit(lock.ok() ? kChildGotLock : absl::IsUnavailable(lock.status()) ? kChildRefused : kChildOtherError);
  }
  return WaitChild(pid);
}

TEST_CASE("PosixFileSystem lock excludes other processes", "[io][posix]") {
  TempDir dir;
  const std::string path = dir.Join("lock");
  PosixFileSystem fs;
  {
    auto lock = fs.LockFile(path);
    REQUIRE(lock.ok());
    CHECK(LockInChild(path) == kChildRefused);
  }
  // Released on destruction: now the child gets it (and releases it by exiting).
  CHECK(LockInChild(path) == kChildGotLock);
  CHECK(fs.LockFile(path).ok());
}

TEST_CASE("PosixFileSystem lock survives other descriptors of the file being closed", "[io][posix]") {
  // RocketMQ writes "lock" into the file after locking it. With a classic fcntl lock, closing that second
  // descriptor would silently release the lock; the OFD lock stays.
  TempDir dir;
  const std::string path = dir.Join("lock");
  PosixFileSystem fs;
  auto lock = fs.LockFile(path);
  REQUIRE(lock.ok());
  {
    auto file = fs.OpenWritable(path, OpenMode::kOpenExisting);
    REQUIRE(file.ok());
    REQUIRE((*file)->WriteAt(0, "lock").ok());
    REQUIRE((*file)->Sync().ok());
    REQUIRE((*file)->Close().ok());
  }
  REQUIRE(*fs.ReadFile(path) == "lock");
  CHECK(LockInChild(path) == kChildRefused);
}

TEST_CASE("PosixFileSystem lock and a Java broker's FileChannel.tryLock exclude each other", "[io][posix]") {
  TempDir dir;
  const std::string path = dir.Join("lock");
  PosixFileSystem fs;

  SECTION("we hold it: the Java-style lock is refused") {
    auto lock = fs.LockFile(path);
    REQUIRE(lock.ok());
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      int fd = ::open(path.c_str(), O_RDWR);
      if (fd < 0) ::_exit(kChildOtherError);
      int err = JavaStyleTryLock(fd);
      ::_exit(err == EAGAIN || err == EACCES ? kChildRefused : err == 0 ? kChildGotLock : kChildOtherError);
    }
    CHECK(WaitChild(pid) == kChildRefused);
  }

  SECTION("a Java-style lock is held: LockFile is refused until it goes") {
    int to_child[2];
    int to_parent[2];
    REQUIRE(::pipe(to_child) == 0);
    REQUIRE(::pipe(to_parent) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      int fd = ::open(path.c_str(), O_RDWR | O_CREAT, 0644);
      char ok = (fd >= 0 && JavaStyleTryLock(fd) == 0) ? 'y' : 'n';
      if (::write(to_parent[1], &ok, 1) != 1) ::_exit(kChildOtherError);
      char go;
      (void)::read(to_child[0], &go, 1);  // hold the lock until the parent is done
      ::_exit(0);
    }
    char ok = 0;
    REQUIRE(::read(to_parent[0], &ok, 1) == 1);
    REQUIRE(ok == 'y');
    auto refused = fs.LockFile(path);
    CHECK(absl::IsUnavailable(refused.status()));
    CHECK(refused.status().message().find("another process") != absl::string_view::npos);
    char go = 'x';
    REQUIRE(::write(to_child[1], &go, 1) == 1);
    CHECK(WaitChild(pid) == 0);
    CHECK(fs.LockFile(path).ok());
    for (int fd : {to_child[0], to_child[1], to_parent[0], to_parent[1]}) ::close(fd);
  }
}

TEST_CASE("PosixFileSystem refuses a second lock of the same file in one process, under any spelling",
          "[io][posix]") {
  TempDir dir;
  PosixFileSystem fs;
  PosixFileSystem other;
  auto lock = fs.LockFile(dir.Join("lock"));
  REQUIRE(lock.ok());
  CHECK(absl::IsUnavailable(other.LockFile(dir.Join("./lock")).status()));
  CHECK(absl::IsUnavailable(FileSystem::Default()->LockFile(dir.Join("sub/../lock")).status()));
}

TEST_CASE("PosixFileSystem preallocation writes real blocks", "[io][posix]") {
  TempDir dir;
  PosixFileSystem fs;
  const uint64_t size = 4 << 20;
  auto sparse = fs.MapFile(dir.Join("sparse"), size, MapOptions{.create = true});
  auto filled = fs.MapFile(dir.Join("filled"), size, MapOptions{.create = true, .preallocate = true});
  REQUIRE(sparse.ok());
  REQUIRE(filled.ok());
  struct stat st;
  REQUIRE(::stat(dir.Join("filled").c_str(), &st) == 0);
  CHECK(static_cast<uint64_t>(st.st_blocks) * 512 >= size);
  REQUIRE(::stat(dir.Join("sparse").c_str(), &st) == 0);
  CHECK(static_cast<uint64_t>(st.st_size) == size);
}

TEST_CASE("PosixFileSystem errors name the operation, path and errno", "[io][posix]") {
  absl::Status s = PosixError("open", "/x/y", ENOENT);
  CHECK(absl::IsNotFound(s));
  CHECK(s.message() == "open /x/y: No such file or directory (errno 2)");
  CHECK(absl::IsInternal(PosixError("msync", "/x", EIO)));
  CHECK(absl::IsResourceExhausted(PosixError("write", "/x", ENOSPC)));
  CHECK(absl::IsAlreadyExists(PosixError("open", "/x", EEXIST)));
  CHECK(absl::IsFailedPrecondition(PosixError("unlink", "/x", EISDIR)));
}

TEST_CASE("PosixFileSystem refuses files it cannot map", "[io][posix]") {
  TempDir dir;
  PosixFileSystem fs;
  REQUIRE(fs.CreateDirs(dir.Join("d")).ok());
  CHECK(absl::IsFailedPrecondition(fs.MapFile(dir.Join("d"), 4096, MapOptions{}).status()));
  // A failed creation leaves no half-made file behind.
  CHECK(!fs.MapFile(dir.Join("huge"), uint64_t{1} << 62, MapOptions{.create = true}).ok());  // EFBIG or ENOMEM
  CHECK(!*fs.Exists(dir.Join("huge")));
}

}  // namespace
}  // namespace spool::store::internal
