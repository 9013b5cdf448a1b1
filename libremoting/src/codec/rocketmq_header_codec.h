// File: codec/rocketmq_header_codec.h
// The ROCKETMQ binary header (serialize type 1, Java's RocketMQSerializable; spec remoting.md §2.2):
//
//   code int16 | language byte | version int16 | opaque int32 | flag int32 |
//   remarkLength int32 | remark | extLength int32 | { keyLength int16 | key | valueLength int32 | value }*
//
// Encoding fails (kInvalidArgument) where Java would silently truncate: a code or version outside int16, a key
// longer than 32767 bytes. Decoding checks every length against the bytes that remain before copying, so a
// hostile length can neither read out of bounds nor make us allocate more than the header's own size. A
// zero-length remark, key or value decodes as Java's null: the remark is absent, the entry skipped.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "spool/remoting/remoting_command.h"

namespace spool::remoting::internal {

// Appends the binary header of `cmd` (never its body) to `out`. On error `out` is unchanged.
absl::Status AppendRocketMqHeader(const RemotingCommand& cmd, std::string* out);

// Replaces the header fields of `*cmd` with those in `header`; body and serialize type are left alone.
absl::Status DecodeRocketMqHeader(std::string_view header, RemotingCommand* cmd);

}  // namespace spool::remoting::internal
