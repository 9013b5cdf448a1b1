// File: config/consumer_filter_file.h
// config/consumerFilter.json (ConsumerFilterManager: SQL92 / bit-map filter data per topic). The store does not
// evaluate consumer filters, so the file is carried along unchanged: read (falling back to .bak like the other
// config files), checked to parse, and written back byte for byte.
//
//   ConsumerFilterFile filters(fs, JoinPath(options.ConfigDir(), "consumerFilter.json"));
//   SPOOL_RETURN_IF_ERROR(filters.Load());
//   SPOOL_RETURN_IF_ERROR(filters.Persist());
//
// Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace spool::store {
class FileSystem;
}

namespace spool::store::internal {

class ConsumerFilterFile {
 public:
  // What RocketMQ writes for an empty filter table (27 bytes).
  static constexpr std::string_view kEmpty = "{\n\t\"filterDataByTopic\":{}\n}";

  // `fs` nullptr = FileSystem::Default().
  ConsumerFilterFile(FileSystem* fs, std::string path);

  // Reads the file (or .bak); neither = kEmpty.
  absl::Status Load();
  // Writes the text as loaded (kEmpty if never loaded).
  absl::Status Persist();

  std::string Encode() const;
  // Accepts any fastjson object text and keeps it verbatim.
  absl::Status Decode(std::string_view json);

 private:
  FileSystem* const fs_;
  const std::string path_;
  mutable absl::Mutex mu_;
  std::string text_ ABSL_GUARDED_BY(mu_){kEmpty};
};

}  // namespace spool::store::internal
