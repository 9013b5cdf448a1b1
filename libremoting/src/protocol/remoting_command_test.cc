#include "spool/remoting/remoting_command.h"

#include <catch2/catch.hpp>
#include <limits>
#include <string>

#include "spool/remoting/language_code.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "spool/remoting/version.h"

namespace spool::remoting {
namespace {

TEST_CASE("a request has RocketMQ 4.9.7's defaults", "[protocol][command]") {
  const RemotingCommand request = RemotingCommand::CreateRequest(request_code::kHeartBeat);
  CHECK(request.code() == 34);
  CHECK(request.language() == LanguageCode::kJava);
  CHECK(request.version() == 407);
  CHECK(request.version() == mq_version::kCurrent);
  CHECK(request.flag() == 0);
  CHECK_FALSE(request.is_response());
  CHECK_FALSE(request.is_oneway());
  CHECK_FALSE(request.remark().has_value());
  CHECK(request.ext_fields().empty());
  CHECK(request.body().empty());
  CHECK(request.serialize_type() == SerializeType::kJson);
}

TEST_CASE("a response takes its request's opaque and serialize type", "[protocol][command]") {
  RemotingCommand request = RemotingCommand::CreateRequest(request_code::kSendMessageV2);
  request.set_opaque(77);
  request.set_serialize_type(SerializeType::kRocketMq);
  request.set_language(LanguageCode::kGo);
  request.set_version(mq_version::kV4_5_2);
  request.SetExtField("a", "group");

  const RemotingCommand response =
      RemotingCommand::CreateResponse(request, response_code::kTopicNotExist, std::string("no route"));
  CHECK(response.code() == 17);
  CHECK(response.opaque() == 77);
  CHECK(response.serialize_type() == SerializeType::kRocketMq);
  CHECK(response.is_response());
  CHECK(response.flag() == RemotingCommand::kResponseFlag);
  CHECK(response.remark() == "no route");
  // Our own identity, not the requester's.
  CHECK(response.language() == LanguageCode::kJava);
  CHECK(response.version() == 407);
  CHECK(response.ext_fields().empty());

  const RemotingCommand bare = RemotingCommand::CreateResponse(response_code::kSuccess);
  CHECK(bare.is_response());
  CHECK_FALSE(bare.remark().has_value());
}

TEST_CASE("flag bits", "[protocol][command]") {
  RemotingCommand cmd;
  cmd.set_flag(0x10);  // unknown bits survive
  cmd.MarkOneway();
  CHECK(cmd.is_oneway());
  CHECK_FALSE(cmd.is_response());
  cmd.MarkResponse();
  CHECK(cmd.is_response());
  CHECK(cmd.flag() == 0x13);
}

TEST_CASE("ext field setters write what Java's toString writes", "[protocol][command]") {
  RemotingCommand cmd;
  cmd.SetExtField("topic", "TopicTest");
  cmd.SetExtFieldInt("queueId", -3);
  cmd.SetExtFieldInt("bornTimestamp", 1700000000123);
  cmd.SetExtFieldBool("unitMode", false);
  cmd.SetExtFieldBool("batch", true);
  CHECK(cmd.ext_fields().at("topic") == "TopicTest");
  CHECK(cmd.ext_fields().at("queueId") == "-3");
  CHECK(cmd.ext_fields().at("bornTimestamp") == "1700000000123");
  CHECK(cmd.ext_fields().at("unitMode") == "false");
  CHECK(cmd.ext_fields().at("batch") == "true");
  cmd.SetExtField("topic", "Other");  // replaces
  CHECK(*cmd.FindExtField("topic") == "Other");
  cmd.RemoveExtField("topic");
  CHECK_FALSE(cmd.HasExtField("topic"));
  CHECK(cmd.FindExtField("missing") == nullptr);
}

TEST_CASE("typed getters parse header values", "[protocol][command]") {
  RemotingCommand cmd;
  cmd.SetExtField("s", "text");
  cmd.SetExtField("i", "-2147483648");
  cmd.SetExtField("plus", "+5");
  cmd.SetExtField("l", "9223372036854775807");
  cmd.SetExtField("big", "2147483648");

  CHECK(*cmd.GetString("s") == "text");
  CHECK(*cmd.GetInt32("i") == std::numeric_limits<int32_t>::min());
  CHECK(*cmd.GetInt32("plus") == 5);
  CHECK(*cmd.GetInt64("l") == std::numeric_limits<int64_t>::max());
  CHECK(*cmd.GetInt64("big") == 2147483648LL);

  const absl::StatusOr<int32_t> overflow = cmd.GetInt32("big");
  REQUIRE_FALSE(overflow.ok());
  CHECK(overflow.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(std::string(overflow.status().message()) == "bad value for big: \"2147483648\" is not a 32-bit integer");
}

TEST_CASE("booleans accept true/false in any case and cpp's 1/0", "[protocol][command]") {
  RemotingCommand cmd;
  const auto [text, expected] = GENERATE(table<std::string, bool>({
      {"true", true},
      {"TRUE", true},
      {"True", true},
      {"1", true},
      {"false", false},
      {"FALSE", false},
      {"0", false},
  }));
  CAPTURE(text);
  cmd.SetExtField("m", text);
  const absl::StatusOr<bool> value = cmd.GetBool("m");
  REQUIRE(value.ok());
  CHECK(*value == expected);
}

TEST_CASE("malformed values are a clear error", "[protocol][command]") {
  RemotingCommand cmd;
  const std::string text =
      GENERATE(std::string(""), std::string(" 1"), std::string("1 "), std::string("1.0"), std::string("0x10"),
               std::string("abc"), std::string("+-1"), std::string("99999999999999999999"));
  CAPTURE(text);
  cmd.SetExtField("v", text);
  CHECK(cmd.GetInt32("v").status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(cmd.GetInt64("v").status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(cmd.GetBool("v").status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(std::string(cmd.GetBool("v").status().message()).find("bad value for v") == 0);
}

TEST_CASE("missing fields: required getters fail, optional ones default", "[protocol][command]") {
  RemotingCommand cmd;
  const absl::StatusOr<std::string> topic = cmd.GetString("topic");
  REQUIRE_FALSE(topic.ok());
  CHECK(topic.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(std::string(topic.status().message()) == "missing header field topic");
  CHECK(std::string(cmd.GetInt32("queueId").status().message()) == "missing header field queueId");
  CHECK(cmd.GetInt64("x").status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(cmd.GetBool("x").status().code() == absl::StatusCode::kInvalidArgument);

  CHECK(*cmd.GetStringOr("topic", "dflt") == "dflt");
  CHECK(*cmd.GetInt32Or("queueId", -1) == -1);
  CHECK(*cmd.GetInt64Or("offset", 42) == 42);
  CHECK(*cmd.GetBoolOr("m", true) == true);

  cmd.SetExtField("queueId", "x");
  CHECK(cmd.GetInt32Or("queueId", -1).status().code() == absl::StatusCode::kInvalidArgument);
  cmd.SetExtField("queueId", "3");
  CHECK(*cmd.GetInt32Or("queueId", -1) == 3);
}

TEST_CASE("DebugString names the code and leaves the body out", "[protocol][command]") {
  RemotingCommand cmd = RemotingCommand::CreateRequest(request_code::kGetRouteinfoByTopic);
  cmd.SetExtField("topic", "T");
  cmd.set_body("secret");
  const std::string s = cmd.DebugString();
  CHECK(s.find("GET_ROUTEINFO_BY_TOPIC") != std::string::npos);
  CHECK(s.find("topic=T") != std::string::npos);
  CHECK(s.find("6 bytes") != std::string::npos);
  CHECK(s.find("secret") == std::string::npos);
  const RemotingCommand response = RemotingCommand::CreateResponse(response_code::kTopicNotExist);
  CHECK(response.DebugString().find("TOPIC_NOT_EXIST") != std::string::npos);
}

TEST_CASE("code names for logs", "[protocol][codes]") {
  CHECK(RequestCodeName(request_code::kSendMessage) == "SEND_MESSAGE");
  CHECK(RequestCodeName(310) == "SEND_MESSAGE_V2");
  CHECK(RequestCodeName(105) == "GET_ROUTEINFO_BY_TOPIC");
  CHECK(RequestCodeName(329) == "DELETE_EXPIRED_COMMITLOG");
  CHECK(RequestCodeName(217) == "UNKNOWN");
  CHECK(ResponseCodeName(response_code::kSystemBusy) == "SYSTEM_BUSY");
  CHECK(ResponseCodeName(202) == "TRANSACTION_STATE_UNKNOW");
  CHECK(ResponseCodeName(215) == "FLOW_CONTROL");
  CHECK(ResponseCodeName(999) == "UNKNOWN");
  CHECK(request_code::kNotifyConsumerIdsChanged == 40);
  CHECK(request_code::kCheckTransactionState == 39);
  CHECK(request_code::kGetConsumerRunningInfo == 307);
  CHECK(response_code::kRequestCodeNotSupported == 3);
  CHECK(response_code::kPullNotFound == 19);
}

TEST_CASE("language codes by name and byte", "[protocol][codes]") {
  CHECK(LanguageCodeName(LanguageCode::kJava) == "JAVA");
  CHECK(LanguageCodeName(LanguageCode::kGo) == "GO");
  CHECK(LanguageCodeName(LanguageCode::kRust) == "RUST");
  CHECK(LanguageCodeName(static_cast<LanguageCode>(200)) == "OTHER");
  CHECK(static_cast<int>(LanguageCode::kCpp) == 1);
  CHECK(static_cast<int>(LanguageCode::kGo) == 9);
  CHECK(LanguageCodeFromName("CPP") == LanguageCode::kCpp);
  CHECK(LanguageCodeFromName("go") == LanguageCode::kGo);
  CHECK_FALSE(LanguageCodeFromName("COBOL").has_value());
  CHECK(SerializeTypeName(SerializeType::kRocketMq) == "ROCKETMQ");
}

}  // namespace
}  // namespace spool::remoting
