#include "transport/address.h"

#include "absl/strings/str_cat.h"
#include "util/numbers.h"

namespace spool::remoting::internal {

absl::StatusOr<HostPort> ParseHostPort(std::string_view address) {
  const size_t colon = address.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return absl::InvalidArgumentError(absl::StrCat("address \"", std::string(address), "\" is not host:port"));
  }
  std::string_view host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int32_t port = 0;
  if (!ParseDecimalInt32(address.substr(colon + 1), &port) || port < 1 || port > 65535 || host.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("address \"", std::string(address), "\" is not host:port"));
  }
  return HostPort{std::string(host), static_cast<uint16_t>(port)};
}

absl::StatusOr<std::vector<asio::ip::tcp::endpoint>> ResolveAddress(asio::io_context& io, std::string_view address) {
  absl::StatusOr<HostPort> parsed = ParseHostPort(address);
  if (!parsed.ok()) return parsed.status();
  asio::error_code ec;
  const asio::ip::address ip = asio::ip::make_address(parsed->host, ec);
  if (!ec) return std::vector<asio::ip::tcp::endpoint>{{ip, parsed->port}};

  asio::ip::tcp::resolver resolver(io);
  const auto results = resolver.resolve(parsed->host, std::to_string(parsed->port), ec);
  if (ec || results.empty()) {
    return absl::UnavailableError(
        absl::StrCat("cannot resolve ", std::string(address), ": ", ec ? ec.message() : "no addresses"));
  }
  std::vector<asio::ip::tcp::endpoint> endpoints;
  for (const auto& entry : results) endpoints.push_back(entry.endpoint());
  return endpoints;
}

std::string FormatEndpoint(const asio::ip::tcp::endpoint& endpoint) {
  return absl::StrCat(endpoint.address().to_string(), ":", endpoint.port());
}

}  // namespace spool::remoting::internal
