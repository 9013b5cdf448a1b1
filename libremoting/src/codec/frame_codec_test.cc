#include "spool/remoting/frame_codec.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "spool/remoting/request_code.h"
#include "testing/random_command.h"
#include "util/big_endian.h"

namespace spool::remoting {
namespace {

std::string Hex(std::string_view hex) { return absl::HexStringToBytes(absl::string_view(hex.data(), hex.size())); }

std::string BE32(uint32_t v) {
  std::string out;
  internal::AppendBE32(&out, v);
  return out;
}

// A frame around arbitrary header bytes, as a peer may send it.
std::string RawFrame(uint8_t type, std::string_view header, std::string_view body) {
  return BE32(static_cast<uint32_t>(4 + header.size() + body.size())) +
         BE32((uint32_t{type} << 24) | static_cast<uint32_t>(header.size())) + std::string(header) +
         std::string(body);
}

// Feeds `stream` to a decoder in the given chunk sizes (cycled) and collects every command.
std::vector<RemotingCommand> DecodeInChunks(std::string_view stream, const std::vector<size_t>& chunks) {
  FrameDecoder decoder;
  std::vector<RemotingCommand> out;
  size_t pos = 0;
  for (size_t i = 0; pos < stream.size(); ++i) {
    const size_t n = std::min(chunks[i % chunks.size()], stream.size() - pos);
    decoder.Append(stream.substr(pos, n));
    pos += n;
    while (true) {
      absl::StatusOr<std::optional<RemotingCommand>> next = decoder.Next();
      REQUIRE(next.ok());
      if (!next->has_value()) break;
      out.push_back(std::move(**next));
    }
  }
  CHECK(decoder.buffered() == 0);
  return out;
}

RemotingCommand RouteRequest(SerializeType type) {
  RemotingCommand cmd = RemotingCommand::CreateRequest(request_code::kGetRouteinfoByTopic);
  cmd.SetExtField("topic", "TopicTest");
  cmd.set_serialize_type(type);
  return cmd;
}

TEST_CASE("frame: the spec's golden GET_ROUTEINFO_BY_TOPIC frames", "[codec][frame]") {
  const std::string json_header =
      R"({"code":105,"extFields":{"topic":"TopicTest"},"flag":0,"language":"JAVA","opaque":0,)"
      R"("serializeTypeCurrentRPC":"JSON","version":407})";
  const std::string json_frame = Hex("00000087" "00000083") + json_header;
  const std::string binary_frame = Hex(
      "0000002d" "01000029"
      "0069" "00" "0197" "00000000" "00000000" "00000000" "00000014" "0005" "746f706963" "00000009"
      "546f70696354657374");

  const auto [type, golden] = GENERATE_COPY(table<SerializeType, std::string>({
      {SerializeType::kJson, json_frame},
      {SerializeType::kRocketMq, binary_frame},
  }));
  const RemotingCommand cmd = RouteRequest(type);
  CHECK(*EncodeFrame(cmd) == golden);
  const absl::StatusOr<RemotingCommand> decoded = DecodeFrame(golden);
  REQUIRE(decoded.ok());
  CHECK(*decoded == cmd);
}

TEST_CASE("frame: a Java SEND_MESSAGE_V2 request with a body", "[codec][frame]") {
  const std::string header =
      R"({"code":310,"extFields":{"a":"pg","b":"TopicTest","c":"TBW102","d":"4","e":"0","f":"0",)"
      R"("g":"1700000000123","h":"0","i":"WAIT\u0001true\u0002TAGS\u0001TagA","j":"0","k":"false",)"
      R"("m":"false","n":"broker-a","bname":"broker-a"},"flag":0,"language":"JAVA","opaque":7,)"
      R"("serializeTypeCurrentRPC":"JSON","version":407})";
  const std::string body = "Hello RocketMQ";
  const std::string frame = RawFrame(0, header, body);
  const absl::StatusOr<RemotingCommand> cmd = DecodeFrame(frame);
  REQUIRE(cmd.ok());
  CHECK(cmd->code() == 310);
  CHECK(cmd->opaque() == 7);
  CHECK(cmd->body() == body);
  CHECK(cmd->serialize_type() == SerializeType::kJson);
  CHECK(*cmd->GetString("b") == "TopicTest");
  CHECK(*cmd->GetString("i") == "WAIT\x01true\x02TAGS\x01TagA");
  CHECK(*cmd->GetBool("m") == false);
  // Re-encoded by us: same fields (ours are key-sorted, Java's in HashMap order).
  const absl::StatusOr<RemotingCommand> again = DecodeFrame(*EncodeFrame(*cmd));
  REQUIRE(again.ok());
  CHECK(*again == *cmd);
}

TEST_CASE("frame: random commands round trip in both serializations", "[codec][frame]") {
  const uint64_t seed = GENERATE(1ULL, 2ULL, 0xc0ffeeULL);
  const SerializeType type = GENERATE(SerializeType::kJson, SerializeType::kRocketMq);
  CAPTURE(seed, static_cast<int>(type));
  std::mt19937_64 rng(seed);
  std::string stream;
  std::vector<RemotingCommand> sent;
  for (int i = 0; i < 200; ++i) {
    RemotingCommand cmd = testing::RandomCommand(rng, type);
    absl::StatusOr<std::string> frame = EncodeFrame(cmd);
    REQUIRE(frame.ok());
    const absl::StatusOr<RemotingCommand> back = DecodeFrame(*frame);
    REQUIRE(back.ok());
    REQUIRE(*back == cmd);
    stream += *frame;
    sent.push_back(std::move(cmd));
  }

  SECTION("whole stream at once") { CHECK(DecodeInChunks(stream, {stream.size()}) == sent); }
  SECTION("byte by byte") { CHECK(DecodeInChunks(stream, {1}) == sent); }
  SECTION("random chunks") {
    std::vector<size_t> chunks;
    for (int i = 0; i < 97; ++i) chunks.push_back(std::uniform_int_distribution<size_t>(1, 700)(rng));
    CHECK(DecodeInChunks(stream, chunks) == sent);
  }
}

TEST_CASE("frame: the prefix plus the body is the frame", "[codec][frame]") {
  RemotingCommand cmd = RouteRequest(SerializeType::kJson);
  cmd.set_body(std::string(1000, 'b'));
  CHECK(*EncodeFramePrefix(cmd) + cmd.body() == *EncodeFrame(cmd));
}

TEST_CASE("frame: size limits on encode", "[codec][frame]") {
  RemotingCommand cmd = RouteRequest(SerializeType::kJson);
  const size_t header_frame = EncodeFrame(cmd)->size();
  cmd.set_body(std::string(100, 'x'));
  CHECK(EncodeFrame(cmd, header_frame + 100).ok());
  CHECK(EncodeFrame(cmd, header_frame + 99).status().code() == absl::StatusCode::kResourceExhausted);

  RemotingCommand huge_header;
  huge_header.set_remark(std::string(kMaxHeaderSize, 'r'));
  CHECK(EncodeFrame(huge_header, 64 << 20).status().code() == absl::StatusCode::kInvalidArgument);

  RemotingCommand binary = RouteRequest(SerializeType::kRocketMq);
  binary.set_code(100000);
  CHECK(EncodeFrame(binary).status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("frame decoder: bad frames are clean, sticky errors", "[codec][frame]") {
  const std::string good = *EncodeFrame(RouteRequest(SerializeType::kJson));
  const std::string json = R"({"code":1})";
  const auto [name, bytes, code] = GENERATE_COPY(table<std::string, std::string, absl::StatusCode>({
      {"length 0", BE32(0), absl::StatusCode::kInvalidArgument},
      {"length 3", BE32(3) + "abc", absl::StatusCode::kInvalidArgument},
      {"negative length", BE32(0x80000000u), absl::StatusCode::kInvalidArgument},
      {"length over the cap", BE32(16 * 1024 * 1024 - 3), absl::StatusCode::kResourceExhausted},
      {"header length beyond the frame", BE32(8) + BE32(5) + "abcd", absl::StatusCode::kInvalidArgument},
      {"unknown serialize type", RawFrame(2, json, ""), absl::StatusCode::kInvalidArgument},
      {"type byte 0xff", RawFrame(0xff, json, ""), absl::StatusCode::kInvalidArgument},
      {"garbage JSON", RawFrame(0, "{\"code\":", ""), absl::StatusCode::kInvalidArgument},
      {"empty JSON header", RawFrame(0, "", "body"), absl::StatusCode::kInvalidArgument},
      {"short binary header", RawFrame(1, "\x00\x01", ""), absl::StatusCode::kInvalidArgument},
  }));
  CAPTURE(name);
  FrameDecoder decoder;
  decoder.Append(good + bytes + good);
  absl::StatusOr<std::optional<RemotingCommand>> first = decoder.Next();
  REQUIRE(first.ok());
  REQUIRE(first->has_value());
  const absl::StatusOr<std::optional<RemotingCommand>> bad = decoder.Next();
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == code);
  // Sticky: the stream is out of sync for good.
  decoder.Append(good);
  CHECK(decoder.Next().status() == bad.status());
}

TEST_CASE("frame decoder: an oversized length fails before its bytes arrive", "[codec][frame]") {
  FrameDecoder decoder(1024);
  decoder.Append(BE32(1021));  // 1025-byte frame
  CHECK(decoder.Next().status().code() == absl::StatusCode::kResourceExhausted);

  FrameDecoder exact(1024);
  exact.Append(BE32(1020) + BE32(10) + R"({"code":1})" + std::string(1006, 'b'));
  const absl::StatusOr<std::optional<RemotingCommand>> next = exact.Next();
  REQUIRE(next.ok());
  REQUIRE(next->has_value());
  CHECK((*next)->body().size() == 1006);
}

TEST_CASE("frame decoder: waits for the rest of a frame without holding more than one", "[codec][frame]") {
  const std::string frame = *EncodeFrame(RouteRequest(SerializeType::kRocketMq));
  FrameDecoder decoder;
  for (size_t i = 0; i + 1 < frame.size(); ++i) {
    decoder.Append(frame.substr(i, 1));
    const absl::StatusOr<std::optional<RemotingCommand>> next = decoder.Next();
    REQUIRE(next.ok());
    REQUIRE_FALSE(next->has_value());
    CHECK(decoder.buffered() == i + 1);
  }
  decoder.Append(frame.substr(frame.size() - 1));
  const absl::StatusOr<std::optional<RemotingCommand>> next = decoder.Next();
  REQUIRE(next.ok());
  REQUIRE(next->has_value());
  CHECK(decoder.buffered() == 0);
  CHECK(!decoder.Next()->has_value());
}

TEST_CASE("DecodeFrame wants exactly one frame", "[codec][frame]") {
  const std::string frame = *EncodeFrame(RouteRequest(SerializeType::kJson));
  CHECK(DecodeFrame(frame + "x").status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(DecodeFrame(frame.substr(0, frame.size() - 1)).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(DecodeFrame("ab").status().code() == absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace spool::remoting
