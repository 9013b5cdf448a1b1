#include "baselines.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

#include "fmt/format.h"

namespace spool::mqstore {
namespace {

using Clock = std::chrono::steady_clock;

int64_t Nanos(Clock::duration d) { return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count(); }

absl::Status Errno(const std::string& what, const std::string& path, int err) {
  return absl::InternalError(fmt::format("{} {}: {}", what, path, std::strerror(err)));
}

int PwriteAll(int fd, const char* data, size_t size, off_t offset) {
  while (size > 0) {
    ssize_t n = ::pwrite(fd, data, size, offset);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data += n;
    size -= static_cast<size_t>(n);
    offset += n;
  }
  return 0;
}

// Bytes to copy from: not all zeros, so nothing can short-cut them.
std::string RecordBytes(int32_t size) {
  std::string bytes(static_cast<size_t>(size), '\0');
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>('a' + i % 26);
  return bytes;
}

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14
#endif

void PrefaultWrite(char* data, int64_t size) {
  if (::madvise(data, static_cast<size_t>(size), MADV_POPULATE_WRITE) == 0) return;
  for (int64_t pos = 0; pos < size; pos += 4096) {
    volatile char* p = data + pos;
    *p = *p;
  }
}

}  // namespace

absl::StatusOr<BaselineFile> BaselineFile::Create(const std::string& path, int64_t size) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("create", path, errno);
  auto fail = [&](absl::Status s) {
    ::close(fd);
    ::unlink(path.c_str());
    return s;
  };
  const std::string zeros(1 << 20, '\0');
  for (int64_t pos = 0; pos < size; pos += static_cast<int64_t>(zeros.size())) {
    const size_t n = static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(zeros.size()), size - pos));
    if (int err = PwriteAll(fd, zeros.data(), n, pos); err != 0) return fail(Errno("pre-write", path, err));
  }
  if (::fdatasync(fd) != 0) return fail(Errno("fdatasync", path, errno));
  void* data = ::mmap(nullptr, static_cast<size_t>(size), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
  if (data == MAP_FAILED) return fail(Errno("mmap", path, errno));
  return BaselineFile(path, fd, static_cast<char*>(data), size);
}

BaselineFile::BaselineFile(BaselineFile&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)) {}

BaselineFile::~BaselineFile() {
  if (data_ != nullptr) ::munmap(data_, static_cast<size_t>(size_));
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
}

absl::Status BaselineFile::SyncAll() {
  if (::msync(data_, static_cast<size_t>(size_), MS_SYNC) != 0) return Errno("msync", path_, errno);
  return absl::OkStatus();
}

BaselineResult MemcpyBaseline(const BaselineFile& file, int32_t record_size, double seconds) {
  const std::string record = RecordBytes(record_size);
  const size_t size = static_cast<size_t>(record_size);
  const size_t limit = static_cast<size_t>(file.size());
  // Pre-fault writable, untimed: a shared mapping populated for reading (or cleaned by the last row's syncfs) still
  // takes a write-protect fault on each page's first write, and "memcpy into a pre-faulted mapping" means the copy
  // alone.
  PrefaultWrite(file.data(), file.size());
  BaselineResult result;
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  size_t pos = 0;
  auto now = start;
  while (now < deadline) {
    // Read the clock every 256 records: a clock read costs about as much as copying a small record.
    for (int i = 0; i < 256; ++i) {
      if (pos + size > limit) pos = 0;
      std::memcpy(file.data() + pos, record.data(), size);
      pos += size;
    }
    result.records += 256;
    now = Clock::now();
  }
  result.seconds = std::chrono::duration<double>(now - start).count();
  return result;
}

absl::StatusOr<BaselineResult> SyncBaseline(const BaselineFile& file, int32_t record_size, int group,
                                            double seconds) {
  const std::string record = RecordBytes(record_size);
  const off_t size = record_size;
  BaselineResult result;
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  off_t pos = 0;
  auto now = start;
  while (now < deadline) {
    for (int i = 0; i < group; ++i) {
      if (pos + size > file.size()) pos = 0;
      if (int err = PwriteAll(file.fd(), record.data(), record.size(), pos); err != 0) {
        return Errno("pwrite", "baseline file", err);
      }
      pos += size;
    }
    const auto before = Clock::now();
    if (::fdatasync(file.fd()) != 0) return Errno("fdatasync", "baseline file", errno);
    now = Clock::now();
    result.latency.Record(Nanos(now - before));
    result.records += group;
  }
  result.seconds = std::chrono::duration<double>(now - start).count();
  return result;
}

absl::Status SyncFileSystem(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("open", dir, errno);
  const int rc = ::syncfs(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return Errno("syncfs", dir, err);
  return absl::OkStatus();
}

IndexEntry MakeIndexEntry(int64_t offset, int32_t size, int64_t tags_code) {
  IndexEntry e;
  std::memcpy(e.bytes, &offset, 8);
  std::memcpy(e.bytes + 8, &size, 4);
  std::memcpy(e.bytes + 12, &tags_code, 8);
  return e;
}

absl::StatusOr<BaselineResult> IndexReadBaseline(const CommitLogView& log, const std::vector<IndexEntry>& index,
                                                 int batch, double seconds) {
  BaselineResult result;
  if (index.empty()) return result;
  int32_t largest = 0;
  for (const IndexEntry& e : index) {
    int32_t size;
    std::memcpy(&size, e.bytes + 8, 4);
    largest = std::max(largest, size);
  }
  std::string buffer(static_cast<size_t>(largest) * static_cast<size_t>(batch), '\0');
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  size_t next = 0;
  auto now = start;
  while (now < deadline) {
    const auto before = now;
    size_t out = 0;
    for (int i = 0; i < batch; ++i) {
      if (next == index.size()) next = 0;
      int64_t offset;
      int32_t size;
      std::memcpy(&offset, index[next].bytes, 8);
      std::memcpy(&size, index[next].bytes + 8, 4);
      ++next;
      std::string_view bytes = log.From(offset);
      if (bytes.size() < static_cast<size_t>(size)) {
        return absl::DataLossError(fmt::format("read baseline: offset {} size {} is outside the log", offset, size));
      }
      std::memcpy(buffer.data() + out, bytes.data(), static_cast<size_t>(size));
      out += static_cast<size_t>(size);
    }
    // Consume the copy so the compiler cannot drop it.
    result.checksum += static_cast<unsigned char>(buffer[out - 1]);
    now = Clock::now();
    result.latency.Record(Nanos(now - before));
    result.records += batch;
  }
  result.seconds = std::chrono::duration<double>(now - start).count();
  return result;
}

}  // namespace spool::mqstore
