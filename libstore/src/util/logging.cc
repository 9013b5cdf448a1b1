#include "util/logging.h"

#include <mutex>

namespace spool::store::internal {

spdlog::logger& StoreLog() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    static std::mutex mu;
    std::lock_guard<std::mutex> lock(mu);
    if (auto existing = spdlog::get("spool.store")) return existing;
    auto created = spdlog::default_logger()->clone("spool.store");
    spdlog::register_logger(created);
    return created;
  }();
  return *logger;
}

}  // namespace spool::store::internal
