// File: spool/protocol/json_value.h
// JsonValue: a parsed JSON document as RocketMQ peers write it (ParseJson in json_reader.h), or one built by hand
// to be written with JsonWriter. Unlike strict JSON, an object key may be bare ({0:"127.0.0.1:10911"}, what
// fastjson writes for Long/Integer map keys) or a whole object (fastjson's inline bean keys such as a MessageQueue);
// the key's spelling is kept in Member::key_kind.
//
//   absl::StatusOr<JsonValue> doc = ParseJson(R"({"brokerAddrs":{0:"127.0.0.1:10911"}})");
//   const JsonValue* addrs = doc->Find("brokerAddrs");
//   for (const JsonValue::Member& m : addrs->members()) { ... m.key == "0", m.key_kind == KeyKind::kBare ... }
//
// Numbers keep their source text (a 64-bit id or timestamp never passes through a double); AsInt64/AsDouble read
// it. Objects keep their members in source order, duplicates included (Find returns the last, as a Java map put
// would). A JsonValue is a plain value: copyable, movable, not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spool::protocol {

class JsonValue {
 public:
  enum class Type : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

  // How an object key was spelled.
  enum class KeyKind : uint8_t {
    kQuoted,      // "name" (or 'name')
    kBare,        // 0, -1, name: fastjson's non-String map keys
    kStructured,  // {"brokerName":"a","queueId":0,"topic":"T"}: a bean used as key; `key` holds its compact JSON
  };

  struct Member;

  // null.
  JsonValue() = default;

  static JsonValue Bool(bool value);
  // `text` must be a JSON number (-?digits[.digits][e[+-]digits]); not checked.
  static JsonValue Number(std::string text);
  static JsonValue Int(int64_t value);
  static JsonValue String(std::string value);
  static JsonValue Array();
  static JsonValue Object();

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  bool is_bool() const { return type_ == Type::kBool; }
  bool is_number() const { return type_ == Type::kNumber; }
  bool is_string() const { return type_ == Type::kString; }
  bool is_array() const { return type_ == Type::kArray; }
  bool is_object() const { return type_ == Type::kObject; }

  // The boolean; false for any other type.
  bool bool_value() const { return bool_; }
  // A string's contents (UTF-8) or a number's source text; empty for other types.
  const std::string& text() const { return text_; }
  // A number that is an integer within int64 range (no fraction or exponent), else nullopt.
  std::optional<int64_t> AsInt64() const;
  // Any number, else nullopt.
  std::optional<double> AsDouble() const;

  // Elements of an array; empty for other types.
  const std::vector<JsonValue>& elements() const { return elements_; }
  // Members of an object in source order; empty for other types.
  const std::vector<Member>& members() const { return members_; }
  // The value of the last member named `key` of an object, or nullptr.
  const JsonValue* Find(std::string_view key) const;

  // Building. Append requires an array, AddMember an object (a null value first becomes one); returns the added
  // value.
  JsonValue& Append(JsonValue value);
  JsonValue& AddMember(std::string key, JsonValue value, KeyKind key_kind = KeyKind::kQuoted);

  friend bool operator==(const JsonValue& a, const JsonValue& b);

 private:
  Type type_ = Type::kNull;
  bool bool_ = false;
  std::string text_;
  std::vector<JsonValue> elements_;
  std::vector<Member> members_;
};

struct JsonValue::Member {
  std::string key;
  KeyKind key_kind = KeyKind::kQuoted;
  JsonValue value;

  friend bool operator==(const Member& a, const Member& b) = default;
};

}  // namespace spool::protocol
