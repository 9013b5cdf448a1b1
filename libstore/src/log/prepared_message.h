// File: log/prepared_message.h
// Everything about a put that can be done outside the put lock: checks, the delay-level rewrite, compression,
// the body CRC and the encoded record (with queue offset, physical offset and store timestamp left to patch).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "spool/store/message.h"
#include "spool/store/options.h"
#include "spool/store/store_status.h"

namespace spool::store::internal {

class DelayLevelTable;

struct PreparedRecord {
  std::string queue_key;  // "<topic>-<queueId>", the topic-queue table key
  bool advances_queue = true;  // NOT_TYPE and COMMIT records take a queue offset; PREPARED/ROLLBACK do not
  size_t begin = 0;  // position in PreparedMessage::bytes
  int32_t size = 0;
  HostAddress store_host;
};

struct PreparedMessage {
  PutMessageStatus status = PutMessageStatus::kPutOk;
  std::string remark;
  std::string bytes;  // all records, back to back
  std::vector<PreparedRecord> records;
  bool wait_store_msg_ok = true;
  bool ok() const { return status == PutMessageStatus::kPutOk; }
};

// RocketMQ's topic rule (TopicValidator): 1..127 characters of [%|a-zA-Z0-9_-].
bool IsValidTopic(std::string_view topic, std::string* why);

// Prepares one message. `compress` applies Spool's own body compression option.
void PrepareMessage(const Message& message, const StoreOptions& options, const DelayLevelTable& delays,
                    PreparedMessage* out);
// Prepares the re-delivery of a delayed message parked in SCHEDULE_TOPIC_XXXX to its real `topic`/`queue_id`
// (ScheduleMessageService.messageTimeup): body (as stored), flag, sysFlag, born time and host, store host and
// reconsume times copied; the property string kept byte for byte (it still carries DELAY, REAL_TOPIC, REAL_QID and
// WAIT, as RocketMQ stores it); never delayed again; the put does not wait for a sync flush.
void PrepareScheduledDelivery(const MessageRecord& parked, const std::string& topic, int32_t queue_id,
                              const StoreOptions& options, PreparedMessage* out);
// Prepares a batch: one topic and queue, no delay, no transaction (else kMessageIllegal).
void PrepareBatch(const std::vector<Message>& batch, const StoreOptions& options, PreparedMessage* out);

}  // namespace spool::store::internal
