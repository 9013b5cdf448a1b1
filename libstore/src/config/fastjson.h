// File: config/fastjson.h
// Reading and writing the JSON dialect RocketMQ's config/*.json files are in: what Alibaba fastjson writes with
// JSON.toJSONString(obj, prettyFormat = true) and reads back.
//
//   rapidjson::Document doc;
//   SPOOL_RETURN_IF_ERROR(ParseFastjson(text, &doc));          // accepts {0:11,1:10}
//
//   FastjsonWriter w;
//   w.BeginObject();
//   w.Key("offsetTable");
//   w.BeginObject();
//   w.IntKey(3);
//   w.Int(1);
//   w.EndObject();
//   w.EndObject();
//   std::string text = w.Take();                               // "{\n\t\"offsetTable\":{3:1\n\t}\n}"
//
// The pretty format, byte for byte (fastjson 1.2.x MapSerializer / JavaBeanSerializer / ListSerializer):
//  - one tab per nesting level, "\n" line breaks, no trailing newline;
//  - an object or string-keyed map writes each member on its own line ("\n" + indent + "\"key\":value"), members
//    separated by ",", and closes with "\n" + indent + "}"; an empty one is "{}";
//  - a map with non-string (integer) keys writes its members on the opening line without breaks ("{0:11,1:10")
//    but still closes on its own line ("\n" + indent + "}");
//  - bean fields in alphabetical order, maps in the Java map's iteration order (see ConcurrentHashMapOrder).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "rapidjson/document.h"

namespace spool::store::internal {

// Rewrites fastjson text into strict JSON: unquoted object keys (numbers, bare identifiers) are quoted and
// single-quoted strings become double-quoted. Trailing commas are left for the parser (see ParseFastjson).
// An error names the byte offset in `text`.
absl::StatusOr<std::string> FastjsonToJson(std::string_view text);

// Parses fastjson text into `doc` (unquoted keys, single-quoted strings and trailing commas accepted). Errors are
// kInvalidArgument naming the byte offset in `text`; callers add the file name. Strings are copied into the
// document, which does not refer to `text` afterwards.
absl::Status ParseFastjson(std::string_view text, rapidjson::Document* doc);

// Emits fastjson's pretty format. Calls must nest properly (SPOOL_CHECK); inside an object every value is preceded
// by Key or IntKey.
class FastjsonWriter {
 public:
  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();

  // A bean field or string map key: on its own line, quoted.
  void Key(std::string_view name);
  // An integer map key: unquoted, on the same line as the previous member.
  void IntKey(int64_t key);

  void String(std::string_view value);
  void Int(int64_t value);
  void Bool(bool value);
  void Null();
  void Double(double value);
  // Any parsed JSON value, objects with quoted keys in the value's member order (for fields kept verbatim).
  void Value(const rapidjson::Value& value);

  // The text so far (complete once every Begin has its End).
  const std::string& text() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  struct Frame {
    bool is_array = false;
    int members = 0;
  };
  void BeforeValue();
  void NewLine();

  std::string out_;
  std::vector<Frame> stack_;
  bool key_pending_ = false;
};

// Typed reads of parsed values, as lenient as fastjson's bean deserializer: an integer accepts a JSON integer or a
// string holding one, a boolean true/false, "true"/"false" or 1/0. A JSON null leaves `*out` unchanged (fastjson
// keeps the field's default). Errors are kInvalidArgument naming `what` (the JSON path, e.g.
// "topicConfigTable.orders.perm").
absl::Status ReadInt64(const rapidjson::Value& v, std::string_view what, int64_t* out);
absl::Status ReadInt32(const rapidjson::Value& v, std::string_view what, int32_t* out);
absl::Status ReadBool(const rapidjson::Value& v, std::string_view what, bool* out);
absl::Status ReadString(const rapidjson::Value& v, std::string_view what, std::string* out);
// A map key that must be a (32-bit) integer, e.g. a queue id.
absl::Status ParseIntKey(const rapidjson::Value& name, std::string_view what, int32_t* out);
// Compact JSON text of a value (for fields kept verbatim).
std::string ToCompactJson(const rapidjson::Value& v);
// The value of member `name` of `object` (an object), or nullptr. (rapidjson 1.1's FindMember iterators compare
// ambiguously under C++20 rewritten operators; this sidesteps them.)
const rapidjson::Value* FindMember(const rapidjson::Value& object, std::string_view name);
// The member's name as a string_view.
inline std::string_view NameOf(const rapidjson::Value& name) {
  return std::string_view(name.GetString(), name.GetStringLength());
}

// fastjson's string literal: `"`, `\` and control characters escaped (\b \t \n \f \r, others and U+007F..U+009F
// as \u00XX with upper-case hex), everything else (UTF-8) as is.
void AppendFastjsonString(std::string_view s, std::string* out);

// Iteration order of a java.util.concurrent.ConcurrentHashMap: buckets in index order, the bucket of a key being
// spread(hashCode) & (tableSize - 1). RocketMQ's config tables are ConcurrentHashMaps, so their files list keys in
// this order; writing the same order makes our files byte-identical to RocketMQ's for the same content.
//
// Table size of `new ConcurrentHashMap(initial_capacity)` (JDK 8+: the next power of two >= 1.5 * capacity + 1;
// 16 for the no-argument constructor, pass 0) after `count` insertions (it doubles once count reaches 3/4 of the
// table).
int64_t ConcurrentHashMapTableSize(int64_t initial_capacity, size_t count);
int64_t ConcurrentHashMapBucket(int32_t java_hash, int64_t table_size);
// Sorts `keys` (already in their fallback order, used among keys of one bucket: Java keeps insertion order there,
// which we do not know) into iteration order. String keys hash by Java's String.hashCode.
void SortInConcurrentHashMapOrder(std::vector<std::string>* keys, int64_t initial_capacity);
void SortInConcurrentHashMapOrder(std::vector<int32_t>* keys, int64_t initial_capacity);

}  // namespace spool::store::internal
