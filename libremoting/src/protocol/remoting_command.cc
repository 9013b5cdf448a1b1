#include "spool/remoting/remoting_command.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "util/numbers.h"

namespace spool::remoting {

namespace {

absl::Status MissingField(std::string_view key) {
  return absl::InvalidArgumentError(absl::StrCat("missing header field ", std::string(key)));
}

absl::Status BadValue(std::string_view key, const std::string& value, std::string_view expected) {
  return absl::InvalidArgumentError(absl::StrCat("bad value for ", std::string(key), ": \"", absl::CEscape(value),
                                                 "\" is not ", std::string(expected)));
}

// "true"/"false" as Java's Boolean.parseBoolean reads them, plus "1"/"0" because rocketmq-client-cpp 2.x writes
// booleans through an ostringstream (spec clients.md §3): accepting both lets every stock client work.
bool ParseBool(const std::string& text, bool* out) {
  if (absl::EqualsIgnoreCase(text, "true") || text == "1") {
    *out = true;
    return true;
  }
  if (absl::EqualsIgnoreCase(text, "false") || text == "0") {
    *out = false;
    return true;
  }
  return false;
}

}  // namespace

std::string_view SerializeTypeName(SerializeType type) {
  switch (type) {
    case SerializeType::kJson: return "JSON";
    case SerializeType::kRocketMq: return "ROCKETMQ";
  }
  return "UNKNOWN";
}

RemotingCommand RemotingCommand::CreateRequest(int32_t code) {
  RemotingCommand cmd;
  cmd.code_ = code;
  return cmd;
}

RemotingCommand RemotingCommand::CreateResponse(int32_t code, std::optional<std::string> remark) {
  RemotingCommand cmd;
  cmd.code_ = code;
  cmd.flag_ = kResponseFlag;
  cmd.remark_ = std::move(remark);
  return cmd;
}

RemotingCommand RemotingCommand::CreateResponse(const RemotingCommand& request, int32_t code,
                                                std::optional<std::string> remark) {
  RemotingCommand cmd = CreateResponse(code, std::move(remark));
  cmd.opaque_ = request.opaque_;
  cmd.serialize_type_ = request.serialize_type_;
  return cmd;
}

void RemotingCommand::SetExtField(std::string key, std::string value) {
  ext_fields_.insert_or_assign(std::move(key), std::move(value));
}

void RemotingCommand::SetExtFieldInt(std::string key, int64_t value) {
  ext_fields_.insert_or_assign(std::move(key), absl::StrCat(value));
}

void RemotingCommand::SetExtFieldBool(std::string key, bool value) {
  ext_fields_.insert_or_assign(std::move(key), value ? "true" : "false");
}

void RemotingCommand::RemoveExtField(std::string_view key) {
  auto it = ext_fields_.find(key);
  if (it != ext_fields_.end()) ext_fields_.erase(it);
}

const std::string* RemotingCommand::FindExtField(std::string_view key) const {
  auto it = ext_fields_.find(key);
  return it == ext_fields_.end() ? nullptr : &it->second;
}

absl::StatusOr<std::string> RemotingCommand::GetString(std::string_view key) const {
  const std::string* value = FindExtField(key);
  if (value == nullptr) return MissingField(key);
  return *value;
}

absl::StatusOr<int32_t> RemotingCommand::GetInt32(std::string_view key) const {
  const std::string* value = FindExtField(key);
  if (value == nullptr) return MissingField(key);
  int32_t parsed = 0;
  if (!internal::ParseDecimalInt32(*value, &parsed)) return BadValue(key, *value, "a 32-bit integer");
  return parsed;
}

absl::StatusOr<int64_t> RemotingCommand::GetInt64(std::string_view key) const {
  const std::string* value = FindExtField(key);
  if (value == nullptr) return MissingField(key);
  int64_t parsed = 0;
  if (!internal::ParseDecimalInt64(*value, &parsed)) return BadValue(key, *value, "a 64-bit integer");
  return parsed;
}

absl::StatusOr<bool> RemotingCommand::GetBool(std::string_view key) const {
  const std::string* value = FindExtField(key);
  if (value == nullptr) return MissingField(key);
  bool parsed = false;
  if (!ParseBool(*value, &parsed)) return BadValue(key, *value, "a boolean (true/false/1/0)");
  return parsed;
}

absl::StatusOr<std::string> RemotingCommand::GetStringOr(std::string_view key, std::string_view default_value) const {
  if (!HasExtField(key)) return std::string(default_value);
  return GetString(key);
}

absl::StatusOr<int32_t> RemotingCommand::GetInt32Or(std::string_view key, int32_t default_value) const {
  if (!HasExtField(key)) return default_value;
  return GetInt32(key);
}

absl::StatusOr<int64_t> RemotingCommand::GetInt64Or(std::string_view key, int64_t default_value) const {
  if (!HasExtField(key)) return default_value;
  return GetInt64(key);
}

absl::StatusOr<bool> RemotingCommand::GetBoolOr(std::string_view key, bool default_value) const {
  if (!HasExtField(key)) return default_value;
  return GetBool(key);
}

std::string RemotingCommand::DebugString() const {
  const std::string_view code_name = is_response() ? ResponseCodeName(code_) : RequestCodeName(code_);
  std::string out =
      absl::StrCat("RemotingCommand{code=", code_, "(", std::string(code_name), "), flag=", flag_, ", opaque=", opaque_,
                   ", language=", std::string(LanguageCodeName(language_)), ", version=", version_,
                   ", serializeType=", std::string(SerializeTypeName(serialize_type_)));
  if (remark_) absl::StrAppend(&out, ", remark=\"", absl::CEscape(*remark_), "\"");
  if (!ext_fields_.empty()) {
    absl::StrAppend(&out, ", extFields={");
    bool first = true;
    for (const auto& [key, value] : ext_fields_) {
      absl::StrAppend(&out, first ? "" : ", ", absl::CEscape(key), "=", absl::CEscape(value));
      first = false;
    }
    absl::StrAppend(&out, "}");
  }
  absl::StrAppend(&out, ", body=", body_.size(), " bytes}");
  return out;
}

}  // namespace spool::remoting
