#include "codec/compression.h"

#include <zlib.h>
#include <zstd.h>

#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "spool/store/message.h"

namespace spool::store::internal {
namespace {

std::string RandomBytes(std::mt19937_64& rng, size_t n) {
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

// Text-like data that compresses well.
std::string Compressible(std::mt19937_64& rng, size_t n) {
  static constexpr char kWords[][8] = {"spool ", "store ", "queue ", "commit ", "log ", "tag "};
  std::string s;
  while (s.size() < n) s += kWords[rng() % 6];
  s.resize(n);
  return s;
}

TEST_CASE("zlib round trip", "[codec][compression]") {
  const uint64_t seed = GENERATE(1ULL, 99ULL);
  CAPTURE(seed);
  std::mt19937_64 rng(seed);
  for (size_t n : {size_t{0}, size_t{1}, size_t{4095}, size_t{4096}, size_t{100000}, size_t{1} << 20}) {
    CAPTURE(n);
    for (const std::string& data : {RandomBytes(rng, n), Compressible(rng, n)}) {
      auto c = ZlibCompress(data);
      REQUIRE(c.ok());
      // The zlib wrapper (0x78 header), as java.util.zip.Deflater writes.
      REQUIRE(c->size() >= 2);
      CHECK(static_cast<uint8_t>((*c)[0]) == 0x78);
      auto d = ZlibDecompress(*c);
      REQUIRE(d.ok());
      CHECK(*d == data);
    }
  }
}

TEST_CASE("zstd round trip", "[codec][compression]") {
  std::mt19937_64 rng(5);
  for (size_t n : {size_t{0}, size_t{1}, size_t{4096}, size_t{100000}, size_t{1} << 20}) {
    CAPTURE(n);
    for (const std::string& data : {RandomBytes(rng, n), Compressible(rng, n)}) {
      auto c = ZstdCompress(data);
      REQUIRE(c.ok());
      auto d = ZstdDecompress(*c);
      REQUIRE(d.ok());
      CHECK(*d == data);
    }
  }
}

TEST_CASE("zstd frames without a content size and several frames decode", "[codec][compression]") {
  std::mt19937_64 rng(6);
  const std::string data = Compressible(rng, 300000);
  // Streamed compression leaves the content size out of the frame header.
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  std::string frame(ZSTD_compressBound(data.size()) + 64, '\0');
  ZSTD_outBuffer out{frame.data(), frame.size(), 0};
  // Input fed before the end is signalled: the compressor cannot know the total.
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  while (in.pos < in.size) REQUIRE(!ZSTD_isError(ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_continue)));
  ZSTD_inBuffer none{nullptr, 0, 0};
  size_t rc = ZSTD_compressStream2(cctx, &out, &none, ZSTD_e_end);
  ZSTD_freeCCtx(cctx);
  REQUIRE(rc == 0);
  frame.resize(out.pos);
  REQUIRE(ZSTD_getFrameContentSize(frame.data(), frame.size()) == ZSTD_CONTENTSIZE_UNKNOWN);
  auto d = ZstdDecompress(frame);
  REQUIRE(d.ok());
  CHECK(*d == data);

  auto two = ZstdDecompress(frame + frame);
  REQUIRE(two.ok());
  CHECK(*two == data + data);
}

TEST_CASE("corrupt and truncated input is kDataLoss", "[codec][compression]") {
  std::mt19937_64 rng(8);
  const std::string data = Compressible(rng, 50000);
  const std::string z = *ZlibCompress(data);
  const std::string zs = *ZstdCompress(data);

  CHECK(ZlibDecompress("").status().code() == absl::StatusCode::kDataLoss);
  CHECK(ZlibDecompress("not zlib at all").status().code() == absl::StatusCode::kDataLoss);
  CHECK(ZlibDecompress(z.substr(0, z.size() / 2)).status().code() == absl::StatusCode::kDataLoss);
  CHECK(ZlibDecompress(z.substr(0, z.size() - 1)).status().code() == absl::StatusCode::kDataLoss);
  std::string flipped = z;
  flipped[flipped.size() / 2] ^= 0x55;
  // A flipped byte breaks either the deflate stream or the Adler-32 trailer.
  CHECK(ZlibDecompress(flipped).status().code() == absl::StatusCode::kDataLoss);

  CHECK(ZstdDecompress("").status().code() == absl::StatusCode::kDataLoss);
  CHECK(ZstdDecompress("not zstd at all").status().code() == absl::StatusCode::kDataLoss);
  CHECK(ZstdDecompress(zs.substr(0, zs.size() / 2)).status().code() == absl::StatusCode::kDataLoss);
  CHECK(ZstdDecompress(zs.substr(0, zs.size() - 1)).status().code() == absl::StatusCode::kDataLoss);

  // Random garbage never crashes, whatever it decodes to.
  for (int i = 0; i < 200; ++i) {
    const std::string junk = RandomBytes(rng, rng() % 200);
    (void)ZlibDecompress(junk);
    (void)ZstdDecompress(junk);
  }
}

TEST_CASE("zlib ignores bytes after the end of the stream, as Java does", "[codec][compression]") {
  const std::string z = *ZlibCompress("hello hello hello");
  auto d = ZlibDecompress(z + "trailing");
  REQUIRE(d.ok());
  CHECK(*d == "hello hello hello");
}

TEST_CASE("decompression stops at the output cap", "[codec][compression]") {
  const std::string zeros(2 << 20, '\0');
  const std::string z = *ZlibCompress(zeros);
  const std::string zs = *ZstdCompress(zeros);
  CHECK(z.size() < 10000);  // a small input that inflates 200x: what a bomb looks like

  CHECK(ZlibDecompress(z, 1 << 20).status().code() == absl::StatusCode::kResourceExhausted);
  CHECK(ZstdDecompress(zs, 1 << 20).status().code() == absl::StatusCode::kResourceExhausted);
  // Exactly at the cap is fine.
  CHECK(ZlibDecompress(z, zeros.size()).ok());
  CHECK(ZstdDecompress(zs, zeros.size()).ok());
  CHECK(ZlibDecompress(z, zeros.size() - 1).status().code() == absl::StatusCode::kResourceExhausted);
  CHECK(ZstdDecompress(zs, zeros.size() - 1).status().code() == absl::StatusCode::kResourceExhausted);
  // The default cap allows any legal body.
  CHECK(ZlibDecompress(z).ok());
  CHECK(kMaxDecompressedBodySize == size_t{256} << 20);
}

TEST_CASE("DecompressBody follows the sysFlag", "[codec][compression]") {
  const std::string body = "a body that is compressed, compressed, compressed";
  const std::string z = *ZlibCompress(body);
  const std::string zs = *ZstdCompress(body);

  // Not compressed: the body as is, even if it looks compressed.
  CHECK(*DecompressBody(z, 0) == z);
  CHECK(*DecompressBody(z, kSysFlagCompressionZlib) == z);  // type bits without bit 0 mean nothing
  // Bit 0 with type 0 (RocketMQ 4.x) or 3 is zlib; 2 is zstd.
  CHECK(*DecompressBody(z, kSysFlagCompressed) == body);
  CHECK(*DecompressBody(z, kSysFlagCompressed | kSysFlagCompressionZlib) == body);
  CHECK(*DecompressBody(z, 0x301 | kSysFlagTransactionCommit) == body);
  CHECK(*DecompressBody(zs, kSysFlagCompressed | kSysFlagCompressionZstd) == body);
  // LZ4 and unknown types are not supported.
  CHECK(DecompressBody(z, 0x101).status().code() == absl::StatusCode::kUnimplemented);
  CHECK(DecompressBody(z, 0x401).status().code() == absl::StatusCode::kUnimplemented);
  CHECK(DecompressBody(z, 0x701).status().code() == absl::StatusCode::kUnimplemented);
  // The wrong algorithm is corruption.
  CHECK(DecompressBody(zs, 0x301).status().code() == absl::StatusCode::kDataLoss);
  CHECK(DecompressBody(z, 0x201).status().code() == absl::StatusCode::kDataLoss);
}

TEST_CASE("CompressBody returns the sysFlag bits", "[codec][compression]") {
  const std::string body(10000, 'x');
  int32_t bits = -1;
  auto none = CompressBody(body, CompressionType::kNone, &bits);
  REQUIRE(none.ok());
  CHECK(*none == body);
  CHECK(bits == 0);

  auto z = CompressBody(body, CompressionType::kZlib, &bits);
  REQUIRE(z.ok());
  CHECK(bits == 0x301);
  CHECK(*DecompressBody(*z, bits) == body);
  // Level 5, as the RocketMQ client compresses.
  CHECK(*z == *ZlibCompress(body, 5));

  auto zs = CompressBody(body, CompressionType::kZstd, &bits);
  REQUIRE(zs.ok());
  CHECK(bits == 0x201);
  CHECK(*DecompressBody(*zs, bits) == body);
}

}  // namespace
}  // namespace spool::store::internal
