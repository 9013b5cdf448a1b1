// File: record_decoder.h
// The body of a FOUND pull: the broker's commit-log records of the queue, back to back (spec store.md, v1 layout),
// decoded into MessageExt with bodies inflated, as MessageDecoder.decodes does on the Java client.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "spool/client/message.h"

namespace spool::client::internal {

// kDataLoss naming the record index and byte offset when a record is malformed or a compressed body does not
// inflate. `broker_name` fills MessageExt::broker_name.
absl::StatusOr<std::vector<MessageExt>> DecodePulledRecords(std::string_view body, const std::string& broker_name);

}  // namespace spool::client::internal
