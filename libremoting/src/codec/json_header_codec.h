// File: codec/json_header_codec.h
// The JSON header (serialize type 0): what fastjson 1.2.69 writes for Java's RemotingCommand bean, and a lenient
// reader for what stock clients send (spec remoting.md §2.1).
//
//   std::string header;
//   AppendJsonHeader(cmd, &header);
//   // {"code":105,"extFields":{"topic":"TopicTest"},"flag":0,"language":"JAVA","opaque":0,
//   //  "serializeTypeCurrentRPC":"JSON","version":407}
//
// Writing: compact, keys in the bean's alphabetical order (code, extFields, flag, language, opaque, remark,
// serializeTypeCurrentRPC, version), extFields omitted when empty and remark when absent (fastjson drops nulls),
// every extFields value a JSON string (Go's decoder is map[string]string; cpp checks isString()), strings escaped
// as fastjson does.
//
// Reading, as lenient as fastjson's defaults: unknown keys ignored; numbers, booleans and nested JSON where a
// string is expected become their text (ali-ons and cpp send "queueId":0, "unitMode":false); integers may be
// quoted; a null value counts as absent; `language` is an enum name or ordinal (unknown names: kOther);
// `serializeTypeCurrentRPC` is ignored (the frame's type byte wins). Absent fields take Java's bean defaults
// (version 0, language JAVA). Not accepted although fastjson takes them: unquoted keys and single quotes (no stock
// client writes them), and nested values deeper than 32 levels where a string is expected. Nesting never
// consumes the C++ stack (iterative parser, iterative depth check), so hostile input cannot overflow it.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "spool/remoting/remoting_command.h"

namespace spool::remoting::internal {

// Appends the header JSON of `cmd` (never its body) to `out`.
void AppendJsonHeader(const RemotingCommand& cmd, std::string* out);

// Replaces the header fields of `*cmd` (code, language, version, opaque, flag, remark, extFields) with those in
// `header`. The body and serialize type are left alone. kInvalidArgument names what was wrong; on error `*cmd`
// is unspecified.
absl::Status DecodeJsonHeader(std::string_view header, RemotingCommand* cmd);

// fastjson's string literal (quotes included): `"`, `\` and control characters escaped (\b \t \n \f \r, others
// and U+007F..U+009F as \u00XX, upper-case hex), everything else copied as is (UTF-8 passes through).
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace spool::remoting::internal
