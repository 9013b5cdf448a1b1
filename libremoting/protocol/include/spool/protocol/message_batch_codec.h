// File: spool/protocol/message_batch_codec.h
// The body of a batch send (SEND_BATCH_MESSAGE, or any send whose header says batch=true): one record per message
// as MessageDecoder.encodeMessages writes it (spec broker.md §3.1), all integers big-endian:
//
//   int32 totalSize = 20 + bodyLen + 2 + propsLen | int32 magic (0) | int32 bodyCRC (0) | int32 flag |
//   int32 bodyLen | body | int16 propsLen | properties string (message_properties.h)
//
//   std::vector<BatchMessage> batch = {{.flag = 0, .body = "a", .properties = "UNIQ_KEY\x01...\x02TAGS\x01T"}};
//   std::string body = EncodeMessageBatch(batch);
//   absl::StatusOr<std::vector<BatchMessage>> back = DecodeMessageBatch(body);
//
// The properties stay a string so that what a client sent (UNIQ_KEY, its separator style) is kept exactly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace spool::protocol {

struct BatchMessage {
  int32_t flag = 0;
  std::string body;
  std::string properties;

  friend bool operator==(const BatchMessage& a, const BatchMessage& b) = default;
};

// The properties string of one message must stay under 32768 bytes (its length is a Java short): longer ones are
// kInvalidArgument.
absl::StatusOr<std::string> EncodeMessageBatch(const std::vector<BatchMessage>& messages);

// kInvalidArgument naming the record index and byte offset for a truncated record, a totalSize that disagrees
// with the lengths inside it, or a negative length. An empty body decodes as an empty batch.
absl::StatusOr<std::vector<BatchMessage>> DecodeMessageBatch(std::string_view body);

}  // namespace spool::protocol
