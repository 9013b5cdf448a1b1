#include "atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"

namespace spool::namesrv::internal {
namespace {

absl::Status ErrnoError(std::string_view what, const std::string& path, int err) {
  return absl::UnavailableError(absl::StrCat(std::string(what), " ", path, ": ", std::strerror(err)));
}

absl::Status WriteAndSync(const std::string& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot create", path, errno);
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      return ErrnoError("cannot write", path, err);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    return ErrnoError("cannot sync", path, err);
  }
  if (::close(fd) != 0) return ErrnoError("cannot close", path, errno);
  return absl::OkStatus();
}

void SyncDirectory(const std::filesystem::path& dir) {
  // Best effort: the rename is already visible; this only makes it survive a power cut sooner.
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace

absl::Status WriteFileAtomically(const std::string& path, std::string_view content) {
  const std::filesystem::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) {
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec) return absl::UnavailableError(absl::StrCat("cannot create directory ", target.parent_path().string(), ": ",
                                                       ec.message()));
  }
  const std::string tmp = path + ".tmp";
  if (absl::Status s = WriteAndSync(tmp, content); !s.ok()) return s;
  if (std::filesystem::exists(target, ec)) {
    std::filesystem::copy_file(target, path + ".bak", std::filesystem::copy_options::overwrite_existing, ec);
    // A failed backup loses nothing current; the new content still goes in.
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) return ErrnoError("cannot rename " + tmp + " to", path, errno);
  SyncDirectory(target.parent_path());
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> ReadFileIfExists(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (ec) return absl::UnavailableError(absl::StrCat("cannot stat ", path, ": ", ec.message()));
    return std::optional<std::string>();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return ErrnoError("cannot open", path, errno);
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return absl::UnavailableError(absl::StrCat("cannot read ", path));
  return std::optional<std::string>(content.str());
}

}  // namespace spool::namesrv::internal
