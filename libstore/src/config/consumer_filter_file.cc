#include "config/consumer_filter_file.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "config/fastjson.h"
#include "config/json_config_file.h"
#include "spool/store/file_system.h"
#include "spool/status_macros.h"

namespace spool::store::internal {

ConsumerFilterFile::ConsumerFilterFile(FileSystem* fs, std::string path)
    : fs_(fs != nullptr ? fs : FileSystem::Default()), path_(std::move(path)) {}

absl::Status ConsumerFilterFile::Load() {
  SPOOL_ASSIGN_OR_RETURN(bool found,
                         LoadJsonConfig(fs_, path_, [this](std::string_view text) { return Decode(text); }));
  if (!found) {
    absl::MutexLock lock(&mu_);
    text_ = std::string(kEmpty);
  }
  return absl::OkStatus();
}

absl::Status ConsumerFilterFile::Persist() {
  return PersistJsonConfig(fs_, path_, [this] { return Encode(); });
}

std::string ConsumerFilterFile::Encode() const {
  absl::MutexLock lock(&mu_);
  return text_;
}

absl::Status ConsumerFilterFile::Decode(std::string_view json) {
  rapidjson::Document doc;
  SPOOL_RETURN_IF_ERROR(ParseFastjson(json, &doc));
  if (!doc.IsObject()) return absl::InvalidArgumentError("consumerFilter.json: expected an object");
  absl::MutexLock lock(&mu_);
  text_ = std::string(json);
  return absl::OkStatus();
}

}  // namespace spool::store::internal
