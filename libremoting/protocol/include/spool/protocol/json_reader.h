// File: spool/protocol/json_reader.h
// ParseJson: a lenient JSON parser for wire bodies, accepting what fastjson writes and reads (spec namesrv.md §13)
// so that bodies from Java brokers and clients, rocketmq-client-cpp, Go and ali-ons all decode.
//
//   absl::StatusOr<JsonValue> doc = ParseJson(request.body());
//   if (!doc.ok()) return doc.status();   // kInvalidArgument "JSON syntax error at byte 17: expected ':'"
//
// Accepted beyond strict JSON:
//  - bare object keys: numbers and identifiers ({0:"a"}, {abc:1}), what fastjson writes for Long/Integer keys;
//  - an object or array as a key ({{"queueId":0,"topic":"T"}:5}), fastjson's inline bean keys; the member's
//    key is the compact JSON of that value, KeyKind::kStructured;
//  - single-quoted strings, \' and \xHH escapes, raw control characters inside strings;
//  - a trailing comma before } or ];
//  - a UTF-8 byte-order mark before the value.
// Rejected: anything after the root value but whitespace, unterminated strings, bad numbers or escapes, nesting
// deeper than `max_depth`. Errors are kInvalidArgument naming the byte offset; never a crash, and the parser's
// own stack use is bounded by max_depth whatever the input.
#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "spool/protocol/json_value.h"

namespace spool::protocol {

struct JsonParseOptions {
  // Arrays and objects nested deeper than this are an error. RocketMQ bodies nest at most ~6 levels.
  int max_depth = 128;
};

absl::StatusOr<JsonValue> ParseJson(std::string_view text, const JsonParseOptions& options = {});

}  // namespace spool::protocol
