// File: config/json_config_file.h
// Loading and persisting RocketMQ's config/*.json files (ConfigManager.load / persist, MixAll.string2File), through
// the FileSystem seam.
//
//   SPOOL_ASSIGN_OR_RETURN(bool found, LoadJsonConfig(fs, path, [&](std::string_view text) {
//     return table.Decode(text);
//   }));
//   SPOOL_RETURN_IF_ERROR(PersistJsonConfig(fs, path, [&] { return table.Encode(); }));
//
// Persist writes <path>.tmp and syncs it, copies the current <path> (if any) to <path>.bak and syncs that, renames
// the .tmp over <path> and syncs the directory. RocketMQ deletes <path> before the rename and never syncs, so a
// crash can leave it missing or empty (hence its .bak fallback); here <path> always holds a whole old or a whole
// new version, and once Persist returns OK the new one is durable.
#pragma once

#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace spool::store {
class FileSystem;
}

namespace spool::store::internal {

// Reads <path> and passes its text to `decode`; if <path> is missing, empty, or `decode` refuses it, reads
// <path>.bak instead (RocketMQ's ConfigManager.loadBak). `decode` must leave its target unchanged when it returns
// an error.
// Returns true once some text was decoded, false when neither file has any content (start with an empty table).
// Unlike RocketMQ, which then starts empty, a main file that does not decode with no usable .bak is kDataLoss
// naming the file: silently dropping every topic or offset is worse than refusing to start. Read errors other than
// not-found are returned as they are.
absl::StatusOr<bool> LoadJsonConfig(FileSystem* fs, const std::string& path,
                                    absl::FunctionRef<absl::Status(std::string_view)> decode);

// The write sequence described above. Concurrent calls for the same path must be serialized by the caller
// (PersistJsonConfig does).
absl::Status PersistAtomically(FileSystem* fs, const std::string& path, std::string_view text);

// Calls `encode` and persists its result, under one process-wide lock, so two persists of the same table cannot
// interleave their .tmp writes or land an older snapshot after a newer one. Persisting is rare and the files are
// small; one lock for all of them is enough.
absl::Status PersistJsonConfig(FileSystem* fs, const std::string& path, absl::FunctionRef<std::string()> encode);

}  // namespace spool::store::internal
