#include "spool/protocol/json_writer.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "spool/protocol/json_reader.h"

namespace spool::protocol {
namespace {

std::string Quoted(std::string_view s, JsonStyle style) {
  std::string out;
  AppendJsonString(s, style, &out);
  return out;
}

TEST_CASE("JsonWriter writes compact JSON, integer keys bare for fastjson and quoted for standard", "[json]") {
  for (JsonStyle style : {JsonStyle::kFastjson, JsonStyle::kStandard}) {
    JsonWriter w(style);
    w.BeginObject();
    w.Key("brokerAddrs");
    w.BeginObject();
    w.IntKey(0);
    w.String("127.0.0.1:10911");
    w.IntKey(1);
    w.String("127.0.0.1:10921");
    w.EndObject();
    w.Key("list");
    w.BeginArray();
    w.Int(1);
    w.Bool(false);
    w.Null();
    w.BeginArray();
    w.EndArray();
    w.EndArray();
    w.Key("empty");
    w.BeginObject();
    w.EndObject();
    w.EndObject();
    if (style == JsonStyle::kFastjson) {
      CHECK(w.text() ==
            R"({"brokerAddrs":{0:"127.0.0.1:10911",1:"127.0.0.1:10921"},"list":[1,false,null,[]],"empty":{}})");
    } else {
      CHECK(w.text() ==
            R"({"brokerAddrs":{"0":"127.0.0.1:10911","1":"127.0.0.1:10921"},"list":[1,false,null,[]],"empty":{}})");
    }
  }
}

TEST_CASE("fastjson string escaping: controls, DEL, C1 and line separators escaped, other UTF-8 raw", "[json]") {
  CHECK(Quoted("a\"b\\c/d", JsonStyle::kFastjson) == R"("a\"b\\c/d")");
  CHECK(Quoted("\b\t\n\f\r", JsonStyle::kFastjson) == R"("\b\t\n\f\r")");
  CHECK(Quoted(std::string("\x01\x1F\x7F", 3), JsonStyle::kFastjson) == R"("\u0001\u001F\u007F")");
  CHECK(Quoted("\xC2\x85", JsonStyle::kFastjson) == R"("\u0085")");
  CHECK(Quoted("\xE2\x80\xA8", JsonStyle::kFastjson) == R"("\u2028")");
  CHECK(Quoted("caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80", JsonStyle::kFastjson) ==
        "\"caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80\"");
}

TEST_CASE("standard (BrowserCompatible) escaping: slash and every non-ASCII character as UTF-16 escapes", "[json]") {
  CHECK(Quoted("a\"b\\c/d", JsonStyle::kStandard) == R"("a\"b\\c\/d")");
  CHECK(Quoted("caf\xC3\xA9 \xE4\xB8\xAD", JsonStyle::kStandard) == R"("caf\u00E9 \u4E2D")");
  CHECK(Quoted("\xF0\x9F\x98\x80", JsonStyle::kStandard) == R"("\uD83D\uDE00")");
  CHECK(Quoted("\x7F\x01", JsonStyle::kStandard) == R"("\u007F\u0001")");
  // Invalid UTF-8 cannot come from Java; it is written as U+FFFD rather than passed through.
  CHECK(Quoted("\xFF", JsonStyle::kStandard) == R"("\uFFFD")");
}

TEST_CASE("standard style quotes integers JavaScript cannot hold", "[json]") {
  JsonWriter w(JsonStyle::kStandard);
  w.BeginArray();
  w.Int(9007199254740991);
  w.Int(9007199254740992);
  w.Int(-9007199254740992);
  w.EndArray();
  CHECK(w.text() == R"([9007199254740991,"9007199254740992","-9007199254740992"])");
  JsonWriter f(JsonStyle::kFastjson);
  f.Int(9007199254740992);
  CHECK(f.text() == "9007199254740992");
}

TEST_CASE("doubles are written as Java's Double.toString", "[json]") {
  auto d = [](double v) {
    JsonWriter w;
    w.Double(v);
    return w.Take();
  };
  CHECK(d(0.0) == "0.0");
  CHECK(d(1.0) == "1.0");
  CHECK(d(1.5) == "1.5");
  CHECK(d(-12.25) == "-12.25");
  CHECK(d(1e7) == "1.0E7");
  CHECK(d(1.25e10) == "1.25E10");
  CHECK(d(1e-4) == "1.0E-4");
  CHECK(d(0.001) == "0.001");
  CHECK(d(std::nan("")) == "null");
  CHECK(d(std::numeric_limits<double>::infinity()) == "null");
}

TEST_CASE("bean keys are written inline (fastjson) or as a string (standard)", "[json]") {
  const std::string key = R"({"brokerName":"a","queueId":0,"topic":"T"})";
  JsonWriter f;
  f.BeginObject();
  f.StructuredKey(key);
  f.Int(5);
  f.EndObject();
  CHECK(f.text() == R"({{"brokerName":"a","queueId":0,"topic":"T"}:5})");
  JsonWriter s(JsonStyle::kStandard);
  s.BeginObject();
  s.StructuredKey(key);
  s.Int(5);
  s.EndObject();
  CHECK(s.text() == R"({"{\"brokerName\":\"a\",\"queueId\":0,\"topic\":\"T\"}":5})");
}

TEST_CASE("a parsed fastjson body is written back byte for byte", "[json]") {
  const std::string body =
      R"({"brokerDatas":[{"brokerAddrs":{0:"192.168.0.10:10911",1:"192.168.0.11:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]})";
  absl::StatusOr<JsonValue> v = ParseJson(body);
  REQUIRE(v.ok());
  CHECK(ToJson(*v) == body);
}

}  // namespace
}  // namespace spool::protocol
