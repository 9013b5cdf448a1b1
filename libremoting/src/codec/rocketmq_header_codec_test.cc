#include "codec/rocketmq_header_codec.h"

#include <catch2/catch.hpp>
#include <string>

#include "absl/strings/escaping.h"
#include "spool/remoting/request_code.h"
#include "util/big_endian.h"

namespace spool::remoting::internal {
namespace {

std::string Hex(std::string_view hex) { return absl::HexStringToBytes(absl::string_view(hex.data(), hex.size())); }

TEST_CASE("ROCKETMQ header: byte-identical to Java for GET_ROUTEINFO_BY_TOPIC", "[codec][rocketmq]") {
  // Spec remoting.md §1: 41 bytes.
  const std::string java = Hex(
      "0069" "00" "0197" "00000000" "00000000" "00000000" "00000014" "0005" "746f706963" "00000009"
      "546f70696354657374");
  REQUIRE(java.size() == 41);
  RemotingCommand cmd = RemotingCommand::CreateRequest(request_code::kGetRouteinfoByTopic);
  cmd.SetExtField("topic", "TopicTest");
  std::string out;
  REQUIRE(AppendRocketMqHeader(cmd, &out).ok());
  CHECK(out == java);

  RemotingCommand back;
  REQUIRE(DecodeRocketMqHeader(java, &back).ok());
  CHECK(back.code() == 105);
  CHECK(back.language() == LanguageCode::kJava);
  CHECK(back.version() == 407);
  CHECK(back.ext_fields() == cmd.ext_fields());
  CHECK_FALSE(back.remark().has_value());
}

TEST_CASE("ROCKETMQ header: every field round trips", "[codec][rocketmq]") {
  RemotingCommand cmd = RemotingCommand::CreateRequest(-2);  // int16 range, sign kept
  cmd.set_language(LanguageCode::kGo);
  cmd.set_version(-1);
  cmd.set_opaque(-123456);
  cmd.set_flag(3);
  cmd.set_remark(std::string("r\xc3\xa9mark"));
  cmd.SetExtField("k1", std::string(70000, 'v'));
  cmd.SetExtField(std::string(32767, 'k'), "v2");
  std::string out = "prefix";
  REQUIRE(AppendRocketMqHeader(cmd, &out).ok());
  RemotingCommand back;
  REQUIRE(DecodeRocketMqHeader(std::string_view(out).substr(6), &back).ok());
  CHECK(back == cmd);
}

TEST_CASE("ROCKETMQ header: a language byte Java does not know is kept", "[codec][rocketmq]") {
  std::string header = Hex("000a" "63" "0197" "00000001" "00000000" "00000000" "00000000");
  RemotingCommand back;
  REQUIRE(DecodeRocketMqHeader(header, &back).ok());
  CHECK(static_cast<int>(back.language()) == 0x63);
  CHECK(back.ext_fields().empty());
}

TEST_CASE("ROCKETMQ header: zero-length strings are Java nulls", "[codec][rocketmq]") {
  RemotingCommand cmd;
  cmd.set_remark(std::string());
  cmd.SetExtField("empty", "");
  cmd.SetExtField("k", "v");
  std::string out;
  REQUIRE(AppendRocketMqHeader(cmd, &out).ok());
  RemotingCommand back;
  REQUIRE(DecodeRocketMqHeader(out, &back).ok());
  CHECK_FALSE(back.remark().has_value());
  CHECK(back.ext_fields() == RemotingCommand::ExtFields{{"k", "v"}});
}

TEST_CASE("ROCKETMQ header: what Java would truncate is refused", "[codec][rocketmq]") {
  RemotingCommand cmd;
  std::string out = "x";
  cmd.set_code(40000);
  CHECK(AppendRocketMqHeader(cmd, &out).code() == absl::StatusCode::kInvalidArgument);
  cmd.set_code(10);
  cmd.set_version(70000);
  CHECK(AppendRocketMqHeader(cmd, &out).code() == absl::StatusCode::kInvalidArgument);
  cmd.set_version(407);
  cmd.SetExtField(std::string(32768, 'k'), "v");
  CHECK(AppendRocketMqHeader(cmd, &out).code() == absl::StatusCode::kInvalidArgument);
  CHECK(out == "x");
}

TEST_CASE("ROCKETMQ header: hostile lengths are errors, never reads past the end", "[codec][rocketmq]") {
  const std::string fixed = Hex("0069" "00" "0197" "00000000" "00000000");
  const std::string bad = GENERATE_COPY(
      std::string(),                                        // empty
      fixed.substr(0, 12),                                  // truncated fixed part
      fixed,                                                // no remark length
      fixed + Hex("00000005") + "abc",                      // remark longer than the header
      fixed + Hex("ffffffff"),                              // negative remark length
      fixed + Hex("00000000"),                              // no extFields length
      fixed + Hex("00000000" "7fffffff"),                   // extFields longer than the header
      fixed + Hex("00000000" "80000000"),                   // negative extFields length
      fixed + Hex("00000000" "00000001" "00"),              // key length cut
      fixed + Hex("00000000" "00000004" "0005" "6b6b"),     // key longer than the map
      fixed + Hex("00000000" "00000004" "ffff" "6b6b"),     // negative key length
      fixed + Hex("00000000" "00000007" "0001" "6b" "0000ff"),        // value length cut
      fixed + Hex("00000000" "0000000b" "0001" "6b" "7fffffff" "7676"),  // value longer than the map
      fixed + Hex("00000000" "0000000b" "0001" "6b" "ffffffff" "7676"));  // negative value length
  CAPTURE(absl::BytesToHexString(bad));
  RemotingCommand cmd;
  CHECK(DecodeRocketMqHeader(bad, &cmd).code() == absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace spool::remoting::internal
