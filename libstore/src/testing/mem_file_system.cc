#include "testing/mem_file_system.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "spool/status_macros.h"

namespace spool::store::internal {

namespace {

using Buffer = std::vector<char>;

// A file's content, shared by every name (current or durable) and every object that refers to it.
struct Node {
  // Current bytes. Replaced (never resized) only when no mapping is live, so a mapping's pointer stays valid; a
  // power cut swaps in a fresh buffer, leaving dead mappings writing into the old one.
  std::shared_ptr<Buffer> data = std::make_shared<Buffer>();
  // The bytes (and length) a power cut would leave.
  Buffer durable;
  int64_t mtime_ms = 0;
  int map_count = 0;  // live mappings; while > 0 the length is fixed
};

// Paths are compared lexically after normalisation: "/a//b/./c/" is "/a/b/c". "/" and "" (the working
// directory of relative paths) always exist.
std::string Normalize(std::string_view path) {
  std::string s = std::filesystem::path(path).lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  if (s == ".") s.clear();
  return s;
}

std::string Parent(const std::string& p) {
  size_t pos = p.rfind('/');
  if (pos == std::string::npos) return "";
  if (pos == 0) return "/";
  return p.substr(0, pos);
}

// The prefix every child path of directory `dir` starts with.
std::string ChildPrefix(const std::string& dir) {
  if (dir.empty()) return "";
  if (dir == "/") return "/";
  return dir + "/";
}

absl::Status DeadObject(const std::string& path) {
  return absl::UnavailableError(absl::StrCat(path, ": file object from before a simulated power loss"));
}

}  // namespace

struct MemFileSystem::State {
  explicit State(Clock* c) : clock(c != nullptr ? c : Clock::Default()) {}

  mutable absl::Mutex mu;
  Clock* const clock;
  std::map<std::string, std::shared_ptr<Node>> files ABSL_GUARDED_BY(mu);          // names now
  std::map<std::string, std::shared_ptr<Node>> durable_files ABSL_GUARDED_BY(mu);  // names after a power cut
  std::map<std::string, int64_t> dirs ABSL_GUARDED_BY(mu);                         // directory -> mtime
  std::set<std::string> locks ABSL_GUARDED_BY(mu);
  // Bumped by every power cut; objects remember the epoch they were made in and are dead once it moved on.
  uint64_t epoch ABSL_GUARDED_BY(mu) = 0;
  DiskUsage disk ABSL_GUARDED_BY(mu){uint64_t{1} << 40, uint64_t{1} << 40};
  std::array<uint64_t, kOpCount> counts ABSL_GUARDED_BY(mu){};
  FaultHook hook ABSL_GUARDED_BY(mu);

  int64_t Now() const { return clock->NowMillis(); }

  absl::Status Check(Op op, const std::string& path) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (!hook) return absl::OkStatus();
    return hook(op, path);
  }
  void Count(Op op) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) { ++counts[static_cast<size_t>(op)]; }

  bool IsDir(const std::string& p) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    return p.empty() || p == "/" || dirs.count(p) != 0;
  }
  std::shared_ptr<Node> Find(const std::string& p) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    auto it = files.find(p);
    return it == files.end() ? nullptr : it->second;
  }

  // The status for a path that names no file: a directory, or nothing.
  absl::Status NotAFile(const char* op, const std::string& p) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (IsDir(p)) return absl::FailedPreconditionError(absl::StrCat(op, " ", p, ": is a directory"));
    return absl::NotFoundError(absl::StrCat(op, " ", p, ": no such file"));
  }

  absl::Status CheckParent(const char* op, const std::string& p) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    std::string parent = Parent(p);
    if (IsDir(parent)) return absl::OkStatus();
    if (files.count(parent) != 0) {
      return absl::FailedPreconditionError(absl::StrCat(op, " ", p, ": parent is not a directory"));
    }
    return absl::NotFoundError(absl::StrCat(op, " ", p, ": no such directory ", parent));
  }

  void TouchDir(const std::string& dir) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    auto it = dirs.find(dir);
    if (it != dirs.end()) it->second = Now();
  }

  std::shared_ptr<Node> NewFile(const std::string& p) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    auto node = std::make_shared<Node>();
    node->mtime_ms = Now();
    files[p] = node;
    TouchDir(Parent(p));
    return node;
  }

  // Makes the current names directly under `dir` the durable ones.
  void SyncDirLocked(const std::string& dir) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    for (auto it = durable_files.begin(); it != durable_files.end();) {
      it = Parent(it->first) == dir ? durable_files.erase(it) : std::next(it);
    }
    for (const auto& [name, node] : files) {
      if (Parent(name) == dir) durable_files[name] = node;
    }
  }
};

namespace {

using State = MemFileSystem::State;
using Op = MemFileSystem::Op;

class MemMapping final : public MemoryMapping {
 public:
  MemMapping(std::shared_ptr<State> state, std::shared_ptr<Node> node, std::string path, uint64_t epoch)
      : state_(std::move(state)), node_(std::move(node)), buffer_(node_->data), path_(std::move(path)),
        epoch_(epoch) {}
  ~MemMapping() override {
    absl::MutexLock lock(&state_->mu);
    if (epoch_ == state_->epoch) --node_->map_count;
  }
  MemMapping(const MemMapping&) = delete;
  MemMapping& operator=(const MemMapping&) = delete;

  char* data() override { return buffer_->data(); }
  const char* data() const override { return buffer_->data(); }
  uint64_t size() const override { return buffer_->size(); }

  absl::Status Sync(uint64_t offset, uint64_t length) override {
    absl::MutexLock lock(&state_->mu);
    if (epoch_ != state_->epoch) return DeadObject(path_);
    const uint64_t size = buffer_->size();
    if (offset > size || length > size - offset) {
      return absl::OutOfRangeError(absl::StrFormat("msync %s: range [%d, %d) outside the mapping of %d bytes", path_,
                                                   offset, offset + length, size));
    }
    SPOOL_RETURN_IF_ERROR(state_->Check(Op::kMapSync, path_));
    // Like msync on Linux (a ranged fdatasync), the length becomes durable with the range.
    node_->durable.resize(size, '\0');
    if (length > 0) std::memcpy(node_->durable.data() + offset, buffer_->data() + offset, length);  // may be empty
    node_->mtime_ms = state_->Now();
    state_->Count(Op::kMapSync);
    return absl::OkStatus();
  }

 private:
  const std::shared_ptr<State> state_;
  const std::shared_ptr<Node> node_;
  const std::shared_ptr<Buffer> buffer_;  // stays valid whatever happens to the node
  const std::string path_;
  const uint64_t epoch_;
};

class MemWritableFile final : public WritableFile {
 public:
  MemWritableFile(std::shared_ptr<State> state, std::shared_ptr<Node> node, std::string path, uint64_t epoch)
      : state_(std::move(state)), node_(std::move(node)), path_(std::move(path)), epoch_(epoch) {}

  absl::Status Append(std::string_view data) override {
    absl::MutexLock lock(&state_->mu);
    SPOOL_RETURN_IF_ERROR(Usable());
    SPOOL_RETURN_IF_ERROR(state_->Check(Op::kWrite, path_));
    return WriteLocked(node_->data->size(), data);
  }

  absl::Status WriteAt(uint64_t offset, std::string_view data) override {
    absl::MutexLock lock(&state_->mu);
    SPOOL_RETURN_IF_ERROR(Usable());
    SPOOL_RETURN_IF_ERROR(state_->Check(Op::kWrite, path_));
    return WriteLocked(offset, data);
  }

  absl::Status Truncate(uint64_t size) override {
    absl::MutexLock lock(&state_->mu);
    SPOOL_RETURN_IF_ERROR(Usable());
    SPOOL_RETURN_IF_ERROR(state_->Check(Op::kWrite, path_));
    Buffer& buf = *node_->data;
    if (size != buf.size() && node_->map_count > 0) {
      return absl::FailedPreconditionError(absl::StrCat("ftruncate ", path_, ": file is mapped"));
    }
    buf.resize(size, '\0');
    node_->mtime_ms = state_->Now();
    state_->Count(Op::kWrite);
    return absl::OkStatus();
  }

  absl::Status Sync() override {
    absl::MutexLock lock(&state_->mu);
    SPOOL_RETURN_IF_ERROR(Usable());
    SPOOL_RETURN_IF_ERROR(state_->Check(Op::kSync, path_));
    node_->durable = *node_->data;
    state_->Count(Op::kSync);
    return absl::OkStatus();
  }

  absl::Status Close() override {
    absl::MutexLock lock(&state_->mu);
    closed_ = true;
    return absl::OkStatus();
  }

 private:
  absl::Status Usable() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(state_->mu) {
    if (epoch_ != state_->epoch) return DeadObject(path_);
    if (closed_) return absl::FailedPreconditionError(absl::StrCat(path_, ": file already closed"));
    return absl::OkStatus();
  }

  absl::Status WriteLocked(uint64_t offset, std::string_view data) ABSL_EXCLUSIVE_LOCKS_REQUIRED(state_->mu) {
    Buffer& buf = *node_->data;
    const uint64_t end = offset + data.size();
    if (end > buf.size()) {
      if (node_->map_count > 0) {
        return absl::FailedPreconditionError(
            absl::StrCat("write ", path_, " at ", offset, ": would grow a mapped file of ", buf.size(), " bytes"));
      }
      buf.resize(end, '\0');
    }
    if (!data.empty()) std::memcpy(buf.data() + offset, data.data(), data.size());  // data() may be null
    node_->mtime_ms = state_->Now();
    state_->Count(Op::kWrite);
    return absl::OkStatus();
  }

  const std::shared_ptr<State> state_;
  const std::shared_ptr<Node> node_;
  const std::string path_;
  const uint64_t epoch_;
  bool closed_ ABSL_GUARDED_BY(state_->mu) = false;
};

class MemRandomAccessFile final : public RandomAccessFile {
 public:
  MemRandomAccessFile(std::shared_ptr<State> state, std::shared_ptr<Node> node, std::string path, uint64_t epoch)
      : state_(std::move(state)), node_(std::move(node)), path_(std::move(path)), epoch_(epoch) {}

  absl::StatusOr<size_t> Read(uint64_t offset, size_t n, char* scratch) const override {
    absl::MutexLock lock(&state_->mu);
    if (epoch_ != state_->epoch) return DeadObject(path_);
    SPOOL_RETURN_IF_ERROR(state_->Check(Op::kRead, path_));
    const Buffer& buf = *node_->data;
    if (offset >= buf.size()) return size_t{0};
    const size_t len = static_cast<size_t>(std::min<uint64_t>(n, buf.size() - offset));
    if (len > 0) std::memcpy(scratch, buf.data() + offset, len);
    state_->Count(Op::kRead);
    return len;
  }

  absl::StatusOr<uint64_t> Size() const override {
    absl::MutexLock lock(&state_->mu);
    if (epoch_ != state_->epoch) return DeadObject(path_);
    return static_cast<uint64_t>(node_->data->size());
  }

 private:
  const std::shared_ptr<State> state_;
  const std::shared_ptr<Node> node_;
  const std::string path_;
  const uint64_t epoch_;
};

class MemFileLock final : public FileLock {
 public:
  MemFileLock(std::shared_ptr<State> state, std::string path, uint64_t epoch)
      : state_(std::move(state)), path_(std::move(path)), epoch_(epoch) {}
  ~MemFileLock() override {
    absl::MutexLock lock(&state_->mu);
    if (epoch_ == state_->epoch) state_->locks.erase(path_);  // a power cut already released it
  }
  MemFileLock(const MemFileLock&) = delete;
  MemFileLock& operator=(const MemFileLock&) = delete;

 private:
  const std::shared_ptr<State> state_;
  const std::string path_;
  const uint64_t epoch_;
};

}  // namespace

// -----------------------------------------------------------------------------------------------------------------

const char* MemFileSystem::OpName(Op op) {
  switch (op) {
    case Op::kSync:
      return "sync";
    case Op::kMapSync:
      return "msync";
    case Op::kWrite:
      return "write";
    case Op::kMap:
      return "map";
    case Op::kRename:
      return "rename";
    case Op::kSyncDir:
      return "sync dir";
    case Op::kCreate:
      return "create";
    case Op::kDelete:
      return "delete";
    case Op::kRead:
      return "read";
  }
  return "?";
}

MemFileSystem::MemFileSystem(Clock* clock) : state_(std::make_shared<State>(clock)) {}

MemFileSystem::~MemFileSystem() = default;

void MemFileSystem::SetDiskUsage(uint64_t total_bytes, uint64_t available_bytes) {
  absl::MutexLock lock(&state_->mu);
  state_->disk.total_bytes = total_bytes;
  state_->disk.available_bytes = available_bytes;
}

uint64_t MemFileSystem::OpCount(Op op) const {
  absl::MutexLock lock(&state_->mu);
  return state_->counts[static_cast<size_t>(op)];
}

void MemFileSystem::SetFaultHook(FaultHook hook) {
  absl::MutexLock lock(&state_->mu);
  state_->hook = std::move(hook);
}

absl::StatusOr<std::unique_ptr<MemoryMapping>> MemFileSystem::MapFile(const std::string& path, uint64_t size,
                                                                      const MapOptions& options) {
  const std::string p = Normalize(path);
  State& s = *state_;
  absl::MutexLock lock(&s.mu);
  SPOOL_RETURN_IF_ERROR(s.Check(Op::kMap, p));
  std::shared_ptr<Node> node = s.Find(p);
  if (node == nullptr) {
    if (s.IsDir(p) || !options.create) return s.NotAFile("map", p);
    SPOOL_RETURN_IF_ERROR(s.CheckParent("map", p));
    SPOOL_RETURN_IF_ERROR(s.Check(Op::kCreate, p));
    node = s.NewFile(p);
    node->data->assign(size, '\0');
    node->durable.assign(size, '\0');  // see the header: the length is durable with the name
    if (options.preallocate) s.SyncDirLocked(Parent(p));
    s.Count(Op::kCreate);
  } else if (size != 0 && node->data->size() != size) {
    return absl::FailedPreconditionError(
        absl::StrCat("map ", p, ": file length ", node->data->size(), " differs from the expected ", size));
  }
  ++node->map_count;
  s.Count(Op::kMap);
  return std::unique_ptr<MemoryMapping>(new MemMapping(state_, node, p, s.epoch));
}

absl::StatusOr<std::unique_ptr<WritableFile>> MemFileSystem::OpenWritable(const std::string& path, OpenMode mode) {
  const std::string p = Normalize(path);
  State& s = *state_;
  absl::MutexLock lock(&s.mu);
  std::shared_ptr<Node> node = s.Find(p);
  if (node == nullptr) {
    if (s.IsDir(p) || mode == OpenMode::kOpenExisting) return s.NotAFile("open for writing", p);
    SPOOL_RETURN_IF_ERROR(s.CheckParent("open for writing", p));
    SPOOL_RETURN_IF_ERROR(s.Check(Op::kCreate, p));
    node = s.NewFile(p);
    s.Count(Op::kCreate);
  } else if (mode == OpenMode::kCreateOrTruncate) {
    SPOOL_RETURN_IF_ERROR(s.Check(Op::kWrite, p));
    if (node->map_count > 0 && !node->data->empty()) {
      return absl::FailedPreconditionError(absl::StrCat("open for writing ", p, ": cannot truncate a mapped file"));
    }
    node->data->clear();
    node->mtime_ms = s.Now();
    s.Count(Op::kWrite);
  }
  return std::unique_ptr<WritableFile>(new MemWritableFile(state_, node, p, s.epoch));
}

absl::StatusOr<std::unique_ptr<RandomAccessFile>> MemFileSystem::OpenReadable(const std::string& path) {
  const std::string p = Normalize(path);
  State& s = *state_;
  absl::MutexLock lock(&s.mu);
  SPOOL_RETURN_IF_ERROR(s.Check(Op::kRead, p));
  std::shared_ptr<Node> node = s.Find(p);
  if (node == nullptr) return s.NotAFile("open for reading", p);
  s.Count(Op::kRead);
  return std::unique_ptr<RandomAccessFile>(new MemRandomAccessFile(state_, node, p, s.epoch));
}

absl::StatusOr<std::string> MemFileSystem::ReadFile(const std::string& path) {
  const std::string p = Normalize(path);
  State& s = *state_;
  absl::MutexLock lock(&s.mu);
  SPOOL_RETURN_IF_ERROR(s.Check(Op::kRead, p));
  std::shared_ptr<Node> node = s.Find(p);
  if (node == nullptr) return s.NotAFile("read", p);
  s.Count(Op::kRead);
  return std::string(node->data->begin(), node->data->end());
}

absl::StatusOr<bool> MemFileSystem::Exists(const std::string& path) {
  const std::string p = Normalize(path);
  absl::MutexLock lock(&state_->mu);
  return state_->IsDir(p) || state_->Find(p) != nullptr;
}

absl::StatusOr<bool> MemFileSystem::IsDirectory(const std::string& path) {
  const std::string p = Normalize(path);
  absl::MutexLock lock(&state_->mu);
  return state_->IsDir(p);
}

absl::StatusOr<uint64_t> MemFileSystem::FileSize(const std::string& path) {
  const std::string p = Normalize(path);
  absl::MutexLock lock(&state_->mu);
  std::shared_ptr<Node> node = state_->Find(p);
  if (node == nullptr) return state_->NotAFile("file size of", p);
  return static_cast<uint64_t>(node->data->size());
}

absl::StatusOr<int64_t> MemFileSystem::ModifiedTimeMs(const std::string& path) {
  const std::string p = Normalize(path);
  State& s = *state_;
  absl::MutexLock lock(&s.mu);
  if (std::shared_ptr<Node> node = s.Find(p)) return node->mtime_ms;
  if (auto it = s.dirs.find(p); it != s.dirs.end()) return it->second;
  if (s.IsDir(p)) return int64_t{0};
  return absl::NotFoundError(absl::StrCat("stat ", p, ": no such file or directory"));
}

absl::Status MemFileSystem::SetModifiedTimeMs(const std::string& path, int64_t ms) {
  const std::string p = Normalize(path);
  State& s = *state_;
  absl::MutexLock lock(&s.mu);
  SPOOL_RETURN_IF_ERROR(s.Check(Op::kWrite, p));
  if (std::shared_ptr<Node> node = s.Find(p)) {
    node->mtime_ms = ms;
  } else if (auto it = s.dirs.find(p); it != s.dirs.end()) {
    it->second = ms;
  } else if (!s.IsDir(p)) {
    return absl::NotFoundError(absl::StrCat("utimensat ", p, ": no such file or directory"));
  }
  s.Count(Op::kWrite);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> MemFileSystem::ListDir(const std::string& path) {
  const std::string p = Normalize(path);
  State& s = *state_;
  absl::MutexLock lock(&s.mu);
  if (!s.IsDir(p)) {
    if (s.Find(p) != nullptr) return absl::FailedPreconditionError(absl::StrCat("opendir ", p, ": not a directory"));
    return absl::NotFoundError(absl::StrCat("opendir ", p, ": no such directory"));
  }
  const std::string prefix = ChildPrefix(p);
  std::vector<std::string> names;
  auto collect = [&](const auto& map) {
    for (auto it = map.lower_bound(prefix); it != map.end() && it->first.compare(0, prefix.size(), prefix) == 0;
         ++it) {
      std::string_view rest = std::string_view(it->first).substr(prefix.size());
      if (!rest.empty() && rest.find('/') == std::string_view::npos) names.emplace_back(rest);
    }
  };
  collect(s.files);
  collect(s.dirs);
  std::sort(names.begin(), names.end());
  return names;
}

absl::Status MemFileSystem::CreateDirs(const std::string& path) {
  const std::string p = Normalize(path);
  State& s = *state_;
  absl::MutexLock lock(&s.mu);
  bool created = false;
  // Each ancestor then the path itself: "/a", "/a/b", "/a/b/c".
  for (size_t pos = 1; pos <= p.size(); ++pos) {
    if (pos != p.size() && p[pos] != '/') continue;
    const std::string q = p.substr(0, pos);
    if (s.Find(q) != nullptr) {
      return absl::FailedPreconditionError(absl::StrCat("create directories ", p, ": ", q, " is a file"));
    }
    if (s.IsDir(q)) continue;
    if (!created) SPOOL_RETURN_IF_ERROR(s.Check(Op::kCreate, p));
    s.dirs[q] = s.Now();
    s.TouchDir(Parent(q));
    created = true;
  }
  if (created) s.Count(Op::kCreate);
  return absl::OkStatus();
}

absl::Status MemFileSystem::SyncDir(const std::string& path) {
  const std::string p = Normalize(path);
  State& s = *state_;
  absl::MutexLock lock(&s.mu);
  if (!s.IsDir(p)) {
    if (s.Find(p) != nullptr) {
      return absl::FailedPreconditionError(absl::StrCat("open directory ", p, ": not a directory"));
    }
    return absl::NotFoundError(absl::StrCat("open directory ", p, ": no such directory"));
  }
  SPOOL_RETURN_IF_ERROR(s.Check(Op::kSyncDir, p));
  s.SyncDirLocked(p);
  s.Count(Op::kSyncDir);
  return absl::OkStatus();
}

absl::Status MemFileSystem::DeleteFile(const std::string& path) {
  const std::string p = Normalize(path);
  State& s = *state_;
  absl::MutexLock lock(&s.mu);
  SPOOL_RETURN_IF_ERROR(s.Check(Op::kDelete, p));
  if (s.Find(p) == nullptr) return s.NotAFile("unlink", p);
  s.files.erase(p);
  s.TouchDir(Parent(p));
  s.Count(Op::kDelete);
  return absl::OkStatus();
}

absl::Status MemFileSystem::DeleteRecursively(const std::string& path) {
  const std::string p = Normalize(path);
  State& s = *state_;
  absl::MutexLock lock(&s.mu);
  SPOOL_RETURN_IF_ERROR(s.Check(Op::kDelete, p));
  const std::string prefix = ChildPrefix(p);
  // Durable at once (directories are not tracked): the names go from the durable view too.
  auto erase_tree = [&](auto& map) {
    map.erase(p);
    for (auto it = map.lower_bound(prefix); it != map.end() && it->first.compare(0, prefix.size(), prefix) == 0;) {
      it = map.erase(it);
    }
  };
  erase_tree(s.files);
  erase_tree(s.durable_files);
  erase_tree(s.dirs);
  s.TouchDir(Parent(p));
  s.Count(Op::kDelete);
  return absl::OkStatus();
}

absl::Status MemFileSystem::Rename(const std::string& from, const std::string& to) {
  const std::string f = Normalize(from);
  const std::string t = Normalize(to);
  State& s = *state_;
  absl::MutexLock lock(&s.mu);
  SPOOL_RETURN_IF_ERROR(s.Check(Op::kRename, f));
  std::shared_ptr<Node> node = s.Find(f);
  if (node == nullptr) {
    if (s.IsDir(f)) return absl::UnimplementedError(absl::StrCat("rename ", f, ": MemFileSystem renames files only"));
    return absl::NotFoundError(absl::StrCat("rename ", f, " to ", t, ": no such file"));
  }
  if (s.IsDir(t)) return absl::FailedPreconditionError(absl::StrCat("rename ", f, " to ", t, ": target is a directory"));
  SPOOL_RETURN_IF_ERROR(s.CheckParent("rename to", t));
  if (f != t) {
    s.files[t] = node;
    s.files.erase(f);
    s.TouchDir(Parent(f));
    s.TouchDir(Parent(t));
  }
  s.Count(Op::kRename);
  return absl::OkStatus();
}

absl::Status MemFileSystem::Truncate(const std::string& path, uint64_t size) {
  const std::string p = Normalize(path);
  State& s = *state_;
  absl::MutexLock lock(&s.mu);
  SPOOL_RETURN_IF_ERROR(s.Check(Op::kWrite, p));
  std::shared_ptr<Node> node = s.Find(p);
  if (node == nullptr) return s.NotAFile("truncate", p);
  if (size != node->data->size() && node->map_count > 0) {
    return absl::FailedPreconditionError(absl::StrCat("truncate ", p, " to ", size, ": file is mapped"));
  }
  node->data->resize(size, '\0');
  node->mtime_ms = s.Now();
  s.Count(Op::kWrite);
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<FileLock>> MemFileSystem::LockFile(const std::string& path) {
  const std::string p = Normalize(path);
  State& s = *state_;
  absl::MutexLock lock(&s.mu);
  if (s.locks.count(p) != 0) return absl::UnavailableError(absl::StrCat("lock ", p, ": already locked"));
  if (s.Find(p) == nullptr) {
    if (s.IsDir(p)) return s.NotAFile("lock", p);
    SPOOL_RETURN_IF_ERROR(s.CheckParent("lock", p));
    SPOOL_RETURN_IF_ERROR(s.Check(Op::kCreate, p));
    s.NewFile(p);
    s.Count(Op::kCreate);
  }
  s.locks.insert(p);
  return std::unique_ptr<FileLock>(new MemFileLock(state_, p, s.epoch));
}

absl::StatusOr<DiskUsage> MemFileSystem::GetDiskUsage(const std::string& path) {
  const std::string p = Normalize(path);
  absl::MutexLock lock(&state_->mu);
  if (!state_->IsDir(p) && state_->Find(p) == nullptr) {
    return absl::NotFoundError(absl::StrCat("statvfs ", p, ": no such file or directory"));
  }
  return state_->disk;
}

void MemFileSystem::DropUnsyncedData(const DropOptions& options) {
  State& s = *state_;
  absl::MutexLock lock(&s.mu);
  ++s.epoch;
  s.locks.clear();
  s.files = s.durable_files;
  // mt19937_64's output is fixed by the standard, so a seed reproduces the same damage everywhere. Files are
  // visited in path order for the same reason.
  std::mt19937_64 rng(options.seed);
  constexpr size_t kSector = 512;
  std::set<Node*> seen;
  for (auto& [name, node] : s.files) {
    if (!seen.insert(node.get()).second) continue;  // one node under two durable names
    Buffer result = node->durable;
    if (options.garbage || options.unsynced_may_survive) {
      const Buffer& current = *node->data;
      const size_t n = std::min(result.size(), current.size());
      for (size_t begin = 0; begin < n; begin += kSector) {
        const size_t end = std::min(begin + kSector, n);
        if (std::memcmp(result.data() + begin, current.data() + begin, end - begin) == 0) continue;
        // 0: the sector kept its old bytes, 1: it took the new ones, 2: it was torn.
        int outcome = 2;
        if (options.unsynced_may_survive) outcome = static_cast<int>(rng() % (options.garbage ? 3 : 2));
        if (outcome == 1) {
          std::memcpy(result.data() + begin, current.data() + begin, end - begin);
        } else if (outcome == 2) {
          // Only bytes that changed: bytes equal in both were never rewritten, or rewritten with the same value.
          for (size_t i = begin; i < end; ++i) {
            if (result[i] != current[i]) result[i] = static_cast<char>(rng() & 0xff);
          }
        }
      }
    }
    node->durable = result;
    node->data = std::make_shared<Buffer>(std::move(result));
    node->map_count = 0;
  }
}

absl::StatusOr<std::string> MemFileSystem::ReadDurable(const std::string& path) const {
  const std::string p = Normalize(path);
  absl::MutexLock lock(&state_->mu);
  auto it = state_->durable_files.find(p);
  if (it == state_->durable_files.end()) {
    return absl::NotFoundError(absl::StrCat(p, ": would not survive a power loss (name not durable)"));
  }
  return std::string(it->second->durable.begin(), it->second->durable.end());
}

}  // namespace spool::store::internal
