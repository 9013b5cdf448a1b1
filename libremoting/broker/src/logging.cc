#include "logging.h"

#include <memory>
#include <mutex>

namespace spool::broker::internal {

spdlog::logger& BrokerLog() {
  // Static init is thread-safe; the mutex only orders us against another library registering the same name.
  static std::shared_ptr<spdlog::logger> logger = [] {
    static std::mutex mu;
    std::lock_guard<std::mutex> lock(mu);
    if (auto existing = spdlog::get("spool.broker")) return existing;
    auto created = spdlog::default_logger()->clone("spool.broker");
    spdlog::register_logger(created);
    return created;
  }();
  return *logger;
}

void LogRequest(const remoting::RequestContext& ctx, const remoting::RemotingCommand& request) {
  if (!BrokerLog().should_log(spdlog::level::debug)) return;
  BrokerLog().debug("request from {}: {}", ctx.channel() != nullptr ? ctx.channel()->remote_address() : "?",
                     request.DebugString());
}

}  // namespace spool::broker::internal
