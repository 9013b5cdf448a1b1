#include "spool/protocol/register_broker_body.h"

#include <zlib.h>

#include <catch2/catch.hpp>

#include "spool/protocol/body_crc32.h"

namespace spool::protocol {
namespace {

// spec namesrv.md §3.2, as a 4.9.7 broker sends it (compact; the topic table in the broker's ConcurrentHashMap
// order).
constexpr std::string_view kJavaBody =
    R"({"filterServerList":[],"topicConfigSerializeWrapper":{"dataVersion":{"counter":5,"timestamp":1700000000000},"topicConfigTable":{"TopicTest":{"order":false,"perm":6,"readQueueNums":4,"topicFilterType":"SINGLE_TAG","topicName":"TopicTest","topicSysFlag":0,"writeQueueNums":4},"TBW102":{"order":false,"perm":7,"readQueueNums":8,"topicFilterType":"SINGLE_TAG","topicName":"TBW102","topicSysFlag":0,"writeQueueNums":8}}}})";

RegisterBrokerBody ExpectedBody() {
  RegisterBrokerBody body;
  TopicConfigSerializeWrapper& w = body.topic_config_serialize_wrapper;
  w.data_version = DataVersion{.timestamp = 1700000000000, .counter = 5};
  w.topic_config_table["TopicTest"] =
      TopicConfig{.topic_name = "TopicTest", .read_queue_nums = 4, .write_queue_nums = 4, .perm = 6};
  w.topic_config_table["TBW102"] =
      TopicConfig{.topic_name = "TBW102", .read_queue_nums = 8, .write_queue_nums = 8, .perm = 7};
  return body;
}

std::string BigEndian32(uint32_t v) {
  return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                     static_cast<char>(v)};
}

std::string Part(std::string_view s) { return BigEndian32(static_cast<uint32_t>(s.size())) + std::string(s); }

std::string ZlibCompress(const std::string& plain, int level) {
  uLongf len = compressBound(plain.size());
  std::string out(len, '\0');
  REQUIRE(compress2(reinterpret_cast<Bytef*>(out.data()), &len, reinterpret_cast<const Bytef*>(plain.data()),
                    plain.size(), level) == Z_OK);
  out.resize(len);
  return out;
}

std::string ZlibUncompress(const std::string& data) {
  std::string out(1 << 20, '\0');
  uLongf len = out.size();
  REQUIRE(uncompress(reinterpret_cast<Bytef*>(out.data()), &len, reinterpret_cast<const Bytef*>(data.data()),
                     data.size()) == Z_OK);
  out.resize(len);
  return out;
}

// The inflated layout of ExpectedBody(), topics in our (sorted) order.
std::string ExpectedPlainCompressedLayout() {
  return Part(R"({"counter":5,"timestamp":1700000000000})") + BigEndian32(2) + Part("TBW102 8 8 7 SINGLE_TAG") +
         Part("TopicTest 4 4 6 SINGLE_TAG") + Part("[]");
}

TEST_CASE("a Java broker's RegisterBrokerBody JSON decodes", "[register]") {
  absl::StatusOr<RegisterBrokerBody> body = RegisterBrokerBody::Decode(kJavaBody, /*compressed=*/false);
  REQUIRE(body.ok());
  CHECK(*body == ExpectedBody());
}

TEST_CASE("RegisterBrokerBody encodes compact alphabetical JSON", "[register]") {
  RegisterBrokerBody body = ExpectedBody();
  body.topic_config_serialize_wrapper.topic_config_table.erase("TBW102");
  CHECK(body.Encode(false) ==
        R"({"filterServerList":[],"topicConfigSerializeWrapper":{"dataVersion":{"counter":5,"timestamp":1700000000000},"topicConfigTable":{"TopicTest":{"order":false,"perm":6,"readQueueNums":4,"topicFilterType":"SINGLE_TAG","topicName":"TopicTest","topicSysFlag":0,"writeQueueNums":4}}}})");
  absl::StatusOr<RegisterBrokerBody> back = RegisterBrokerBody::Decode(ExpectedBody().Encode(false), false);
  REQUIRE(back.ok());
  CHECK(*back == ExpectedBody());
}

TEST_CASE("a compressed body as Java's Deflater writes it decodes", "[register]") {
  // Built by hand from the layout: Java order (TopicTest first), a filter server, level 9.
  const std::string plain = Part(R"({"counter":5,"timestamp":1700000000000})") + BigEndian32(2) +
                            Part("TopicTest 4 4 6 SINGLE_TAG") + Part("TBW102 8 8 7 MULTI_TAG") +
                            Part(R"(["10.0.0.1:30000"])");
  absl::StatusOr<RegisterBrokerBody> body = RegisterBrokerBody::Decode(ZlibCompress(plain, 9), true);
  REQUIRE(body.ok());
  RegisterBrokerBody expected = ExpectedBody();
  expected.topic_config_serialize_wrapper.topic_config_table["TBW102"].topic_filter_type = "MULTI_TAG";
  expected.filter_server_list = {"10.0.0.1:30000"};
  CHECK(*body == expected);
}

TEST_CASE("RegisterBrokerBody compressed encoding: zlib level 9 of the length-prefixed layout", "[register]") {
  const std::string bytes = ExpectedBody().Encode(true);
  REQUIRE(bytes.size() > 2);
  CHECK(static_cast<unsigned char>(bytes[0]) == 0x78);  // zlib header, not raw deflate
  CHECK(static_cast<unsigned char>(bytes[1]) == 0xDA);  // FLEVEL 3: best compression
  CHECK(ZlibUncompress(bytes) == ExpectedPlainCompressedLayout());
  absl::StatusOr<RegisterBrokerBody> back = RegisterBrokerBody::Decode(bytes, true);
  REQUIRE(back.ok());
  CHECK(*back == ExpectedBody());
}

TEST_CASE("compressed bodies: sys flag and order are not carried", "[register]") {
  RegisterBrokerBody body = ExpectedBody();
  body.topic_config_serialize_wrapper.topic_config_table["TopicTest"].topic_sys_flag = 3;
  body.topic_config_serialize_wrapper.topic_config_table["TopicTest"].order = true;
  absl::StatusOr<RegisterBrokerBody> back = RegisterBrokerBody::Decode(body.Encode(true), true);
  REQUIRE(back.ok());
  CHECK(*back == ExpectedBody());
}

TEST_CASE("broken compressed bodies are clear errors", "[register]") {
  const std::string plain = ExpectedPlainCompressedLayout();
  SECTION("not zlib") {
    absl::StatusOr<RegisterBrokerBody> r = RegisterBrokerBody::Decode("definitely not zlib", true);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find("corrupt zlib stream") != std::string::npos);
  }
  SECTION("every truncation of the plain layout") {
    for (size_t cut = 0; cut < plain.size(); ++cut) {
      absl::StatusOr<RegisterBrokerBody> r = RegisterBrokerBody::Decode(ZlibCompress(plain.substr(0, cut), 6), true);
      INFO("cut at " << cut);
      CHECK_FALSE(r.ok());
    }
  }
  SECTION("a truncated stream") {
    const std::string full = ZlibCompress(plain, 9);
    CHECK_FALSE(RegisterBrokerBody::Decode(full.substr(0, full.size() / 2), true).ok());
  }
  SECTION("a lying length") {
    absl::StatusOr<RegisterBrokerBody> r = RegisterBrokerBody::Decode(ZlibCompress(BigEndian32(1000) + "{}", 9), true);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message() ==
          "compressed RegisterBrokerBody: dataVersion length 1000 at byte 0 runs past the 6-byte body");
  }
  SECTION("a lying topic count") {
    const std::string lie = Part(R"({"counter":1,"timestamp":2})") + BigEndian32(0x7FFFFFFF);
    absl::StatusOr<RegisterBrokerBody> r = RegisterBrokerBody::Decode(ZlibCompress(lie, 9), true);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message() == "compressed RegisterBrokerBody: topic count 2147483647 does not fit the body");
  }
  SECTION("a malformed topic line") {
    const std::string bad = Part(R"({"counter":1,"timestamp":2})") + BigEndian32(1) + Part("T 4 4 6") + Part("[]");
    absl::StatusOr<RegisterBrokerBody> r = RegisterBrokerBody::Decode(ZlibCompress(bad, 9), true);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message() == "bad compact topic config \"T 4 4 6\": expected 5 space-separated fields");
  }
  SECTION("an unparsable filter list reads as empty, as in Java") {
    const std::string odd =
        Part(R"({"counter":1,"timestamp":2})") + BigEndian32(0) + Part("not json");
    absl::StatusOr<RegisterBrokerBody> r = RegisterBrokerBody::Decode(ZlibCompress(odd, 9), true);
    REQUIRE(r.ok());
    CHECK(r->filter_server_list.empty());
  }
}

TEST_CASE("malformed JSON bodies are clear errors", "[register]") {
  absl::StatusOr<RegisterBrokerBody> r = RegisterBrokerBody::Decode("{\"topicConfigSerializeWrapper\":", false);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == absl::StatusCode::kInvalidArgument);
  absl::StatusOr<RegisterBrokerBody> t = RegisterBrokerBody::Decode(
      R"({"topicConfigSerializeWrapper":{"topicConfigTable":{"A":{"perm":"rw"}}}})", false);
  REQUIRE_FALSE(t.ok());
  CHECK(t.status().message() ==
        "RegisterBrokerBody.topicConfigSerializeWrapper.topicConfigTable.A.perm: expected a 32-bit integer");
}

TEST_CASE("a table entry without topicName takes its key", "[register]") {
  absl::StatusOr<RegisterBrokerBody> r =
      RegisterBrokerBody::Decode(R"({"topicConfigSerializeWrapper":{"topicConfigTable":{"A":{"perm":6}}}})", false);
  REQUIRE(r.ok());
  CHECK(r->topic_config_serialize_wrapper.topic_config_table.at("A").topic_name == "A");
}

TEST_CASE("BodyCrc32 is zlib's CRC-32 masked to 31 bits", "[register]") {
  CHECK(BodyCrc32("123456789") == 0x4BF43926);  // CRC-32 check value 0xCBF43926
  CHECK(BodyCrc32("") == 0);
  CHECK(BodyCrc32(kJavaBody) >= 0);
}

}  // namespace
}  // namespace spool::protocol
