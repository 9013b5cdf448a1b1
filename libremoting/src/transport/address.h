// File: transport/address.h
// RocketMQ addresses are "host:port" strings (name server lists, broker addresses in route data). This splits
// them and turns them into endpoints.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "asio/io_context.hpp"
#include "asio/ip/tcp.hpp"

namespace spool::remoting::internal {

struct HostPort {
  std::string host;  // without IPv6 brackets
  uint16_t port = 0;
};

// "10.0.0.1:9876", "localhost:9876", "[::1]:9876". The port must be 1..65535. kInvalidArgument otherwise.
absl::StatusOr<HostPort> ParseHostPort(std::string_view address);

// Endpoints for `address`: an IP literal directly; a host name through a blocking getaddrinfo on the calling
// thread (no hidden resolver thread). kInvalidArgument for a malformed address, kUnavailable when resolution
// fails.
absl::StatusOr<std::vector<asio::ip::tcp::endpoint>> ResolveAddress(asio::io_context& io, std::string_view address);

// "ip:port" as RocketMQ prints a peer (RemotingHelper.parseChannelRemoteAddr).
std::string FormatEndpoint(const asio::ip::tcp::endpoint& endpoint);

}  // namespace spool::remoting::internal
