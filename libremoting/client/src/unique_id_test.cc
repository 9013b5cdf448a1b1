#include "unique_id.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>

namespace spool::client::internal {
namespace {

TEST_CASE("UniqueIdGenerator: 32 hex digits for IPv4, fixed prefix, time and counter at the end", "[unique_id]") {
  UniqueIdGenerator gen(std::string("\x7f\x00\x00\x01", 4), /*pid=*/0x1234, /*salt=*/0x0A0B0C0D);
  CHECK(gen.prefix() == "7F00000112340A0B0C0D");
  const int64_t month_start = UniqueIdGenerator::MillisOfMonthStart(1700000000000);
  const std::string first = gen.NextAt(month_start + 0x10);
  const std::string second = gen.NextAt(month_start + 0x10);
  CHECK(first.size() == 32);
  CHECK(first == "7F00000112340A0B0C0D" "00000010" "0000");
  CHECK(second == "7F00000112340A0B0C0D" "00000010" "0001");
}

TEST_CASE("UniqueIdGenerator: IPv6 hosts make 56-digit ids", "[unique_id]") {
  UniqueIdGenerator gen(std::string(16, '\0'), 1, 2);
  CHECK(gen.Next().size() == 56);
}

TEST_CASE("UniqueIdGenerator: the global generator makes distinct ids", "[unique_id]") {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.insert(UniqueIdGenerator::Global().Next());
  CHECK(ids.size() == 1000);
}

TEST_CASE("MillisOfMonthStart is at or before the time and within a month of it", "[unique_id]") {
  const int64_t now = 1732406400123;  // 2024-11-24
  const int64_t start = UniqueIdGenerator::MillisOfMonthStart(now);
  CHECK(start <= now);
  CHECK(now - start < 31LL * 24 * 3600 * 1000);
  CHECK(start % 1000 == 0);
}

}  // namespace
}  // namespace spool::client::internal
