#include "broker_context.h"

#include <arpa/inet.h>

#include "absl/strings/numbers.h"

namespace spool::broker::internal {

std::optional<store::HostAddress> ParseHostAddress(const std::string& address) {
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  std::string host = address.substr(0, colon);
  int32_t port = 0;
  if (!absl::SimpleAtoi(address.substr(colon + 1), &port)) return std::nullopt;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  store::HostAddress out;
  out.port = port;
  unsigned char buf[16];
  if (inet_pton(AF_INET, host.c_str(), buf) == 1) {
    out.address.assign(reinterpret_cast<char*>(buf), 4);
    return out;
  }
  if (inet_pton(AF_INET6, host.c_str(), buf) == 1) {
    out.address.assign(reinterpret_cast<char*>(buf), 16);
    return out;
  }
  return std::nullopt;
}

void BrokerContext::set_broker_addr(const std::string& addr) {
  absl::MutexLock lock(&addr_mu_);
  broker_addr_ = addr;
  if (auto host = ParseHostAddress(addr)) store_host_ = *host;
}

std::string BrokerContext::broker_addr() const {
  absl::MutexLock lock(&addr_mu_);
  return broker_addr_;
}

store::HostAddress BrokerContext::store_host() const {
  absl::MutexLock lock(&addr_mu_);
  return store_host_;
}

remoting::RemotingCommand ErrorResponse(const remoting::RemotingCommand& request, int32_t code, std::string remark) {
  return remoting::RemotingCommand::CreateResponse(request, code, std::move(remark));
}

}  // namespace spool::broker::internal
