// File: apps/mqadmin/message_record.h
// Decoding the stored v1 records a broker returns in VIEW_MESSAGE_BY_ID, QUERY_MESSAGE and PULL_MESSAGE bodies
// (spec store.md §2.1; MessageDecoder.decode with isClient = true): every field, the body inflated when SYSFLAG
// bit 0 says it is zlib-compressed, the properties split, and the offsetMsgId rebuilt from the store host and
// commit-log offset.
//
//   SPOOL_ASSIGN_OR_RETURN(std::vector<MessageRecord> msgs, DecodeRecords(response.body()));
//
// Bad bytes give kDataLoss naming the record's position in the body; never a crash or an over-read.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "spool/protocol/message_properties.h"

namespace spool::mqadmin {

struct MessageRecord {
  int32_t store_size = 0;
  int32_t body_crc = 0;
  int32_t queue_id = 0;
  int32_t flag = 0;
  int64_t queue_offset = 0;
  int64_t commit_log_offset = 0;
  int32_t sys_flag = 0;
  int64_t born_timestamp = 0;
  // "ip:port" ("[v6]:port" for IPv6).
  std::string born_host;
  int64_t store_timestamp = 0;
  std::string store_host;
  int32_t reconsume_times = 0;
  int64_t prepared_transaction_offset = 0;
  // Inflated when the record was stored compressed.
  std::string body;
  std::string topic;
  protocol::MessagePropertyList properties;
  std::string offset_msg_id;

  // MessageClientExt.getMsgId: the UNIQ_KEY when the producer set one, else the offsetMsgId.
  std::string MsgId() const;
  // The property's value, or "null" as Java prints a missing one.
  std::string PropertyOrNull(std::string_view name) const;
};

absl::StatusOr<std::vector<MessageRecord>> DecodeRecords(std::string_view bytes);

}  // namespace spool::mqadmin
