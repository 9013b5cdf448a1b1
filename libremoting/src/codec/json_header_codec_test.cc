#include "codec/json_header_codec.h"

#include <catch2/catch.hpp>
#include <string>

#include "absl/strings/str_cat.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"

namespace spool::remoting::internal {
namespace {

RemotingCommand Decode(std::string_view json) {
  RemotingCommand cmd;
  const absl::Status status = DecodeJsonHeader(json, &cmd);
  INFO(status.ToString());
  REQUIRE(status.ok());
  return cmd;
}

absl::Status DecodeError(std::string_view json) {
  RemotingCommand cmd;
  return DecodeJsonHeader(json, &cmd);
}

TEST_CASE("JSON header: byte-identical to Java 4.9.7 for GET_ROUTEINFO_BY_TOPIC", "[codec][json]") {
  // Spec remoting.md §1: the 131-byte header of a Java 4.9.7 client.
  constexpr std::string_view kJava =
      R"({"code":105,"extFields":{"topic":"TopicTest"},"flag":0,"language":"JAVA","opaque":0,)"
      R"("serializeTypeCurrentRPC":"JSON","version":407})";
  static_assert(kJava.size() == 131);
  RemotingCommand cmd = RemotingCommand::CreateRequest(request_code::kGetRouteinfoByTopic);
  cmd.SetExtField("topic", "TopicTest");
  std::string out;
  AppendJsonHeader(cmd, &out);
  CHECK(out == kJava);

  const RemotingCommand back = Decode(kJava);
  CHECK(back.code() == 105);
  CHECK(back.language() == LanguageCode::kJava);
  CHECK(back.version() == 407);
  CHECK(back.opaque() == 0);
  CHECK(back.flag() == 0);
  CHECK_FALSE(back.remark().has_value());
  CHECK(back.ext_fields() == RemotingCommand::ExtFields{{"topic", "TopicTest"}});
}

TEST_CASE("JSON header: a Java response as seen on the wire", "[codec][json]") {
  constexpr std::string_view kJava =
      R"({"code":0,"flag":1,"language":"JAVA","opaque":0,"serializeTypeCurrentRPC":"JSON","version":403})";
  RemotingCommand cmd = RemotingCommand::CreateResponse(response_code::kSuccess);
  cmd.set_version(403);
  std::string out;
  AppendJsonHeader(cmd, &out);
  CHECK(out == kJava);
  const RemotingCommand back = Decode(kJava);
  CHECK(back.is_response());
  CHECK(back.version() == 403);
}

TEST_CASE("JSON header: remark written after opaque, absent when null", "[codec][json]") {
  RemotingCommand cmd = RemotingCommand::CreateResponse(response_code::kRequestCodeNotSupported,
                                                        std::string(" request type 999 not supported"));
  cmd.set_opaque(-5);
  std::string out;
  AppendJsonHeader(cmd, &out);
  CHECK(out == R"({"code":3,"flag":1,"language":"JAVA","opaque":-5,"remark":" request type 999 not supported",)"
               R"("serializeTypeCurrentRPC":"JSON","version":407})");
  cmd.set_remark(std::string());
  out.clear();
  AppendJsonHeader(cmd, &out);
  CHECK(out.find(R"("remark":"")") != std::string::npos);  // empty, not null: kept
}

TEST_CASE("JSON header: strings escaped as fastjson escapes them", "[codec][json]") {
  std::string out;
  AppendJsonString(std::string("a\"b\\c\n\t\x01\x7f/\xc2\x85\xc3\xa9\0", 15), &out);
  CHECK(out == R"("a\"b\\c\n\t\u0001\u007F/\u0085é\u0000")");
}

TEST_CASE("JSON header: what a Java 4.9.7 producer sends for SEND_MESSAGE_V2 decodes", "[codec][json]") {
  // Field order as Java's HashMap iterates the keys (a..n, then bname), values all strings.
  constexpr std::string_view kJava =
      R"({"code":310,"extFields":{"a":"please_rename_unique_group_name","b":"TopicTest","c":"TBW102","d":"4",)"
      R"("e":"2","f":"0","g":"1700000000123","h":"0","i":"KEYS\u0001order-1\u0002UNIQ_KEY\u0001)"
      R"(7F0000010F2E18B4AAC2\u0002WAIT\u0001true\u0002TAGS\u0001TagA","j":"0","k":"false","l":"16","m":"false",)"
      R"("n":"broker-a","bname":"broker-a"},"flag":0,"language":"JAVA","opaque":12,)"
      R"("serializeTypeCurrentRPC":"JSON","version":407})";
  const RemotingCommand cmd = Decode(kJava);
  CHECK(cmd.code() == request_code::kSendMessageV2);
  CHECK(cmd.opaque() == 12);
  CHECK(*cmd.GetString("a") == "please_rename_unique_group_name");
  CHECK(*cmd.GetInt32("e") == 2);
  CHECK(*cmd.GetInt64("g") == 1700000000123);
  CHECK(*cmd.GetBool("k") == false);
  CHECK(*cmd.GetString("i") ==
        "KEYS\x01order-1\x02UNIQ_KEY\x01"
        "7F0000010F2E18B4AAC2\x02WAIT\x01true\x02TAGS\x01TagA");
  CHECK(*cmd.GetString("bname") == "broker-a");
  CHECK(cmd.ext_fields().size() == 15);
}

TEST_CASE("JSON header: lenient like fastjson for cpp and ali-ons requests", "[codec][json]") {
  // rocketmq-client-cpp 2.2.0: numbers for some ints, "0"/"1" booleans, empty remark, ACL keys always present.
  const RemotingCommand cpp =
      Decode(R"({"code":310,"language":"CPP","version":333,"opaque":1073741825,"flag":0,"remark":"",)"
             R"("extFields":{"a":"g","b":"t","c":"TBW102","d":4,"e":-1,"f":0,"g":"1700000000000","h":0,"m":"1",)"
             R"("Signature":"","AccessKey":"","OnsChannel":""}})");
  CHECK(cpp.language() == LanguageCode::kCpp);
  CHECK(cpp.version() == 333);
  CHECK(cpp.opaque() == 1073741825);
  CHECK(cpp.remark() == "");
  CHECK(*cpp.GetInt32("d") == 4);
  CHECK(*cpp.GetInt32("e") == -1);
  CHECK(*cpp.GetBool("m") == true);
  CHECK(*cpp.GetString("Signature") == "");

  // ali-ons: raw JS values, version 121, unknown keys anywhere.
  const RemotingCommand ons =
      Decode(R"({"code":15,"language":"JAVA","opaque":3,"flag":0,"version":121,"remark":null,"futureKey":[1,2],)"
             R"("extFields":{"queueId":0,"unitMode":false,"commitOffset":123456789012,"weird":1.50,"none":null,)"
             R"("nested":{"k":"v"}}})");
  CHECK(ons.version() == 121);
  CHECK_FALSE(ons.remark().has_value());
  CHECK(ons.ext_fields().at("queueId") == "0");
  CHECK(ons.ext_fields().at("unitMode") == "false");
  CHECK(*ons.GetInt64("commitOffset") == 123456789012);
  CHECK(ons.ext_fields().at("weird") == "1.50");
  CHECK_FALSE(ons.HasExtField("none"));
  CHECK(ons.ext_fields().at("nested") == R"({"k":"v"})");
}

TEST_CASE("JSON header: quoted ints, enum ordinals and missing fields", "[codec][json]") {
  const RemotingCommand cmd = Decode(R"({"code":"105","language":9,"flag":"2", "opaque" : 7 , })");
  CHECK(cmd.code() == 105);
  CHECK(cmd.language() == LanguageCode::kGo);
  CHECK(cmd.is_oneway());
  CHECK(cmd.opaque() == 7);
  CHECK(cmd.version() == 0);  // Java's bean default

  CHECK(Decode(R"({"language":"KLINGON"})").language() == LanguageCode::kOther);
  CHECK(Decode(R"({"code":null})").code() == 0);
  CHECK(Decode("{}").language() == LanguageCode::kJava);
}

TEST_CASE("JSON header: decoding replaces every header field", "[codec][json]") {
  RemotingCommand cmd = RemotingCommand::CreateRequest(50);
  cmd.set_remark(std::string("old"));
  cmd.SetExtField("old", "x");
  cmd.set_body("body");
  REQUIRE(DecodeJsonHeader(R"({"code":1})", &cmd).ok());
  CHECK(cmd.code() == 1);
  CHECK_FALSE(cmd.remark().has_value());
  CHECK(cmd.ext_fields().empty());
  CHECK(cmd.body() == "body");
}

TEST_CASE("JSON header: malformed input is kInvalidArgument", "[codec][json]") {
  const std::string bad =
      GENERATE(std::string(""), std::string("{"), std::string("[]"), std::string("null"), std::string("\"x\""),
               std::string(R"({"code":1} x)"), std::string(R"({"code":1.5})"), std::string(R"({"code":"abc"})"),
               std::string(R"({"code":true})"), std::string(R"({"opaque":2147483648})"),
               std::string(R"({"extFields":"x"})"), std::string(R"({"extFields":[]})"), std::string(R"({code:1})"),
               std::string("{\"code\":1,\"remark\":\"a\0b\"}", 25));
  CAPTURE(bad);
  const absl::Status status = DecodeError(bad);
  CHECK(status.code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("JSON header: deep nesting does not exhaust the stack", "[codec][json]") {
  auto nested = [](std::string_view key, size_t depth) {
    std::string json = absl::StrCat(R"({")", std::string(key), R"(":)");
    json.append(depth, '[');
    json.append(depth, ']');
    json.append("}");
    return json;
  };
  // Ignored keys may nest arbitrarily (the parser is iterative).
  CHECK(Decode(nested("ignored", 200000)).code() == 0);
  // Where a string is expected, nesting is turned into text up to a bounded depth.
  CHECK(Decode(R"({"extFields":{"k":[[1],{"a":[]}]}})").ext_fields().at("k") == R"([["1"],{"a":[]}])");
  CHECK(DecodeError(nested("remark", 200000)).code() == absl::StatusCode::kInvalidArgument);
  CHECK(DecodeError(absl::StrCat(R"({"extFields":)", nested("k", 100000), "}")).code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(DecodeError(std::string(300000, '[')).code() == absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace spool::remoting::internal
