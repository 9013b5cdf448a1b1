// File: spool/remoting/remoting_command.h
// RemotingCommand: one RocketMQ 4.x remoting message (request or response), as Java's RemotingCommand. The
// header fields (code, language, version, opaque, flag, remark, extFields) travel in JSON or in the ROCKETMQ
// binary layout; the body is opaque bytes. Framing is in frame_codec.h.
//
//   RemotingCommand request = RemotingCommand::CreateRequest(request_code::kGetRouteinfoByTopic);
//   request.SetExtField("topic", "TopicTest");
//
//   // In a processor:
//   SPOOL_ASSIGN_OR_RETURN(std::string topic, request.GetString("topic"));      // "missing header field topic"
//   SPOOL_ASSIGN_OR_RETURN(int32_t queue_id, request.GetInt32("queueId"));      // "bad value for queueId: ..."
//   SPOOL_ASSIGN_OR_RETURN(bool batch, request.GetBoolOr("m", false));           // "true"/"false"/"1"/"0"
//   RemotingCommand response = RemotingCommand::CreateResponse(request, response_code::kSuccess);
//   response.SetExtFieldInt("queueOffset", 42);
//
// Header values are strings on the wire (spec remoting.md §7): a Java header class is flattened into extFields
// with toString(), and what Spool writes is always a JSON string. The typed getters are deliberately more lenient
// than Java where stock clients need it: booleans accept "1"/"0" (rocketmq-client-cpp 2.x) as well as
// "true"/"false" in any case; numbers a client sent as JSON numbers were already turned into text by the decoder.
//
// A RemotingCommand is a plain value: copyable, movable, not thread-safe (like std::string).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "spool/remoting/language_code.h"
#include "spool/remoting/version.h"

namespace spool::remoting {

// How the header of a frame is encoded: the high byte of the frame's headerInfo word.
enum class SerializeType : uint8_t {
  kJson = 0,
  kRocketMq = 1,
};

// "JSON" / "ROCKETMQ" (the `serializeTypeCurrentRPC` value Java writes).
std::string_view SerializeTypeName(SerializeType type);

class RemotingCommand {
 public:
  // Ordered so that what we write is deterministic (Java's HashMap order is not reproducible anyway); std::less<>
  // allows lookups by string_view.
  using ExtFields = std::map<std::string, std::string, std::less<>>;

  // `flag` bits (Java's RPC_TYPE and RPC_ONEWAY).
  static constexpr int32_t kResponseFlag = 0x1;
  static constexpr int32_t kOnewayFlag = 0x2;

  // A request with code 0, language JAVA, version mq_version::kCurrent, opaque 0, JSON.
  RemotingCommand() = default;

  // A request. The opaque is assigned when it is sent (RemotingClient / Channel invoke methods).
  static RemotingCommand CreateRequest(int32_t code);

  // A response not tied to a request (opaque 0, JSON), e.g. built before the request is known. Prefer the
  // overload below: RequestContext::Respond fixes opaque and serialize type anyway.
  static RemotingCommand CreateResponse(int32_t code, std::optional<std::string> remark = std::nullopt);

  // The response to `request`: its opaque and serialize type (a server answers in the serialization it was asked
  // in, spec remoting.md §3), the response flag, language JAVA, version mq_version::kCurrent, no extFields.
  static RemotingCommand CreateResponse(const RemotingCommand& request, int32_t code,
                                        std::optional<std::string> remark = std::nullopt);

  // --- Header fields ---

  // A RequestCode for a request, a ResponseCode for a response.
  int32_t code() const { return code_; }
  void set_code(int32_t code) { code_ = code; }

  LanguageCode language() const { return language_; }
  void set_language(LanguageCode language) { language_ = language; }

  // The sender's MQVersion ordinal (version.h).
  int32_t version() const { return version_; }
  void set_version(int32_t version) { version_ = version; }

  // Request id: a response carries its request's value. Per sender, not globally unique.
  int32_t opaque() const { return opaque_; }
  void set_opaque(int32_t opaque) { opaque_ = opaque; }

  // Raw flag word. Bits other than kResponseFlag/kOnewayFlag are carried through untouched.
  int32_t flag() const { return flag_; }
  void set_flag(int32_t flag) { flag_ = flag; }
  bool is_response() const { return (flag_ & kResponseFlag) != 0; }
  bool is_oneway() const { return (flag_ & kOnewayFlag) != 0; }
  void MarkResponse() { flag_ |= kResponseFlag; }
  void MarkOneway() { flag_ |= kOnewayFlag; }

  // Free text, usually an error description. Absent (not written) when nullopt. The ROCKETMQ header cannot tell
  // an empty remark from none: an empty one decodes as nullopt there.
  const std::optional<std::string>& remark() const { return remark_; }
  void set_remark(std::optional<std::string> remark) { remark_ = std::move(remark); }

  // The header encoding of this command: set by the decoder from the frame, used by the encoder.
  SerializeType serialize_type() const { return serialize_type_; }
  void set_serialize_type(SerializeType type) { serialize_type_ = type; }

  // --- extFields (the "custom header") ---

  const ExtFields& ext_fields() const { return ext_fields_; }
  ExtFields* mutable_ext_fields() { return &ext_fields_; }

  // Sets (replaces) one field. Separate names per type so that a string literal never picks the bool overload.
  void SetExtField(std::string key, std::string value);
  void SetExtFieldInt(std::string key, int64_t value);
  // Written as Java's Boolean.toString: "true"/"false".
  void SetExtFieldBool(std::string key, bool value);
  void RemoveExtField(std::string_view key);

  // The raw value, or nullptr when absent.
  const std::string* FindExtField(std::string_view key) const;
  bool HasExtField(std::string_view key) const { return FindExtField(key) != nullptr; }

  // Required fields: an absent key is kInvalidArgument "missing header field <key>", an unparsable value
  // kInvalidArgument "bad value for <key>: ...". Integers are decimal (optional sign) and must fit the type;
  // booleans are "true"/"false" (ASCII case-insensitive) or "1"/"0".
  absl::StatusOr<std::string> GetString(std::string_view key) const;
  absl::StatusOr<int32_t> GetInt32(std::string_view key) const;
  absl::StatusOr<int64_t> GetInt64(std::string_view key) const;
  absl::StatusOr<bool> GetBool(std::string_view key) const;

  // Optional fields: `default_value` when absent, the same "bad value" error when present but unparsable.
  absl::StatusOr<std::string> GetStringOr(std::string_view key, std::string_view default_value) const;
  absl::StatusOr<int32_t> GetInt32Or(std::string_view key, int32_t default_value) const;
  absl::StatusOr<int64_t> GetInt64Or(std::string_view key, int64_t default_value) const;
  absl::StatusOr<bool> GetBoolOr(std::string_view key, bool default_value) const;

  // --- Body ---

  const std::string& body() const { return body_; }
  std::string* mutable_body() { return &body_; }
  void set_body(std::string body) { body_ = std::move(body); }

  // One line for logs: code (with its name), flag, opaque, language, version, remark, extFields and the body
  // size (never the body).
  std::string DebugString() const;

  friend bool operator==(const RemotingCommand& a, const RemotingCommand& b) = default;

 private:
  int32_t code_ = 0;
  LanguageCode language_ = LanguageCode::kJava;
  int32_t version_ = mq_version::kCurrent;
  int32_t opaque_ = 0;
  int32_t flag_ = 0;
  std::optional<std::string> remark_;
  ExtFields ext_fields_;
  std::string body_;
  SerializeType serialize_type_ = SerializeType::kJson;
};

}  // namespace spool::remoting
