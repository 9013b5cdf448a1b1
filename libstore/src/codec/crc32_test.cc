#include "codec/crc32.h"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <random>
#include <string>

namespace spool::store::internal {
namespace {

uint32_t ZlibCrc(const char* p, size_t n) {
  return static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(p), static_cast<uInt>(n)));
}

std::string RandomBytes(std::mt19937_64& rng, size_t n) {
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

TEST_CASE("Crc32 known vectors", "[codec][crc32]") {
  CHECK(Crc32(nullptr, 0) == 0u);
  CHECK(Crc32("", 0) == 0u);
  CHECK(Crc32("123456789", 9) == 0xCBF43926u);  // the CRC-32/ISO-HDLC check value
  CHECK(Crc32("a", 1) == 0xE8B7BE43u);
  // BODYCRC drops the top bit (UtilAll.crc32 & 0x7FFFFFFF).
  CHECK(BodyCrc("123456789") == 0x4BF43926);
  CHECK(BodyCrc("") == 0);
  // First record of the RocketMQ testdata: body "hello spool 0", stored BODYCRC 0x5cd97e7f.
  CHECK(BodyCrc("hello spool 0") == 0x5cd97e7f);
}

// ISA-L is used only because it equals zlib bit for bit: every length up to 4 KiB (all the kernel's tail and
// folding paths), from every start alignment within 16 bytes.
TEST_CASE("Crc32 equals zlib's crc32 for every length 0..4096 and unaligned starts", "[codec][crc32]") {
  const uint64_t seed = GENERATE(1ULL, 0x5eed5eedULL);
  CAPTURE(seed);
  std::mt19937_64 rng(seed);
  const std::string buf = RandomBytes(rng, 4096 + 16);
  size_t mismatches = 0;
  for (size_t align = 0; align < 16; ++align) {
    for (size_t n = 0; n <= 4096; ++n) {
      const char* p = buf.data() + align;
      if (Crc32(p, n) != ZlibCrc(p, n)) {
        ++mismatches;
        UNSCOPED_INFO("mismatch at align " << align << " length " << n);
        if (mismatches > 5) break;
      }
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("Crc32 equals zlib's crc32 on large and special buffers", "[codec][crc32]") {
  const uint64_t seed = 42;
  CAPTURE(seed);
  std::mt19937_64 rng(seed);
  for (size_t n : {size_t{65536}, size_t{65536 + 7}, size_t{1} << 20, (size_t{1} << 20) + 13}) {
    CAPTURE(n);
    const std::string buf = RandomBytes(rng, n + 3);
    CHECK(Crc32(buf.data(), n) == ZlibCrc(buf.data(), n));
    CHECK(Crc32(buf.data() + 3, n) == ZlibCrc(buf.data() + 3, n));
  }
  const std::string zeros(100000, '\0');
  const std::string ones(100000, '\xff');
  CHECK(Crc32(zeros.data(), zeros.size()) == ZlibCrc(zeros.data(), zeros.size()));
  CHECK(Crc32(ones.data(), ones.size()) == ZlibCrc(ones.data(), ones.size()));
}

TEST_CASE("Crc32 detects a single flipped bit", "[codec][crc32]") {
  std::mt19937_64 rng(7);
  std::string buf = RandomBytes(rng, 1000);
  const uint32_t before = Crc32(buf.data(), buf.size());
  buf[500] ^= 0x10;
  CHECK(Crc32(buf.data(), buf.size()) != before);
}

}  // namespace
}  // namespace spool::store::internal
