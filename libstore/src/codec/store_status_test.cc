#include "spool/store/store_status.h"

#include <catch2/catch.hpp>

namespace spool::store {
namespace {

TEST_CASE("PutMessageStatus names are RocketMQ's", "[codec][store_status]") {
  CHECK(ToString(PutMessageStatus::kPutOk) == "PUT_OK");
  CHECK(ToString(PutMessageStatus::kFlushDiskTimeout) == "FLUSH_DISK_TIMEOUT");
  CHECK(ToString(PutMessageStatus::kFlushSlaveTimeout) == "FLUSH_SLAVE_TIMEOUT");
  CHECK(ToString(PutMessageStatus::kSlaveNotAvailable) == "SLAVE_NOT_AVAILABLE");
  CHECK(ToString(PutMessageStatus::kServiceNotAvailable) == "SERVICE_NOT_AVAILABLE");
  CHECK(ToString(PutMessageStatus::kCreateMappedFileFailed) == "CREATE_MAPEDFILE_FAILED");  // sic
  CHECK(ToString(PutMessageStatus::kMessageIllegal) == "MESSAGE_ILLEGAL");
  CHECK(ToString(PutMessageStatus::kPropertiesSizeExceeded) == "PROPERTIES_SIZE_EXCEEDED");
  CHECK(ToString(PutMessageStatus::kOsPageCacheBusy) == "OS_PAGECACHE_BUSY");
  CHECK(ToString(PutMessageStatus::kUnknownError) == "UNKNOWN_ERROR");
}

TEST_CASE("GetMessageStatus names are RocketMQ's", "[codec][store_status]") {
  CHECK(ToString(GetMessageStatus::kFound) == "FOUND");
  CHECK(ToString(GetMessageStatus::kNoMatchedMessage) == "NO_MATCHED_MESSAGE");
  CHECK(ToString(GetMessageStatus::kMessageWasRemoving) == "MESSAGE_WAS_REMOVING");
  CHECK(ToString(GetMessageStatus::kOffsetFoundNull) == "OFFSET_FOUND_NULL");
  CHECK(ToString(GetMessageStatus::kOffsetOverflowBadly) == "OFFSET_OVERFLOW_BADLY");
  CHECK(ToString(GetMessageStatus::kOffsetOverflowOne) == "OFFSET_OVERFLOW_ONE");
  CHECK(ToString(GetMessageStatus::kOffsetTooSmall) == "OFFSET_TOO_SMALL");
  CHECK(ToString(GetMessageStatus::kNoMatchedLogicQueue) == "NO_MATCHED_LOGIC_QUEUE");
  CHECK(ToString(GetMessageStatus::kNoMessageInQueue) == "NO_MESSAGE_IN_QUEUE");
}

}  // namespace
}  // namespace spool::store
