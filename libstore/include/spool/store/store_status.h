// File: spool/store/store_status.h
// Put and get outcomes, as RocketMQ's PutMessageStatus and GetMessageStatus. They are values, not errors: they
// travel on the wire (the broker maps them to response codes).
#pragma once

#include <string_view>

namespace spool::store {

enum class PutMessageStatus {
  kPutOk,
  kFlushDiskTimeout,   // stored, not known durable within syncFlushTimeout
  kFlushSlaveTimeout,
  kSlaveNotAvailable,
  kServiceNotAvailable,  // closed, slave, or read-only after an I/O error
  kCreateMappedFileFailed,
  kMessageIllegal,
  kPropertiesSizeExceeded,
  kOsPageCacheBusy,
  kUnknownError,
};

enum class GetMessageStatus {
  kFound,
  kNoMatchedMessage,
  kMessageWasRemoving,
  kOffsetFoundNull,
  kOffsetOverflowBadly,
  kOffsetOverflowOne,
  kOffsetTooSmall,
  kNoMatchedLogicQueue,
  kNoMessageInQueue,
};

// RocketMQ's enum constant names: "PUT_OK", "FLUSH_DISK_TIMEOUT", "OFFSET_OVERFLOW_ONE", ...
std::string_view ToString(PutMessageStatus status);
std::string_view ToString(GetMessageStatus status);

}  // namespace spool::store
