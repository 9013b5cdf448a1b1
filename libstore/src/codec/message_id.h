// File: codec/message_id.h
// offsetMsgId: store host address + port + commit-log offset, uppercase hex (MessageDecoder.createMessageId).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "spool/store/message.h"

namespace spool::store::internal {

std::string CreateOffsetMsgId(const HostAddress& store_host, int64_t commit_log_offset);

struct DecodedMessageId {
  HostAddress store_host;
  int64_t commit_log_offset = 0;
};
// 32 hex characters = IPv4, 56 = IPv6; anything else kInvalidArgument.
absl::StatusOr<DecodedMessageId> DecodeOffsetMsgId(std::string_view id);

std::string BytesToHex(std::string_view bytes);  // uppercase

}  // namespace spool::store::internal
