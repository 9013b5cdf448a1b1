#include "live_config.h"

#include "absl/strings/str_cat.h"
#include "atomic_file.h"
#include "logging.h"

namespace spool::namesrv::internal {

NamesrvConfig LiveConfig::Get() const {
  absl::ReaderMutexLock lock(&mu_);
  return config_;
}

std::string LiveConfig::Describe() const { return DescribeNamesrvConfig(Get()); }

absl::Status LiveConfig::Update(const std::map<std::string, std::string>& props) {
  absl::MutexLock update_lock(&update_mu_);
  NamesrvConfig updated;
  {
    absl::WriterMutexLock lock(&mu_);
    updated = config_;
    if (absl::Status s = ApplyNamesrvProperties(props, &updated); !s.ok()) return s;
    config_ = updated;
  }
  NamesrvLog().info("name server config updated ({} keys)", props.size());
  if (updated.config_store_path.empty()) return absl::OkStatus();
  absl::Status s = WriteFileAtomically(updated.config_store_path, DescribeNamesrvConfig(updated));
  if (!s.ok()) {
    return absl::Status(s.code(), absl::StrCat("config updated in memory but not persisted: ", s.message()));
  }
  return absl::OkStatus();
}

}  // namespace spool::namesrv::internal
