#include "spool/protocol/json_reader.h"

#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "spool/protocol/json_writer.h"

namespace spool::protocol {
namespace {

JsonValue MustParse(std::string_view text) {
  absl::StatusOr<JsonValue> v = ParseJson(text);
  INFO(text);
  REQUIRE(v.ok());
  return *std::move(v);
}

std::string ErrorOf(std::string_view text) {
  absl::StatusOr<JsonValue> v = ParseJson(text);
  REQUIRE_FALSE(v.ok());
  CHECK(v.status().code() == absl::StatusCode::kInvalidArgument);
  return std::string(v.status().message());
}

TEST_CASE("ParseJson reads strict JSON", "[json]") {
  JsonValue v = MustParse(R"( {"a":1,"b":[true,false,null],"c":"x\"y","d":-1.5e3,"e":{}} )");
  REQUIRE(v.is_object());
  REQUIRE(v.members().size() == 5);
  CHECK(v.Find("a")->AsInt64() == 1);
  CHECK(v.Find("b")->elements().size() == 3);
  CHECK(v.Find("b")->elements()[0].bool_value());
  CHECK(v.Find("b")->elements()[2].is_null());
  CHECK(v.Find("c")->text() == "x\"y");
  CHECK(v.Find("d")->text() == "-1.5e3");
  CHECK(v.Find("d")->AsDouble() == -1500.0);
  CHECK_FALSE(v.Find("d")->AsInt64().has_value());
  CHECK(v.Find("e")->is_object());
  CHECK(v.Find("missing") == nullptr);
}

TEST_CASE("ParseJson accepts fastjson's unquoted integer keys", "[json]") {
  JsonValue v = MustParse(R"({"brokerAddrs":{0:"127.0.0.1:10911",1:"127.0.0.1:10921"},"offsetTable":{-1:5}})");
  const JsonValue* addrs = v.Find("brokerAddrs");
  REQUIRE(addrs != nullptr);
  REQUIRE(addrs->members().size() == 2);
  CHECK(addrs->members()[0].key == "0");
  CHECK(addrs->members()[0].key_kind == JsonValue::KeyKind::kBare);
  CHECK(addrs->members()[1].value.text() == "127.0.0.1:10921");
  CHECK(v.Find("offsetTable")->members()[0].key == "-1");
  // Identifiers too (fastjson reads {abc:1}).
  CHECK(MustParse("{abc:1}").Find("abc")->AsInt64() == 1);
}

TEST_CASE("ParseJson accepts fastjson's inline bean keys", "[json]") {
  JsonValue v = MustParse(
      R"({"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T"}:{"maxOffset":10},{"brokerName":"broker-a","queueId":1,"topic":"T"}:{"maxOffset":3}}})");
  const JsonValue* table = v.Find("offsetTable");
  REQUIRE(table->members().size() == 2);
  CHECK(table->members()[0].key_kind == JsonValue::KeyKind::kStructured);
  CHECK(table->members()[0].key == R"({"brokerName":"broker-a","queueId":0,"topic":"T"})");
  CHECK(table->members()[1].value.Find("maxOffset")->AsInt64() == 3);
  // The key round-trips as a document of its own.
  CHECK(MustParse(table->members()[0].key).Find("queueId")->AsInt64() == 0);
}

TEST_CASE("ParseJson leniency: single quotes, trailing commas, escapes, BOM, whitespace", "[json]") {
  CHECK(MustParse("{'a':'it\\'s'}").Find("a")->text() == "it's");
  CHECK(MustParse("[1,2,]").elements().size() == 2);
  CHECK(MustParse("{\"a\":1,}").members().size() == 1);
  CHECK(MustParse("\"\\x41\\u00e9\\/\"").text() == "A\xC3\xA9/");
  CHECK(MustParse("\xEF\xBB\xBF {}").is_object());
  CHECK(MustParse("\"a\tb\"").text() == "a\tb");  // raw control characters, as fastjson tolerates
  // A surrogate pair becomes one 4-byte UTF-8 character; a lone surrogate U+FFFD.
  CHECK(MustParse(R"("\ud83d\ude00")").text() == "\xF0\x9F\x98\x80");
  CHECK(MustParse(R"("\ud83d")").text() == "\xEF\xBF\xBD");
  CHECK(MustParse("  42  ").AsInt64() == 42);
}

TEST_CASE("ParseJson keeps duplicate keys and Find returns the last", "[json]") {
  JsonValue v = MustParse(R"({"a":1,"a":2})");
  CHECK(v.members().size() == 2);
  CHECK(v.Find("a")->AsInt64() == 2);
}

TEST_CASE("ParseJson keeps 64-bit integers exact", "[json]") {
  JsonValue v = MustParse("[9223372036854775807,-9223372036854775808,9223372036854775808]");
  CHECK(v.elements()[0].AsInt64() == INT64_MAX);
  CHECK(v.elements()[1].AsInt64() == INT64_MIN);
  CHECK_FALSE(v.elements()[2].AsInt64().has_value());
  CHECK(v.elements()[2].text() == "9223372036854775808");
}

TEST_CASE("ParseJson rejects malformed input with the byte offset", "[json]") {
  CHECK(ErrorOf("") == "JSON syntax error at byte 0: unexpected end of input, expected a value");
  CHECK(ErrorOf("{\"a\" 1}") == "JSON syntax error at byte 5: expected ':'");
  CHECK(ErrorOf("{\"a\":1 \"b\":2}") == "JSON syntax error at byte 7: expected ',' or '}'");
  CHECK(ErrorOf("[1 2]") == "JSON syntax error at byte 3: expected ',' or ']'");
  CHECK(ErrorOf("\"abc") == "JSON syntax error at byte 0: unterminated string");
  CHECK(ErrorOf("{} x") == "JSON syntax error at byte 3: unexpected data after the JSON value");
  CHECK(ErrorOf("tru") == "JSON syntax error at byte 0: unexpected character, expected a value");
  CHECK(ErrorOf("-") == "JSON syntax error at byte 1: bad number: expected a digit");
  CHECK(ErrorOf("1.") == "JSON syntax error at byte 2: bad number: expected a digit after '.'");
  CHECK(ErrorOf("\"\\q\"") == "JSON syntax error at byte 2: bad escape sequence");
  CHECK(ErrorOf("\"\\u12\"") == "JSON syntax error at byte 3: bad \\u escape");
  CHECK(ErrorOf("{,}") == "JSON syntax error at byte 1: expected a key");
  CHECK(ErrorOf("[") == "JSON syntax error at byte 1: unexpected end of input in an array");
  CHECK(ErrorOf("{\"a\":") == "JSON syntax error at byte 5: unexpected end of input, expected a value");
}

TEST_CASE("ParseJson bounds nesting instead of overflowing the stack", "[json]") {
  const std::string deep(1'000'000, '[');
  CHECK(ErrorOf(deep).find("nesting deeper than 128 levels") != std::string::npos);
  std::string ok = std::string(128, '[') + std::string(128, ']');
  CHECK(MustParse(ok).is_array());
  std::string too_deep = std::string(129, '[') + std::string(129, ']');
  CHECK(ErrorOf(too_deep) == "JSON syntax error at byte 128: nesting deeper than 128 levels");
  // Nested keys count too.
  std::string keys;
  for (int i = 0; i < 200; ++i) keys += "{{";
  CHECK_FALSE(ParseJson(keys).ok());
}

TEST_CASE("ParseJson survives arbitrary bytes", "[json]") {
  const uint32_t seed = GENERATE(take(3, random(1u, 1000000u)));
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  const std::string alphabet = "{}[]:,\"'\\0123456789-.eEtrufalsn x\x01\xC3\xA9";
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int len = static_cast<int>(rng() % 40);
    for (int i = 0; i < len; ++i) text.push_back(alphabet[rng() % alphabet.size()]);
    absl::StatusOr<JsonValue> v = ParseJson(text);
    if (v.ok()) {
      // Whatever parsed must print, parse back, and print the same again.
      const std::string printed = ToJson(*v);
      absl::StatusOr<JsonValue> again = ParseJson(printed);
      INFO(text << " -> " << printed);
      REQUIRE(again.ok());
      CHECK(ToJson(*again) == printed);
    }
  }
}

}  // namespace
}  // namespace spool::protocol
