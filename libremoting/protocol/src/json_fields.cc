#include "spool/protocol/json_fields.h"

#include <charconv>
#include <cstdint>
#include <limits>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace spool::protocol {
namespace {

absl::Status TypeError(std::string_view path, std::string_view expected) {
  return absl::InvalidArgumentError(absl::StrCat(std::string(path), ": expected ", std::string(expected)));
}

bool ParseDecimal(std::string_view s, int64_t* out) {
  if (s.empty()) return false;
  const char* begin = s.data();
  if (*begin == '+' && s.size() > 1 && s[1] != '-') ++begin;  // Long.parseLong accepts a plus sign
  const auto r = std::from_chars(begin, s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace

absl::Status JsonToInt64(const JsonValue& v, std::string_view path, int64_t* out) {
  if (v.is_null()) return absl::OkStatus();
  if (v.is_number()) {
    if (std::optional<int64_t> i = v.AsInt64(); i.has_value()) {
      *out = *i;
      return absl::OkStatus();
    }
  } else if (v.is_string() && ParseDecimal(v.text(), out)) {
    return absl::OkStatus();
  }
  return TypeError(path, "a 64-bit integer");
}

absl::Status JsonToInt32(const JsonValue& v, std::string_view path, int32_t* out) {
  int64_t wide = *out;
  if (!JsonToInt64(v, path, &wide).ok() || wide < std::numeric_limits<int32_t>::min() ||
      wide > std::numeric_limits<int32_t>::max()) {
    return TypeError(path, "a 32-bit integer");
  }
  *out = static_cast<int32_t>(wide);
  return absl::OkStatus();
}

absl::Status JsonToBool(const JsonValue& v, std::string_view path, bool* out) {
  if (v.is_null()) return absl::OkStatus();
  if (v.is_bool()) {
    *out = v.bool_value();
    return absl::OkStatus();
  }
  if (v.is_number() || v.is_string()) {
    const std::string& t = v.text();
    if (t == "1" || absl::EqualsIgnoreCase(t, "true")) {
      *out = true;
      return absl::OkStatus();
    }
    if (t == "0" || absl::EqualsIgnoreCase(t, "false")) {
      *out = false;
      return absl::OkStatus();
    }
  }
  return TypeError(path, "a boolean");
}

absl::Status JsonToString(const JsonValue& v, std::string_view path, std::string* out) {
  switch (v.type()) {
    case JsonValue::Type::kNull:
      return absl::OkStatus();
    case JsonValue::Type::kString:
    case JsonValue::Type::kNumber:
      *out = v.text();
      return absl::OkStatus();
    case JsonValue::Type::kBool:
      *out = v.bool_value() ? "true" : "false";
      return absl::OkStatus();
    default:
      return TypeError(path, "a string");
  }
}

absl::Status JsonToStringList(const JsonValue& v, std::string_view path, std::vector<std::string>* out) {
  if (v.is_null()) return absl::OkStatus();
  if (!v.is_array()) return TypeError(path, "an array of strings");
  std::vector<std::string> list;
  list.reserve(v.elements().size());
  for (size_t i = 0; i < v.elements().size(); ++i) {
    const JsonValue& e = v.elements()[i];
    if (e.is_null()) continue;
    std::string s;
    if (absl::Status st = JsonToString(e, absl::StrCat(std::string(path), "[", i, "]"), &s); !st.ok()) return st;
    list.push_back(std::move(s));
  }
  *out = std::move(list);
  return absl::OkStatus();
}

absl::Status JsonExpectObject(const JsonValue& v, std::string_view path) {
  return v.is_object() || v.is_null() ? absl::OkStatus() : TypeError(path, "an object");
}

absl::Status JsonExpectArray(const JsonValue& v, std::string_view path) {
  return v.is_array() || v.is_null() ? absl::OkStatus() : TypeError(path, "an array");
}

absl::Status JsonKeyToInt64(const JsonValue::Member& member, std::string_view path, int64_t* out) {
  if (member.key_kind == JsonValue::KeyKind::kStructured || !ParseDecimal(member.key, out)) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(path), ": key \"", member.key, "\" is not an integer"));
  }
  return absl::OkStatus();
}

absl::StatusOr<JsonFields> JsonFields::Of(const JsonValue& value, std::string path) {
  if (!value.is_object() && !value.is_null()) return TypeError(path, "an object");
  return JsonFields(&value, std::move(path));
}

const JsonValue* JsonFields::Find(std::string_view key) const { return value_->Find(key); }

std::string JsonFields::PathOf(std::string_view key) const { return absl::StrCat(path_, ".", std::string(key)); }

absl::Status JsonFields::Int64(std::string_view key, int64_t* out) const {
  const JsonValue* v = Find(key);
  return v == nullptr ? absl::OkStatus() : JsonToInt64(*v, PathOf(key), out);
}

absl::Status JsonFields::Int32(std::string_view key, int32_t* out) const {
  const JsonValue* v = Find(key);
  return v == nullptr ? absl::OkStatus() : JsonToInt32(*v, PathOf(key), out);
}

absl::Status JsonFields::Bool(std::string_view key, bool* out) const {
  const JsonValue* v = Find(key);
  return v == nullptr ? absl::OkStatus() : JsonToBool(*v, PathOf(key), out);
}

absl::Status JsonFields::String(std::string_view key, std::string* out) const {
  const JsonValue* v = Find(key);
  return v == nullptr ? absl::OkStatus() : JsonToString(*v, PathOf(key), out);
}

absl::Status JsonFields::StringList(std::string_view key, std::vector<std::string>* out) const {
  const JsonValue* v = Find(key);
  return v == nullptr ? absl::OkStatus() : JsonToStringList(*v, PathOf(key), out);
}

}  // namespace spool::protocol
