#include "transport/address.h"

#include <catch2/catch.hpp>

namespace spool::remoting::internal {
namespace {

TEST_CASE("host:port parsing", "[transport][address]") {
  CHECK(ParseHostPort("127.0.0.1:9876")->host == "127.0.0.1");
  CHECK(ParseHostPort("127.0.0.1:9876")->port == 9876);
  CHECK(ParseHostPort("localhost:10911")->host == "localhost");
  CHECK(ParseHostPort("[::1]:9876")->host == "::1");
  CHECK(ParseHostPort("::1:9876")->host == "::1");  // Java prints IPv6 peers without brackets
  for (const char* bad : {"", "9876", ":9876", "host:", "host:0", "host:65536", "host:-1", "host:98a", "[]:1"}) {
    CAPTURE(bad);
    CHECK(ParseHostPort(bad).status().code() == absl::StatusCode::kInvalidArgument);
  }
}

TEST_CASE("address resolution", "[transport][address]") {
  asio::io_context io;
  const auto literal = ResolveAddress(io, "127.0.0.1:9876");
  REQUIRE(literal.ok());
  REQUIRE(literal->size() == 1);
  CHECK(FormatEndpoint(literal->front()) == "127.0.0.1:9876");
  const auto localhost = ResolveAddress(io, "localhost:9876");
  REQUIRE(localhost.ok());
  CHECK_FALSE(localhost->empty());
  CHECK(ResolveAddress(io, "no-such-host.invalid:1").status().code() == absl::StatusCode::kUnavailable);
  CHECK(ResolveAddress(io, "nonsense").status().code() == absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace spool::remoting::internal
