// File: atomic_file.h
// Whole-file writes that never leave a half-written file behind, for the name server's small config files
// (kvConfig.json, namesrv.properties), as RocketMQ's MixAll.string2File: write <path>.tmp and sync it, keep the
// previous content as <path>.bak, rename the temporary file over <path>, sync the directory. Missing parent
// directories are created.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace spool::namesrv::internal {

absl::Status WriteFileAtomically(const std::string& path, std::string_view content);

// The file's content, nullopt when it does not exist; other failures are errors naming the file.
absl::StatusOr<std::optional<std::string>> ReadFileIfExists(const std::string& path);

}  // namespace spool::namesrv::internal
