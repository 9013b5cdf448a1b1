// File: spool/protocol/json_writer.h
// JsonWriter: compact JSON exactly as fastjson 1.2.69 writes RocketMQ's wire bodies (RemotingSerializable.encode =
// JSON.toJSONString(obj)), in one of two styles (spec namesrv.md §13):
//
//   kFastjson   the default features: no whitespace; non-String map keys (Long, Integer) unquoted ({0:"a:1"});
//               strings escape `"`, `\`, control characters, U+007F..U+009F and U+2028/U+2029, everything else
//               raw UTF-8. What cpp 2.x, Go v2, ali-ons and Java < 4.9.4 receive for routes, and what every other
//               body uses.
//   kStandard   + BrowserCompatible and MapSortField (route data for request version >= 401 or
//               acceptStandardJsonOnly): integer keys quoted ({"0":"a:1"}), `/` escaped, every non-ASCII character
//               as \uXXXX (UTF-16 units), integers beyond +-9007199254740991 written as strings.
//
//   JsonWriter w(JsonStyle::kFastjson);
//   w.BeginObject();
//   w.Key("brokerAddrs");
//   w.BeginObject();
//   w.IntKey(0);
//   w.String("127.0.0.1:10911");
//   w.EndObject();
//   w.EndObject();
//   std::string body = w.Take();            // {"brokerAddrs":{0:"127.0.0.1:10911"}}
//
// The writer does not order anything: callers write bean properties alphabetically (fastjson's SortField) and map
// entries in the order they want (the body types in this library sort them, which is also what MapSortField asks
// for). Calls must nest properly and every object value must follow a key: misuse is a bug and aborts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "spool/protocol/json_value.h"

namespace spool::protocol {

enum class JsonStyle : uint8_t {
  kFastjson,
  kStandard,
};

class JsonWriter {
 public:
  explicit JsonWriter(JsonStyle style = JsonStyle::kFastjson) : style_(style) {}

  JsonStyle style() const { return style_; }

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();

  // A bean property or String map key, quoted.
  void Key(std::string_view name);
  // A Long/Integer map key: bare in kFastjson, quoted in kStandard.
  void IntKey(int64_t key);
  // A bean used as a map key, given as its compact JSON object text: written inline in kFastjson (fastjson's
  // {{"queueId":0,...}:v}), as a JSON string of that text in kStandard (which Java also accepts).
  void StructuredKey(std::string_view compact_json);

  void String(std::string_view value);
  void Int(int64_t value);
  void Bool(bool value);
  void Null();
  // As Java's Double.toString (0.0, 1.5, 1.0E7, 1.0E-4); NaN and infinities as null, as fastjson writes them.
  void Double(double value);
  // Any JsonValue, object members in their stored order; a member's key is written as its KeyKind says (a bare
  // key that is a decimal integer goes through IntKey, other bare keys are quoted).
  void Value(const JsonValue& value);
  // A value already encoded as JSON text, copied verbatim.
  void RawValue(std::string_view json);

  // The text so far; complete once every Begin has its End.
  const std::string& text() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void BeforeValue();
  void BeforeKey();
  void AppendString(std::string_view s);

  JsonStyle style_;
  std::string out_;
  struct Frame {
    bool is_array = false;
    bool empty = true;
  };
  std::vector<Frame> stack_;
  bool key_pending_ = false;
};

// The text of `s` as a JSON string literal (quotes included), escaped as `style` says.
void AppendJsonString(std::string_view s, JsonStyle style, std::string* out);

// Compact JSON of `value` (kFastjson unless told otherwise).
std::string ToJson(const JsonValue& value, JsonStyle style = JsonStyle::kFastjson);

}  // namespace spool::protocol
