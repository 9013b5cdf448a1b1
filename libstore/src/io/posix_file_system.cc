#include "io/posix_file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <system_error>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "util/logging.h"
#include "spool/status_macros.h"

namespace spool::store::internal {

absl::Status PosixError(const std::string& op, const std::string& path, int err) {
  std::string message = absl::StrCat(op, " ", path, ": ", std::generic_category().message(err), " (errno ", err, ")");
  switch (err) {
    case ENOENT:
      return absl::NotFoundError(message);
    case EEXIST:
      return absl::AlreadyExistsError(message);
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(message);
    case ENOSPC:
    case EDQUOT:
      return absl::ResourceExhaustedError(message);
    case ENOTDIR:
    case EISDIR:
    case ENOTEMPTY:
      return absl::FailedPreconditionError(message);
    default:
      return absl::InternalError(message);
  }
}

namespace {

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14
#endif

// Makes every page of a fresh shared mapping writable in the page table, so the writer never takes page_mkwrite
// faults. Each page's first byte is rewritten with itself where madvise cannot do it: the contents do not change.
void PrefaultWrite(char* base, uint64_t size) {
  if (::madvise(base, static_cast<size_t>(size), MADV_POPULATE_WRITE) == 0) return;
  const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  for (uint64_t pos = 0; pos < size; pos += page) {
    volatile char* p = base + pos;
    *p = *p;
  }
}

uint64_t PageSize() {
  static const uint64_t page = [] {
    long p = ::sysconf(_SC_PAGESIZE);
    return p > 0 ? static_cast<uint64_t>(p) : uint64_t{4096};
  }();
  return page;
}

// Closes a descriptor we own. Linux releases the descriptor even when close fails (EINTR included), so never
// retry; a failure here cannot lose data we care about because every durability point is an explicit sync.
void CloseFd(int fd) {
  if (fd >= 0) ::close(fd);
}

int OpenRetry(const char* path, int flags, mode_t mode = 0) {
  int fd;
  do {
    fd = ::open(path, flags, mode);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

// Writes all of [data, data+n) at `offset`, riding out short writes and EINTR. Returns 0 or an errno.
int PwriteAll(int fd, const char* data, size_t n, uint64_t offset) {
  while (n > 0) {
    ssize_t w = ::pwrite(fd, data, n, static_cast<off_t>(offset));
    if (w < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (w == 0) return EIO;  // pwrite of a non-zero length never returns 0 on a regular file
    data += w;
    n -= static_cast<size_t>(w);
    offset += static_cast<uint64_t>(w);
  }
  return 0;
}

int FdatasyncRetry(int fd) {
  // EINTR is the only retryable error. Never retry after EIO: the kernel may have dropped the dirty pages and a
  // second fdatasync would "succeed" without the data (the 2018 fsync-gate).
  int rc;
  do {
    rc = ::fdatasync(fd);
  } while (rc != 0 && errno == EINTR);
  return rc == 0 ? 0 : errno;
}

int FsyncRetry(int fd) {
  int rc;
  do {
    rc = ::fsync(fd);
  } while (rc != 0 && errno == EINTR);
  return rc == 0 ? 0 : errno;
}

absl::Status FsyncDirectory(const std::string& dir) {
  int fd = OpenRetry(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return PosixError("open directory", dir, errno);
  int err = FsyncRetry(fd);
  CloseFd(fd);
  if (err != 0) return PosixError("fsync directory", dir, err);
  return absl::OkStatus();
}

std::string ParentDir(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

int64_t TimespecToMillis(const struct timespec& ts) {
  return static_cast<int64_t>(ts.tv_sec) * 1000 + static_cast<int64_t>(ts.tv_nsec) / 1000000;
}

// ---------------------------------------------------------------------------------------------------------------

class PosixMemoryMapping final : public MemoryMapping {
 public:
  // `base` may be null only when `size` is 0 (a 0-length file cannot be mmapped).
  PosixMemoryMapping(std::string path, char* base, uint64_t size) : path_(std::move(path)), base_(base), size_(size) {}
  ~PosixMemoryMapping() override {
    if (base_ != nullptr) ::munmap(base_, size_);
  }
  PosixMemoryMapping(const PosixMemoryMapping&) = delete;
  PosixMemoryMapping& operator=(const PosixMemoryMapping&) = delete;

  char* data() override { return base_; }
  const char* data() const override { return base_; }
  uint64_t size() const override { return size_; }

  absl::Status Sync(uint64_t offset, uint64_t length) override {
    if (offset > size_ || length > size_ - offset) {
      return absl::OutOfRangeError(absl::StrFormat("msync %s: range [%d, %d) outside the mapping of %d bytes", path_,
                                                   offset, offset + length, size_));
    }
    if (length == 0) return absl::OkStatus();
    // msync wants a page-aligned start; the length need not be aligned. One call: this is the SYNC_FLUSH path.
    const uint64_t begin = offset & ~(PageSize() - 1);
    const uint64_t end = offset + length;
    while (::msync(base_ + begin, end - begin, MS_SYNC) != 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      return absl::InternalError(absl::StrFormat("msync %s: range [%d, %d): %s (errno %d)", path_, begin, end,
                                                 std::generic_category().message(err), err));
    }
    return absl::OkStatus();
  }

  void DontNeed(uint64_t offset, uint64_t length) override {
    if (offset >= size_) return;
    length = std::min(length, size_ - offset);
    // Only whole pages inside the range; the file's last partial page counts as whole.
    const uint64_t page = PageSize();
    const uint64_t begin = (offset + page - 1) & ~(page - 1);
    const uint64_t end = offset + length == size_ ? size_ : (offset + length) & ~(page - 1);
    if (begin >= end) return;
    // Best effort: EINVAL on mlocked pages is expected (warmMapedFileEnable) and harmless.
    (void)::madvise(base_ + begin, end - begin, MADV_DONTNEED);
  }

 private:
  const std::string path_;
  char* const base_;
  const uint64_t size_;
};

// ---------------------------------------------------------------------------------------------------------------

// Close must not race with other calls on the same object (the contract's single-owner use).
class PosixWritableFile final : public WritableFile {
 public:
  PosixWritableFile(std::string path, int fd, uint64_t size) : path_(std::move(path)), fd_(fd), size_(size) {}
  ~PosixWritableFile() override { CloseFd(fd_); }
  PosixWritableFile(const PosixWritableFile&) = delete;
  PosixWritableFile& operator=(const PosixWritableFile&) = delete;

  // Appends at the end of the file as this object knows it: its length at open plus this object's own writes.
  absl::Status Append(std::string_view data) override {
    SPOOL_RETURN_IF_ERROR(CheckOpen());
    absl::MutexLock lock(&mu_);  // held across the write so concurrent appends do not share a position
    if (int err = PwriteAll(fd_, data.data(), data.size(), size_); err != 0) {
      return PosixError(absl::StrCat("write (append at ", size_, ")"), path_, err);
    }
    size_ += data.size();
    return absl::OkStatus();
  }

  absl::Status WriteAt(uint64_t offset, std::string_view data) override {
    SPOOL_RETURN_IF_ERROR(CheckOpen());
    if (int err = PwriteAll(fd_, data.data(), data.size(), offset); err != 0) {
      return PosixError(absl::StrCat("write at ", offset), path_, err);
    }
    absl::MutexLock lock(&mu_);
    size_ = std::max<uint64_t>(size_, offset + data.size());
    return absl::OkStatus();
  }

  absl::Status Truncate(uint64_t size) override {
    SPOOL_RETURN_IF_ERROR(CheckOpen());
    absl::MutexLock lock(&mu_);
    int rc;
    do {
      rc = ::ftruncate(fd_, static_cast<off_t>(size));
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) return PosixError(absl::StrCat("ftruncate to ", size), path_, errno);
    size_ = size;
    return absl::OkStatus();
  }

  absl::Status Sync() override {
    SPOOL_RETURN_IF_ERROR(CheckOpen());
    if (int err = FdatasyncRetry(fd_); err != 0) return PosixError("fdatasync", path_, err);
    return absl::OkStatus();
  }

  absl::Status Close() override {
    if (fd_ < 0) return absl::OkStatus();
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0 && errno != EINTR) return PosixError("close", path_, errno);
    return absl::OkStatus();
  }

 private:
  absl::Status CheckOpen() const {
    if (fd_ < 0) return absl::FailedPreconditionError(absl::StrCat(path_, ": file already closed"));
    return absl::OkStatus();
  }

  const std::string path_;
  int fd_;
  absl::Mutex mu_;
  uint64_t size_ ABSL_GUARDED_BY(mu_);
};

// ---------------------------------------------------------------------------------------------------------------

class PosixRandomAccessFile final : public RandomAccessFile {
 public:
  PosixRandomAccessFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~PosixRandomAccessFile() override { CloseFd(fd_); }
  PosixRandomAccessFile(const PosixRandomAccessFile&) = delete;
  PosixRandomAccessFile& operator=(const PosixRandomAccessFile&) = delete;

  absl::StatusOr<size_t> Read(uint64_t offset, size_t n, char* scratch) const override {
    size_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd_, scratch + done, n - done, static_cast<off_t>(offset + done));
      if (r < 0) {
        if (errno == EINTR) continue;
        return PosixError(absl::StrCat("pread at ", offset + done), path_, errno);
      }
      if (r == 0) break;  // end of file
      done += static_cast<size_t>(r);
    }
    return done;
  }

  absl::StatusOr<uint64_t> Size() const override {
    struct stat st;
    if (::fstat(fd_, &st) != 0) return PosixError("fstat", path_, errno);
    return static_cast<uint64_t>(st.st_size);
  }

 private:
  const std::string path_;
  const int fd_;
};

// ---------------------------------------------------------------------------------------------------------------

// Paths locked by this process. With OFD locks the kernel already refuses a second lock from the same process;
// the registry keeps that true on the F_SETLK fallback (where same-process locks never conflict) and gives a
// clearer message. Entries remember the pid: a forked child inherits the map but not classic fcntl locks.
struct LockRegistry {
  absl::Mutex mu;
  std::map<std::string, pid_t> held ABSL_GUARDED_BY(mu);
};

LockRegistry& Locks() {
  static LockRegistry* const registry = new LockRegistry();
  return *registry;
}

std::string LockKey(const std::string& path) {
  std::error_code ec;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : canonical.string();
}

class PosixFileLock final : public FileLock {
 public:
  PosixFileLock(std::string key, int fd) : key_(std::move(key)), fd_(fd) {}
  ~PosixFileLock() override {
    CloseFd(fd_);  // closing the (only) descriptor of the lock's open file description releases the lock
    LockRegistry& registry = Locks();
    absl::MutexLock lock(&registry.mu);
    registry.held.erase(key_);
  }
  PosixFileLock(const PosixFileLock&) = delete;
  PosixFileLock& operator=(const PosixFileLock&) = delete;

 private:
  const std::string key_;
  const int fd_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------------------------

absl::StatusOr<std::unique_ptr<MemoryMapping>> PosixFileSystem::MapFile(const std::string& path, uint64_t size,
                                                                        const MapOptions& options) {
  if (size > static_cast<uint64_t>(std::numeric_limits<off_t>::max())) {
    return absl::InvalidArgumentError(absl::StrCat("map ", path, ": size ", size, " too large"));
  }
  const int flags = (options.read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC;
  bool created = false;
  int fd = OpenRetry(path.c_str(), flags);
  if (fd < 0 && errno == ENOENT && options.create) {
    // O_EXCL tells us the file is new (and so ours to extend, pre-fill and, on failure, remove).
    fd = OpenRetry(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd >= 0) {
      created = true;
    } else if (errno == EEXIST) {
      fd = OpenRetry(path.c_str(), flags);  // lost a race with another creator: map theirs
    }
  }
  if (fd < 0) return PosixError("open", path, errno);

  auto fail = [&](absl::Status status) {
    CloseFd(fd);
    if (created) ::unlink(path.c_str());
    return status;
  };

  struct stat st;
  if (::fstat(fd, &st) != 0) return fail(PosixError("fstat", path, errno));
  if (!S_ISREG(st.st_mode)) return fail(absl::FailedPreconditionError(absl::StrCat("map ", path, ": not a regular file")));
  const uint64_t current = static_cast<uint64_t>(st.st_size);

  if (created && size > 0) {
    if (options.preallocate) {
      // Real zeros, not fallocate: fallocate leaves unwritten extents, and the first msync of each one then
      // converts it in the journal (measured ~20 ms p99 stalls on the commit path vs < 1 ms on written blocks).
      static const std::vector<char>* const zeros = new std::vector<char>(1 << 20, '\0');
      for (uint64_t pos = 0; pos < size; pos += zeros->size()) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(zeros->size(), size - pos));
        if (int err = PwriteAll(fd, zeros->data(), n, pos); err != 0) {
          return fail(PosixError(absl::StrCat("preallocate (write zeros at ", pos, ")"), path, err));
        }
      }
      if (int err = FdatasyncRetry(fd); err != 0) return fail(PosixError("preallocate (fdatasync)", path, err));
      if (absl::Status s = FsyncDirectory(ParentDir(path)); !s.ok()) return fail(s);
    } else {
      int rc;
      do {
        rc = ::ftruncate(fd, static_cast<off_t>(size));
      } while (rc != 0 && errno == EINTR);
      if (rc != 0) return fail(PosixError(absl::StrCat("ftruncate to ", size), path, errno));
    }
  } else if (size != 0 && current != size) {
    return fail(absl::FailedPreconditionError(
        absl::StrCat("map ", path, ": file length ", current, " differs from the expected ", size)));
  }
  if (size == 0) size = current;

  if (size == 0) {
    // mmap of length 0 is EINVAL: hand out an empty mapping instead.
    CloseFd(fd);
    return std::unique_ptr<MemoryMapping>(new PosixMemoryMapping(path, nullptr, 0));
  }
  const int prot = options.read_only ? PROT_READ : PROT_READ | PROT_WRITE;
  const int map_flags = MAP_SHARED | (options.populate ? MAP_POPULATE : 0);
  void* base = ::mmap(nullptr, static_cast<size_t>(size), prot, map_flags, fd, 0);
  if (base == MAP_FAILED) return fail(PosixError(absl::StrCat("mmap ", size, " bytes of"), path, errno));
  CloseFd(fd);  // the mapping holds its own reference to the file
  if (options.prefault_write && !options.read_only) PrefaultWrite(static_cast<char*>(base), size);
  return std::unique_ptr<MemoryMapping>(new PosixMemoryMapping(path, static_cast<char*>(base), size));
}

absl::StatusOr<std::unique_ptr<WritableFile>> PosixFileSystem::OpenWritable(const std::string& path, OpenMode mode) {
  int flags = O_RDWR | O_CLOEXEC;
  switch (mode) {
    case OpenMode::kCreateOrOpen:
      flags |= O_CREAT;
      break;
    case OpenMode::kCreateOrTruncate:
      flags |= O_CREAT | O_TRUNC;
      break;
    case OpenMode::kOpenExisting:
      break;
  }
  int fd = OpenRetry(path.c_str(), flags, 0644);
  if (fd < 0) return PosixError("open for writing", path, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    CloseFd(fd);
    return PosixError("fstat", path, err);
  }
  if (S_ISDIR(st.st_mode)) {
    CloseFd(fd);
    return PosixError("open for writing", path, EISDIR);
  }
  return std::unique_ptr<WritableFile>(new PosixWritableFile(path, fd, static_cast<uint64_t>(st.st_size)));
}

absl::StatusOr<std::unique_ptr<RandomAccessFile>> PosixFileSystem::OpenReadable(const std::string& path) {
  int fd = OpenRetry(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return PosixError("open for reading", path, errno);
  return std::unique_ptr<RandomAccessFile>(new PosixRandomAccessFile(path, fd));
}

absl::StatusOr<std::string> PosixFileSystem::ReadFile(const std::string& path) {
  int fd = OpenRetry(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return PosixError("open for reading", path, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    CloseFd(fd);
    return PosixError("fstat", path, err);
  }
  if (S_ISDIR(st.st_mode)) {
    CloseFd(fd);
    return PosixError("read", path, EISDIR);
  }
  std::string out;
  out.resize(static_cast<size_t>(st.st_size));
  size_t done = 0;
  for (;;) {
    if (done == out.size()) out.resize(std::max<size_t>(out.size() * 2, 4096));  // the file grew meanwhile
    ssize_t r = ::read(fd, out.data() + done, out.size() - done);
    if (r < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      CloseFd(fd);
      return PosixError(absl::StrCat("read at ", done), path, err);
    }
    if (r == 0) break;
    done += static_cast<size_t>(r);
  }
  CloseFd(fd);
  out.resize(done);
  return out;
}

absl::StatusOr<bool> PosixFileSystem::Exists(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) return true;
  if (errno == ENOENT || errno == ENOTDIR) return false;
  return PosixError("stat", path, errno);
}

absl::StatusOr<bool> PosixFileSystem::IsDirectory(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) return S_ISDIR(st.st_mode);
  if (errno == ENOENT || errno == ENOTDIR) return false;
  return PosixError("stat", path, errno);
}

absl::StatusOr<uint64_t> PosixFileSystem::FileSize(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return PosixError("stat", path, errno);
  if (S_ISDIR(st.st_mode)) return PosixError("file size of", path, EISDIR);
  return static_cast<uint64_t>(st.st_size);
}

absl::StatusOr<int64_t> PosixFileSystem::ModifiedTimeMs(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return PosixError("stat", path, errno);
  return TimespecToMillis(st.st_mtim);
}

absl::Status PosixFileSystem::SetModifiedTimeMs(const std::string& path, int64_t ms) {
  // Floor division so that negative times (before 1970) still give tv_nsec in [0, 1e9).
  int64_t sec = ms / 1000;
  int64_t rem = ms % 1000;
  if (rem < 0) {
    sec -= 1;
    rem += 1000;
  }
  struct timespec times[2];
  times[0].tv_sec = 0;
  times[0].tv_nsec = UTIME_OMIT;  // leave atime alone
  times[1].tv_sec = static_cast<time_t>(sec);
  times[1].tv_nsec = static_cast<long>(rem * 1000000);
  if (::utimensat(AT_FDCWD, path.c_str(), times, 0) != 0) return PosixError("utimensat", path, errno);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> PosixFileSystem::ListDir(const std::string& path) {
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) return PosixError("opendir", path, errno);
  std::vector<std::string> names;
  for (;;) {
    errno = 0;
    struct dirent* entry = ::readdir(dir);
    if (entry == nullptr) {
      if (errno != 0) {
        int err = errno;
        ::closedir(dir);
        return PosixError("readdir", path, err);
      }
      break;
    }
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    names.emplace_back(name);
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

absl::Status PosixFileSystem::CreateDirs(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) return PosixError("create directories", path, ec.value());
  // create_directories reports success for an existing non-directory on some library versions.
  if (!std::filesystem::is_directory(path, ec)) {
    return PosixError("create directories", path, ec ? ec.value() : ENOTDIR);
  }
  return absl::OkStatus();
}

absl::Status PosixFileSystem::SyncDir(const std::string& path) { return FsyncDirectory(path); }

absl::Status PosixFileSystem::DeleteFile(const std::string& path) {
  if (::unlink(path.c_str()) != 0) return PosixError("unlink", path, errno);
  return absl::OkStatus();
}

absl::Status PosixFileSystem::DeleteRecursively(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
  if (ec) return PosixError("remove recursively", path, ec.value());
  return absl::OkStatus();
}

absl::Status PosixFileSystem::Rename(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return PosixError(absl::StrCat("rename to ", to, " from"), from, errno);
  return absl::OkStatus();
}

absl::Status PosixFileSystem::Truncate(const std::string& path, uint64_t size) {
  int rc;
  do {
    rc = ::truncate(path.c_str(), static_cast<off_t>(size));
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) return PosixError(absl::StrCat("truncate to ", size), path, errno);
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<FileLock>> PosixFileSystem::LockFile(const std::string& path) {
  const std::string key = LockKey(path);
  LockRegistry& registry = Locks();
  {
    absl::MutexLock lock(&registry.mu);
    auto it = registry.held.find(key);
    if (it != registry.held.end() && it->second == ::getpid()) {
      return absl::UnavailableError(absl::StrCat("lock ", path, ": already locked by this process"));
    }
    registry.held[key] = ::getpid();
  }
  auto unregister = [&] {
    absl::MutexLock lock(&registry.mu);
    registry.held.erase(key);
  };

  int fd = OpenRetry(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    int err = errno;
    unregister();
    return PosixError("open lock file", path, err);
  }
  struct flock fl;
  std::memset(&fl, 0, sizeof(fl));  // OFD locks require l_pid == 0
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = 0;
  fl.l_len = 1;  // byte [0, 1): what FileChannel.tryLock(0, 1, false) locks
  int rc = ::fcntl(fd, F_OFD_SETLK, &fl);
  if (rc != 0 && errno == EINVAL) {
    static std::atomic<bool> warned{false};
    if (!warned.exchange(true)) {
      StoreLog().warn("lock {}: kernel lacks OFD locks, using F_SETLK (closing any other descriptor of the file "
                      "would release it)", path);
    }
    std::memset(&fl, 0, sizeof(fl));
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    fl.l_len = 1;
    rc = ::fcntl(fd, F_SETLK, &fl);
  }
  if (rc != 0) {
    int err = errno;
    CloseFd(fd);
    unregister();
    if (err == EAGAIN || err == EACCES) {
      return absl::UnavailableError(
          absl::StrCat("lock ", path, ": locked by another process (a running broker or store?)"));
    }
    return PosixError("fcntl lock", path, err);
  }
  return std::unique_ptr<FileLock>(new PosixFileLock(key, fd));
}

absl::StatusOr<DiskUsage> PosixFileSystem::GetDiskUsage(const std::string& path) {
  struct statvfs vfs;
  int rc;
  do {
    rc = ::statvfs(path.c_str(), &vfs);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) return PosixError("statvfs", path, errno);
  const uint64_t unit = vfs.f_frsize != 0 ? vfs.f_frsize : vfs.f_bsize;
  const uint64_t used_blocks = vfs.f_blocks >= vfs.f_bfree ? vfs.f_blocks - vfs.f_bfree : 0;
  DiskUsage usage;
  usage.available_bytes = static_cast<uint64_t>(vfs.f_bavail) * unit;
  usage.total_bytes = (used_blocks + static_cast<uint64_t>(vfs.f_bavail)) * unit;
  return usage;
}

}  // namespace spool::store::internal
