// File: spool/client/send_result.h
// SendResult: what a send returns when the broker stored the message (SendStatus other than SEND_OK still means
// stored, but not yet flushed or replicated in time).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "spool/client/message_queue.h"

namespace spool::client {

enum class SendStatus {
  kSendOk,
  kFlushDiskTimeout,
  kFlushSlaveTimeout,
  kSlaveNotAvailable,
};

// "SEND_OK", "FLUSH_DISK_TIMEOUT", ...
std::string_view SendStatusName(SendStatus status);

struct SendResult {
  SendStatus status = SendStatus::kSendOk;
  // The client-generated UNIQ_KEY (a batch: the keys joined with ',').
  std::string msg_id;
  // The broker's id(s) of the stored record(s).
  std::string offset_msg_id;
  MessageQueue queue;
  int64_t queue_offset = 0;
  std::string region_id;
  bool trace_on = true;
};

}  // namespace spool::client
