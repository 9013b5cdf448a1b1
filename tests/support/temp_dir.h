// File: tests/support/temp_dir.h
// A fresh directory under $TMPDIR (or /tmp), removed with everything in it when the object goes away.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace spool::testing {

class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/spool-test-XXXXXX";
    char* made = ::mkdtemp(tmpl.data());
    path_ = made ? made : "";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

  // Copies a directory tree into this one (as `name`), making the copies writable.
  std::string CopyFrom(const std::string& source, const std::string& name) const {
    std::string dest = Sub(name);
    std::error_code ec;
    std::filesystem::copy(source, dest, std::filesystem::copy_options::recursive, ec);
    for (auto it = std::filesystem::recursive_directory_iterator(dest, ec);
         it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      std::filesystem::permissions(it->path(), std::filesystem::perms::owner_write, std::filesystem::perm_options::add,
                                   ec);
    }
    std::filesystem::permissions(dest, std::filesystem::perms::owner_write, std::filesystem::perm_options::add, ec);
    return dest;
  }

 private:
  std::string path_;
};

}  // namespace spool::testing
