// File: spool/protocol/json_fields.h
// Typed reads of parsed JSON, as lenient as fastjson's bean deserializer, for decoding bodies into structs.
//
//   SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(value, "QueueData"));
//   SPOOL_RETURN_IF_ERROR(f.String("brokerName", &qd.broker_name));
//   SPOOL_RETURN_IF_ERROR(f.Int32("perm", &qd.perm));     // error: "QueueData.perm: expected a 32-bit integer"
//
// A missing member or a JSON null leaves the output untouched (fastjson keeps the field's default) and unknown
// members are ignored. Conversions accepted:
//  - integers: a JSON integer, or a string holding a decimal integer ("5");
//  - booleans: true/false, the strings "true"/"false" (any case), and 1/0 or "1"/"0" (rocketmq-client-cpp 2.x
//    writes booleans as digits);
//  - strings: a string, or a number or boolean taken as its text (ali-ons and cpp send numbers where Java has
//    strings).
// Errors are kInvalidArgument naming the JSON path.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "spool/protocol/json_value.h"

namespace spool::protocol {

// Value-level conversions; `path` names the value in errors.
absl::Status JsonToInt64(const JsonValue& v, std::string_view path, int64_t* out);
absl::Status JsonToInt32(const JsonValue& v, std::string_view path, int32_t* out);
absl::Status JsonToBool(const JsonValue& v, std::string_view path, bool* out);
absl::Status JsonToString(const JsonValue& v, std::string_view path, std::string* out);
// An array of strings (elements converted as JsonToString; null elements skipped).
absl::Status JsonToStringList(const JsonValue& v, std::string_view path, std::vector<std::string>* out);
// OK when `v` is an object or null (a map or bean fastjson may leave out), else kInvalidArgument; then iterate
// v.members() (empty for null).
absl::Status JsonExpectObject(const JsonValue& v, std::string_view path);
// The same for arrays (v.elements()).
absl::Status JsonExpectArray(const JsonValue& v, std::string_view path);
// A map key that must be a decimal integer (bare 0 or quoted "0"), e.g. a broker id.
absl::Status JsonKeyToInt64(const JsonValue::Member& member, std::string_view path, int64_t* out);

// The members of one JSON object. Holds a pointer to `value`, which must outlive it.
class JsonFields {
 public:
  // kInvalidArgument when `value` is neither an object nor null (null reads as an empty object).
  static absl::StatusOr<JsonFields> Of(const JsonValue& value, std::string path);

  // The member's value, or nullptr when absent.
  const JsonValue* Find(std::string_view key) const;
  // "<path>.<key>", for errors of nested decoders.
  std::string PathOf(std::string_view key) const;
  const std::string& path() const { return path_; }

  absl::Status Int64(std::string_view key, int64_t* out) const;
  absl::Status Int32(std::string_view key, int32_t* out) const;
  absl::Status Bool(std::string_view key, bool* out) const;
  absl::Status String(std::string_view key, std::string* out) const;
  absl::Status StringList(std::string_view key, std::vector<std::string>* out) const;

 private:
  JsonFields(const JsonValue* value, std::string path) : value_(value), path_(std::move(path)) {}

  const JsonValue* value_;
  std::string path_;
};

}  // namespace spool::protocol
