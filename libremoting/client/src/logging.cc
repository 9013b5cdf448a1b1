#include "logging.h"

#include <memory>
#include <mutex>

namespace spool::client::internal {

spdlog::logger& ClientLog() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    static std::mutex mu;
    std::lock_guard<std::mutex> lock(mu);
    if (auto existing = spdlog::get("spool.client")) return existing;
    auto created = spdlog::default_logger()->clone("spool.client");
    spdlog::register_logger(created);
    return created;
  }();
  return *logger;
}

}  // namespace spool::client::internal
