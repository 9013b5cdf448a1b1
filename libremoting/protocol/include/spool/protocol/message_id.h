// File: spool/protocol/message_id.h
// offsetMsgId (MessageDecoder.createMessageId / decodeMessageId): the id a broker returns for a stored record,
// uppercase hex of the store host's address (4 bytes IPv4 or 16 bytes IPv6), its port (4 bytes) and the record's
// commit-log offset (8 bytes), all big-endian: 32 hex characters for IPv4, 56 for IPv6. Clients decode it to
// reach the broker that holds the record (VIEW_MESSAGE_BY_ID, END_TRANSACTION).
//
//   absl::StatusOr<std::string> id = EncodeOffsetMessageId("10.0.0.1:10911", 1234);
//   //   "0A00000100002A9F00000000000004D2"
//   absl::StatusOr<OffsetMessageId> parts = DecodeOffsetMessageId(*id);
//   parts->Address();   // "10.0.0.1:10911"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace spool::protocol {

struct OffsetMessageId {
  // Dotted IPv4 or textual IPv6 (no brackets).
  std::string host;
  int32_t port = 0;
  int64_t commit_log_offset = 0;

  // "host:port", brackets around an IPv6 host.
  std::string Address() const;

  friend bool operator==(const OffsetMessageId& a, const OffsetMessageId& b) = default;
};

// `address` is "a.b.c.d:port" or "[v6]:port". kInvalidArgument for anything else (a host name is not resolved).
absl::StatusOr<std::string> EncodeOffsetMessageId(std::string_view address, int64_t commit_log_offset);
// kInvalidArgument unless `id` is 32 or 56 hex digits (either case).
absl::StatusOr<OffsetMessageId> DecodeOffsetMessageId(std::string_view id);

}  // namespace spool::protocol
