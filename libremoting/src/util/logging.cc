#include "util/logging.h"

#include <memory>
#include <mutex>

namespace spool::remoting::internal {

spdlog::logger& RemotingLog() {
  // Static init is thread-safe; the mutex only orders us against another library registering the same name.
  static std::shared_ptr<spdlog::logger> logger = [] {
    static std::mutex mu;
    std::lock_guard<std::mutex> lock(mu);
    if (auto existing = spdlog::get("spool.remoting")) return existing;
    auto created = spdlog::default_logger()->clone("spool.remoting");
    spdlog::register_logger(created);
    return created;
  }();
  return *logger;
}

}  // namespace spool::remoting::internal
