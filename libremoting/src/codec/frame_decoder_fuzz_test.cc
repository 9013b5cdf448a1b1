// A seeded fuzz of the frame decoder: random bytes, mutated valid frames (flipped bytes, rewritten lengths and
// type bytes, truncations, insertions) and token soup for the JSON reader, fed in random chunks. The property:
// every input yields commands and/or one clean error (kInvalidArgument or kResourceExhausted), never a crash
// (ASan/UBSan builds check that), and the decoder never buffers more than one frame plus one chunk. Fixed seeds
// and iteration counts keep it deterministic and to a few seconds.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "spool/remoting/frame_codec.h"
#include "testing/random_command.h"
#include "util/big_endian.h"

namespace spool::remoting {
namespace {

constexpr size_t kMaxFrame = 64 * 1024;
constexpr size_t kMaxChunk = 4096;

size_t Pick(std::mt19937_64& rng, size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); }

std::string ValidFrame(std::mt19937_64& rng) {
  const SerializeType type = Pick(rng, 2) == 0 ? SerializeType::kJson : SerializeType::kRocketMq;
  absl::StatusOr<std::string> frame = EncodeFrame(testing::RandomCommand(rng, type), kMaxFrame);
  REQUIRE(frame.ok());
  return *frame;
}

// JSON-ish token soup: mostly well-formed shapes with hostile values, sometimes broken structure.
std::string TokenSoup(std::mt19937_64& rng) {
  static const std::vector<std::string> kTokens = {
      "{", "}", "[", "]", ":", ",", "\"code\"", "\"extFields\"", "\"remark\"", "\"language\"", "\"opaque\"",
      "\"flag\"", "\"version\"", "\"k\"", "1", "-1", "2147483648", "1e400", "-0", "0.5", "true", "false", "null",
      "\"JAVA\"", "\"\\u00\"", "\"\\ud800\"", "\"\\\"\"", "\"\xff\xfe\"", "'x'", "x", " ", "\n", "/*c*/", "\"\\u0000\""};
  std::string out = Pick(rng, 4) == 0 ? "" : "{";
  const size_t n = Pick(rng, 40);
  for (size_t i = 0; i < n; ++i) out += kTokens[Pick(rng, kTokens.size())];
  if (Pick(rng, 4) != 0) out += "}";
  return out;
}

std::string Mutate(std::mt19937_64& rng, std::string frame) {
  switch (Pick(rng, 8)) {
    case 0:  // flip a few bytes anywhere
      for (size_t i = 0, n = 1 + Pick(rng, 4); i < n && !frame.empty(); ++i) {
        frame[Pick(rng, frame.size())] ^= static_cast<char>(1 + Pick(rng, 255));
      }
      return frame;
    case 1: {  // rewrite the length field: tiny, huge, negative, off by a little
      static const uint32_t kLengths[] = {0, 1, 3, 4, 0x7fffffffu, 0x80000000u, 0xffffffffu, kMaxFrame - 4,
                                          kMaxFrame - 3, 16 * 1024 * 1024};
      uint32_t length = Pick(rng, 2) == 0 ? kLengths[Pick(rng, std::size(kLengths))]
                                          : internal::GetBE32(frame.data()) + static_cast<uint32_t>(Pick(rng, 9)) - 4;
      internal::PutBE32(frame.data(), length);
      return frame;
    }
    case 2: {  // rewrite headerInfo: another type byte or header length
      uint32_t info = internal::GetBE32(frame.data() + 4);
      info = Pick(rng, 2) == 0 ? (info & 0xFFFFFF) | (static_cast<uint32_t>(Pick(rng, 256)) << 24)
                               : (info & 0xFF000000u) | static_cast<uint32_t>(Pick(rng, 1 << 24));
      internal::PutBE32(frame.data() + 4, info);
      return frame;
    }
    case 3:  // truncate
      return frame.substr(0, Pick(rng, frame.size() + 1));
    case 4:  // insert garbage in the middle
      return frame.insert(Pick(rng, frame.size() + 1), testing::RandomBytes(rng, 16));
    case 5: {  // a JSON header made of token soup, length fields consistent
      const std::string header = TokenSoup(rng);
      std::string out(8, '\0');
      internal::PutBE32(out.data(), static_cast<uint32_t>(4 + header.size()));
      internal::PutBE32(out.data() + 4, static_cast<uint32_t>(header.size()));
      return out + header;
    }
    case 6: {  // a ROCKETMQ header of random bytes, length fields consistent
      const std::string header = testing::RandomBytes(rng, 64);
      std::string out(8, '\0');
      internal::PutBE32(out.data(), static_cast<uint32_t>(4 + header.size()));
      internal::PutBE32(out.data() + 4, (1u << 24) | static_cast<uint32_t>(header.size()));
      return out + header;
    }
    default:  // pure noise
      return testing::RandomBytes(rng, 64);
  }
}

bool IsCleanError(const absl::Status& status) {
  return status.code() == absl::StatusCode::kInvalidArgument ||
         status.code() == absl::StatusCode::kResourceExhausted;
}

// Feeds `stream` in random chunks, draining after each; returns how many commands came out before any error.
size_t FeedStream(std::mt19937_64& rng, const std::string& stream) {
  FrameDecoder decoder(kMaxFrame);
  size_t commands = 0;
  size_t pos = 0;
  while (pos < stream.size()) {
    const size_t n = std::min(1 + Pick(rng, kMaxChunk), stream.size() - pos);
    decoder.Append(std::string_view(stream).substr(pos, n));
    pos += n;
    REQUIRE(decoder.buffered() <= kMaxFrame + kMaxChunk);
    while (true) {
      absl::StatusOr<std::optional<RemotingCommand>> next = decoder.Next();
      if (!next.ok()) {
        INFO(next.status().ToString());
        REQUIRE(IsCleanError(next.status()));
        return commands;
      }
      if (!next->has_value()) break;
      ++commands;
      // Whatever decoded must be re-encodable or refused cleanly, never crash.
      (void)EncodeFrame(**next, kMaxFrame);
    }
  }
  return commands;
}

TEST_CASE("fuzz: mutated and random streams decode or fail cleanly", "[codec][frame][fuzz]") {
  const uint64_t seed = GENERATE(101ULL, 202ULL, 303ULL, 404ULL);
  CAPTURE(seed);
  std::mt19937_64 rng(seed);
  size_t decoded = 0;
  for (int iteration = 0; iteration < 6000; ++iteration) {
    CAPTURE(iteration);
    std::string stream;
    for (size_t i = 0, frames = 1 + Pick(rng, 4); i < frames; ++i) {
      std::string frame = ValidFrame(rng);
      stream += Pick(rng, 3) == 0 ? frame : Mutate(rng, std::move(frame));
    }
    decoded += FeedStream(rng, stream);
    // The one-shot decoder must hold to the same property.
    const absl::StatusOr<RemotingCommand> whole = DecodeFrame(stream, kMaxFrame);
    if (!whole.ok()) REQUIRE(IsCleanError(whole.status()));
  }
  CHECK(decoded > 0);  // the mix must not be all garbage, or the fuzz tests nothing past the length check
}

TEST_CASE("fuzz: a length near the cap never makes the decoder allocate it up front", "[codec][frame][fuzz]") {
  std::mt19937_64 rng(7);
  FrameDecoder decoder(kMaxFrame);
  std::string head(8, '\0');
  internal::PutBE32(head.data(), kMaxFrame - 4);
  internal::PutBE32(head.data() + 4, 10);
  decoder.Append(head);
  // Trickle bytes: the buffer grows with what arrived, not with what was announced.
  for (size_t i = 0; i < 100; ++i) {
    decoder.Append(testing::RandomBytes(rng, 100));
    REQUIRE(decoder.Next().ok());
    REQUIRE(decoder.buffered() <= 8 + 100 * (i + 1));
  }
}

}  // namespace
}  // namespace spool::remoting
