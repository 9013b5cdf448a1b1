#include "config/fastjson.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace spool::store::internal {
namespace {

std::string ReadTestdata(const std::string& name) {
  const std::string path = std::string(SPOOL_TESTDATA_DIR) + "/rocketmq-4.9.7/clean-shutdown/config/" + name;
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::string Strict(std::string_view text) {
  absl::StatusOr<std::string> json = FastjsonToJson(text);
  INFO(json.status().ToString());
  REQUIRE(json.ok());
  return *json;
}

TEST_CASE("FastjsonToJson quotes bare keys only", "[fastjson]") {
  CHECK(Strict("{0:11,1:10}") == R"({"0":11,"1":10})");
  CHECK(Strict("{-1:5}") == R"({"-1":5})");
  CHECK(Strict("{abc:1,\"q\":2}") == R"({"abc":1,"q":2})");
  CHECK(Strict("{\"a\":{3:1\n\t}\n}") == "{\"a\":{\"3\":1\n\t}\n}");
  // Values, arrays and strings are left alone, even when they look like keys.
  CHECK(Strict(R"({"a":[1,2,{x:true}],"b":"{0:1,'x'}"})") == R"({"a":[1,2,{"x":true}],"b":"{0:1,'x'}"})");
  CHECK(Strict(R"({"a\"b":1})") == R"({"a\"b":1})");
  CHECK(Strict("[]") == "[]");
}

TEST_CASE("FastjsonToJson converts single-quoted strings", "[fastjson]") {
  CHECK(Strict(R"({'a':'it\'s "x"'})") == R"({"a":"it's \"x\""})");
  CHECK(Strict(R"(['\n'])") == R"(["\n"])");
  CHECK_FALSE(FastjsonToJson("{'a:1}").ok());
  CHECK_FALSE(FastjsonToJson("{\"a:1}").ok());
}

TEST_CASE("ParseFastjson reads RocketMQ's files", "[fastjson]") {
  for (const char* name : {"consumerOffset.json", "delayOffset.json", "topics.json", "topics.json.bak",
                           "subscriptionGroup.json", "consumerFilter.json"}) {
    INFO(name);
    rapidjson::Document doc;
    absl::Status s = ParseFastjson(ReadTestdata(name), &doc);
    INFO(s.ToString());
    REQUIRE(s.ok());
    CHECK(doc.IsObject());
  }
  rapidjson::Document doc;
  REQUIRE(ParseFastjson(ReadTestdata("consumerOffset.json"), &doc).ok());
  const rapidjson::Value& a = doc["offsetTable"]["GenTopicA@gen_store_cg"];
  CHECK(a["0"].GetInt64() == 11);
  CHECK(a["3"].GetInt64() == 10);
}

TEST_CASE("ParseFastjson: trailing commas, comments; errors give the input offset", "[fastjson]") {
  rapidjson::Document doc;
  REQUIRE(ParseFastjson("{0:1,1:2,} /* c */", &doc).ok());
  CHECK(doc["1"].GetInt() == 2);
  REQUIRE(ParseFastjson("[1,2,]", &doc).ok());
  CHECK(doc.Size() == 2);

  // Offsets refer to the text given, not the rewritten one: the unquoted keys before the error add quotes.
  absl::Status s = ParseFastjson("{0:1,1:2,2:}", &doc);
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == absl::StatusCode::kInvalidArgument);
  CHECK_THAT(std::string(s.message()), Catch::Contains("byte 11"));
  s = ParseFastjson("{\"a\":1} x", &doc);
  REQUIRE_FALSE(s.ok());
  CHECK_THAT(std::string(s.message()), Catch::Contains("byte 8"));
  CHECK_FALSE(ParseFastjson("", &doc).ok());
  CHECK_FALSE(ParseFastjson("{", &doc).ok());
  CHECK_FALSE(ParseFastjson("{0:1", &doc).ok());
}

TEST_CASE("FastjsonWriter: integer-keyed map quirk, empty objects", "[fastjson]") {
  FastjsonWriter w;
  w.BeginObject();
  w.Key("offsetTable");
  w.BeginObject();
  w.IntKey(3);
  w.Int(1);
  w.EndObject();
  w.EndObject();
  CHECK(w.text() == ReadTestdata("delayOffset.json"));
  CHECK(w.text().size() == 26);

  FastjsonWriter e;
  e.BeginObject();
  e.Key("filterDataByTopic");
  e.BeginObject();
  e.EndObject();
  e.EndObject();
  CHECK(e.Take() == ReadTestdata("consumerFilter.json"));

  FastjsonWriter m;
  m.BeginObject();
  m.Key("t");
  m.BeginObject();
  m.IntKey(0);
  m.Int(11);
  m.IntKey(1);
  m.Int(-1);
  m.EndObject();
  m.Key("u");
  m.BeginObject();
  m.EndObject();
  m.EndObject();
  CHECK(m.text() == "{\n\t\"t\":{0:11,1:-1\n\t},\n\t\"u\":{}\n}");
}

TEST_CASE("FastjsonWriter: arrays and scalars", "[fastjson]") {
  FastjsonWriter w;
  w.BeginObject();
  w.Key("a");
  w.BeginArray();
  w.Int(1);
  w.BeginObject();
  w.Key("b");
  w.Bool(false);
  w.EndObject();
  w.EndArray();
  w.Key("e");
  w.BeginArray();
  w.EndArray();
  w.Key("n");
  w.Null();
  w.Key("d");
  w.Double(2);
  w.Key("f");
  w.Double(0.25);
  w.EndObject();
  CHECK(w.text() ==
        "{\n\t\"a\":[\n\t\t1,\n\t\t{\n\t\t\t\"b\":false\n\t\t}\n\t],\n\t\"e\":[],\n\t\"n\":null,\n\t\"d\":2.0,\n\t\"f\":0.25\n}");
  FastjsonWriter root;
  root.String("x");
  CHECK(root.text() == "\"x\"");
}

TEST_CASE("AppendFastjsonString escapes like fastjson", "[fastjson]") {
  std::string out;
  AppendFastjsonString(std::string("q\"b\\s/\b\t\n\f\r\x01\x0b\x1f\x7f", 15) + "\xC2\x85\xC3\xA9\xE4\xB8\xAD", &out);
  CHECK(out == "\"q\\\"b\\\\s/\\b\\t\\n\\f\\r\\u0001\\u000B\\u001F\\u007F\\u0085\xC3\xA9\xE4\xB8\xAD\"");
  out.clear();
  AppendFastjsonString(std::string("\0", 1), &out);
  CHECK(out == "\"\\u0000\"");
}

TEST_CASE("FastjsonWriter::Value reproduces string-keyed files byte for byte", "[fastjson]") {
  for (const char* name : {"topics.json", "topics.json.bak", "subscriptionGroup.json", "consumerFilter.json"}) {
    INFO(name);
    const std::string text = ReadTestdata(name);
    rapidjson::Document doc;
    REQUIRE(ParseFastjson(text, &doc).ok());
    FastjsonWriter w;
    w.Value(doc);
    CHECK(w.text() == text);
  }
}

TEST_CASE("ToCompactJson and typed reads", "[fastjson]") {
  rapidjson::Document doc;
  REQUIRE(ParseFastjson(R"({"i":7,"s":"42","big":9000000000,"b":true,"bs":"false","b1":1,"n":null,"x":"x",
                            "f":1.5,"neg":-3})",
                        &doc)
              .ok());
  int32_t i = 0;
  int64_t l = 0;
  bool b = false;
  std::string s = "keep";
  CHECK(ReadInt32(doc["i"], "i", &i).ok());
  CHECK(i == 7);
  CHECK(ReadInt32(doc["s"], "s", &i).ok());
  CHECK(i == 42);
  CHECK(ReadInt32(doc["neg"], "neg", &i).ok());
  CHECK(i == -3);
  CHECK_FALSE(ReadInt32(doc["big"], "big", &i).ok());
  CHECK(ReadInt64(doc["big"], "big", &l).ok());
  CHECK(l == 9000000000);
  absl::Status bad = ReadInt64(doc["f"], "a.f", &l);
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(std::string(bad.message()), Catch::Contains("a.f"));
  CHECK_FALSE(ReadInt64(doc["x"], "x", &l).ok());
  CHECK(ReadBool(doc["b"], "b", &b).ok());
  CHECK(b);
  CHECK(ReadBool(doc["bs"], "bs", &b).ok());
  CHECK_FALSE(b);
  CHECK(ReadBool(doc["b1"], "b1", &b).ok());
  CHECK(b);
  CHECK_FALSE(ReadBool(doc["x"], "x", &b).ok());
  CHECK(ReadString(doc["n"], "n", &s).ok());
  CHECK(s == "keep");  // null keeps the default
  CHECK(ReadString(doc["x"], "x", &s).ok());
  CHECK(s == "x");
  CHECK_FALSE(ReadString(doc["i"], "i", &s).ok());
  CHECK(ToCompactJson(doc["big"]) == "9000000000");

  rapidjson::Document keys;
  REQUIRE(ParseFastjson("{7:1,x:2,99999999999:3}", &keys).ok());
  auto it = keys.MemberBegin();
  int32_t k = 0;
  CHECK(ParseIntKey(it->name, "m", &k).ok());
  CHECK(k == 7);
  CHECK_FALSE(ParseIntKey((++it)->name, "m", &k).ok());
  CHECK_FALSE(ParseIntKey((++it)->name, "m", &k).ok());
}

TEST_CASE("ConcurrentHashMap table size and order", "[fastjson]") {
  CHECK(ConcurrentHashMapTableSize(1024, 0) == 2048);
  CHECK(ConcurrentHashMapTableSize(1024, 16) == 2048);
  CHECK(ConcurrentHashMapTableSize(1024, 1536) == 4096);
  CHECK(ConcurrentHashMapTableSize(512, 4) == 1024);
  CHECK(ConcurrentHashMapTableSize(32, 1) == 64);
  CHECK(ConcurrentHashMapTableSize(0, 11) == 16);
  CHECK(ConcurrentHashMapTableSize(0, 12) == 32);

  // spread(h) = (h ^ (h >>> 16)) & 0x7FFFFFFF, then the low bits pick the bucket.
  CHECK(ConcurrentHashMapBucket(0, 16) == 0);
  CHECK(ConcurrentHashMapBucket(7, 16) == 7);
  CHECK(ConcurrentHashMapBucket(-1, 16) == 0);  // (0xFFFFFFFF ^ 0xFFFF) & 0x7FFFFFFF = 0x7FFF0000
  CHECK(ConcurrentHashMapBucket(0x10000, 16) == 1);  // the high half is folded in

  std::vector<int32_t> ids = {20, 3, 70, 1};
  SortInConcurrentHashMapOrder(&ids, 32);  // 64 buckets: ascending below 64, 70 lands in bucket 6
  CHECK(ids == std::vector<int32_t>{1, 3, 70, 20});

  // The order RocketMQ wrote consumerOffset.json in.
  std::vector<std::string> keys = {"%RETRY%gen_store_cg@gen_store_cg", "GenTopicA@gen_store_cg",
                                   "RMQ_SYS_TRANS_HALF_TOPIC@CID_RMQ_SYS_TRANS",
                                   "RMQ_SYS_TRANS_OP_HALF_TOPIC@CID_RMQ_SYS_TRANS"};
  SortInConcurrentHashMapOrder(&keys, 512);
  CHECK(keys == std::vector<std::string>{"RMQ_SYS_TRANS_OP_HALF_TOPIC@CID_RMQ_SYS_TRANS",
                                         "%RETRY%gen_store_cg@gen_store_cg",
                                         "RMQ_SYS_TRANS_HALF_TOPIC@CID_RMQ_SYS_TRANS", "GenTopicA@gen_store_cg"});
}

}  // namespace
}  // namespace spool::store::internal
