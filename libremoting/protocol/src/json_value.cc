#include "spool/protocol/json_value.h"

#include <charconv>
#include <cstdlib>
#include <utility>

#include "util/check.h"

namespace spool::protocol {

JsonValue JsonValue::Bool(bool value) {
  JsonValue v;
  v.type_ = Type::kBool;
  v.bool_ = value;
  return v;
}

JsonValue JsonValue::Number(std::string text) {
  JsonValue v;
  v.type_ = Type::kNumber;
  v.text_ = std::move(text);
  return v;
}

JsonValue JsonValue::Int(int64_t value) { return Number(std::to_string(value)); }

JsonValue JsonValue::String(std::string value) {
  JsonValue v;
  v.type_ = Type::kString;
  v.text_ = std::move(value);
  return v;
}

JsonValue JsonValue::Array() {
  JsonValue v;
  v.type_ = Type::kArray;
  return v;
}

JsonValue JsonValue::Object() {
  JsonValue v;
  v.type_ = Type::kObject;
  return v;
}

std::optional<int64_t> JsonValue::AsInt64() const {
  if (type_ != Type::kNumber || text_.empty()) return std::nullopt;
  int64_t out = 0;
  const char* begin = text_.data();
  const char* end = begin + text_.size();
  const auto result = std::from_chars(begin, end, out);
  if (result.ec != std::errc() || result.ptr != end) return std::nullopt;
  return out;
}

std::optional<double> JsonValue::AsDouble() const {
  if (type_ != Type::kNumber || text_.empty()) return std::nullopt;
  // strtod on a copy: the text is a validated JSON number, so the whole string is consumed.
  char* end = nullptr;
  const double d = std::strtod(text_.c_str(), &end);
  if (end != text_.c_str() + text_.size()) return std::nullopt;
  return d;
}

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (auto it = members_.rbegin(); it != members_.rend(); ++it) {
    if (it->key == key) return &it->value;
  }
  return nullptr;
}

JsonValue& JsonValue::Append(JsonValue value) {
  if (type_ == Type::kNull) type_ = Type::kArray;
  SPOOL_CHECK(type_ == Type::kArray);
  elements_.push_back(std::move(value));
  return elements_.back();
}

JsonValue& JsonValue::AddMember(std::string key, JsonValue value, KeyKind key_kind) {
  if (type_ == Type::kNull) type_ = Type::kObject;
  SPOOL_CHECK(type_ == Type::kObject);
  members_.push_back(Member{std::move(key), key_kind, std::move(value)});
  return members_.back().value;
}

bool operator==(const JsonValue& a, const JsonValue& b) {
  return a.type_ == b.type_ && a.bool_ == b.bool_ && a.text_ == b.text_ && a.elements_ == b.elements_ &&
         a.members_ == b.members_;
}

}  // namespace spool::protocol
