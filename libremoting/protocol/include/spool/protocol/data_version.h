// File: spool/protocol/data_version.h
// DataVersion: the version stamp a broker attaches to its topic table (and its config): a timestamp and a
// counter, bumped on every change. The name server compares it to decide whether a registration carries news
// (spec namesrv.md §3.3, §5).
//
//   DataVersion v{.timestamp = 1700000000000, .counter = 5};
//   std::string json = v.Encode();                          // {"counter":5,"timestamp":1700000000000}
//   absl::StatusOr<DataVersion> back = DataVersion::Decode(json);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "spool/protocol/json_value.h"
#include "spool/protocol/json_writer.h"

namespace spool::protocol {

struct DataVersion {
  // Milliseconds since the epoch of the last change.
  int64_t timestamp = 0;
  int64_t counter = 0;

  // Java's DataVersion.equals: same timestamp and same counter.
  friend bool operator==(const DataVersion& a, const DataVersion& b) = default;

  void WriteJson(JsonWriter* w) const;
  static absl::StatusOr<DataVersion> FromJson(const JsonValue& v, std::string_view path = "DataVersion");

  std::string Encode(JsonStyle style = JsonStyle::kFastjson) const;
  static absl::StatusOr<DataVersion> Decode(std::string_view json);
};

}  // namespace spool::protocol
