#include "config/json_config_file.h"

#include <memory>
#include <utility>

#include "absl/base/const_init.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "spool/store/file_system.h"
#include "util/logging.h"
#include "spool/status_macros.h"

namespace spool::store::internal {
namespace {

ABSL_CONST_INIT absl::Mutex persist_mu(absl::kConstInit);

std::string ParentDir(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

absl::Status WithContext(const absl::Status& s, std::string_view context) {
  return absl::Status(s.code(), absl::StrCat(std::string(context), ": ", s.message()));
}

// Reads a file; nullopt-like empty result plus `*missing` when it does not exist.
absl::StatusOr<std::string> ReadIfExists(FileSystem* fs, const std::string& path, bool* missing) {
  *missing = false;
  absl::StatusOr<std::string> text = fs->ReadFile(path);
  if (absl::IsNotFound(text.status())) {
    *missing = true;
    return std::string();
  }
  return text;
}

absl::Status WriteAndSync(FileSystem* fs, const std::string& path, std::string_view text) {
  SPOOL_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, fs->OpenWritable(path, OpenMode::kCreateOrTruncate));
  SPOOL_RETURN_IF_ERROR(file->Append(text));
  SPOOL_RETURN_IF_ERROR(file->Sync());
  return file->Close();
}

}  // namespace

absl::StatusOr<bool> LoadJsonConfig(FileSystem* fs, const std::string& path,
                                    absl::FunctionRef<absl::Status(std::string_view)> decode) {
  bool missing = false;
  SPOOL_ASSIGN_OR_RETURN(std::string text, ReadIfExists(fs, path, &missing));
  absl::Status main_error;  // why the main file was not used, if it exists
  if (!text.empty()) {
    main_error = decode(text);
    if (main_error.ok()) return true;
  } else if (!missing) {
    main_error = absl::DataLossError("empty file");
  }

  const std::string bak = path + ".bak";
  bool bak_missing = false;
  SPOOL_ASSIGN_OR_RETURN(std::string bak_text, ReadIfExists(fs, bak, &bak_missing));
  if (bak_text.empty()) {
    // An empty main file with no backup: RocketMQ's own non-atomic write can leave that after a crash, and it
    // starts empty then. A main file with content that does not decode is different: refuse.
    if (!main_error.ok() && !text.empty()) {
      return absl::DataLossError(absl::StrCat(path, ": ", main_error.message(), "; no usable ", bak,
                                              bak_missing ? " (missing)" : " (empty)"));
    }
    if (!missing) StoreLog().warn("{} is empty and {} has no content; starting with an empty table", path, bak);
    return false;
  }
  if (absl::Status s = decode(bak_text); !s.ok()) {
    if (missing) return absl::DataLossError(absl::StrCat(bak, ": ", s.message(), " (and ", path, " is missing)"));
    return absl::DataLossError(
        absl::StrCat(path, ": ", main_error.message(), "; and ", bak, ": ", s.message()));
  }
  if (missing) {
    StoreLog().warn("{} is missing; loaded {}", path, bak);
  } else {
    StoreLog().warn("{} not usable ({}); loaded {}", path, std::string(main_error.message()), bak);
  }
  return true;
}

absl::Status PersistAtomically(FileSystem* fs, const std::string& path, std::string_view text) {
  const std::string dir = ParentDir(path);
  const std::string tmp = path + ".tmp";
  const std::string bak = path + ".bak";
  const std::string context = absl::StrCat("persisting ", path);
  if (absl::Status s = fs->CreateDirs(dir); !s.ok()) return WithContext(s, context);
  if (absl::Status s = WriteAndSync(fs, tmp, text); !s.ok()) return WithContext(s, context);
  // Keep the previous version as .bak, as MixAll.string2File does.
  bool missing = false;
  absl::StatusOr<std::string> previous = ReadIfExists(fs, path, &missing);
  if (!previous.ok()) return WithContext(previous.status(), context);
  if (!missing) {
    if (absl::Status s = WriteAndSync(fs, bak, *previous); !s.ok()) return WithContext(s, context);
  }
  if (absl::Status s = fs->Rename(tmp, path); !s.ok()) return WithContext(s, context);
  if (absl::Status s = fs->SyncDir(dir); !s.ok()) return WithContext(s, context);
  return absl::OkStatus();
}

absl::Status PersistJsonConfig(FileSystem* fs, const std::string& path, absl::FunctionRef<std::string()> encode) {
  absl::MutexLock lock(&persist_mu);
  const std::string text = encode();
  return PersistAtomically(fs, path, text);
}

}  // namespace spool::store::internal
