#include "spool/client/client_config.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <unistd.h>

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/strings/ascii.h"

namespace spool::client {

absl::StatusOr<std::vector<std::string>> ParseNamesrvAddr(const std::string& namesrv_addr) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(namesrv_addr, ';')) {
    absl::string_view trimmed = absl::StripAsciiWhitespace(part);
    if (!trimmed.empty()) out.emplace_back(trimmed);
  }
  if (out.empty()) return absl::InvalidArgumentError("namesrvAddr is empty: set ClientConfig.namesrv_addr");
  return out;
}

namespace {

// The first non-loopback IPv4 address, as Java's RemotingUtil.getLocalAddress prefers one.
std::string FirstNonLoopbackIpv4() {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return "127.0.0.1";
  std::string found;
  for (ifaddrs* it = list; it != nullptr && found.empty(); it = it->ifa_next) {
    if (it->ifa_addr == nullptr || it->ifa_addr->sa_family != AF_INET) continue;
    const auto* in = reinterpret_cast<const sockaddr_in*>(it->ifa_addr);
    if ((ntohl(in->sin_addr.s_addr) >> 24) == 127) continue;
    char text[INET_ADDRSTRLEN] = {};
    if (::inet_ntop(AF_INET, &in->sin_addr, text, sizeof(text)) != nullptr) found = text;
  }
  ::freeifaddrs(list);
  return found.empty() ? "127.0.0.1" : found;
}

}  // namespace

std::string ResolveClientIp(const ClientConfig& config) {
  if (!config.client_ip.empty()) return config.client_ip;
  static const std::string ip = FirstNonLoopbackIpv4();
  return ip;
}

std::string BuildClientId(const ClientConfig& config) {
  std::string id = absl::StrCat(ResolveClientIp(config), "@", config.instance_name);
  if (!config.unit_name.empty()) absl::StrAppend(&id, "@", config.unit_name);
  return id;
}

std::string UniqueInstanceName() {
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
                   .count();
  return absl::StrCat(::getpid(), "#", nanos);
}

}  // namespace spool::client
