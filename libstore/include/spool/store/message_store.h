// File: spool/store/message_store.h
// MessageStore: a durable, crash-safe message store whose directory is a RocketMQ 4.x store directory, byte for
// byte (CommitLog, ConsumeQueue, IndexFile, checkpoint, abort, lock, config/*.json).
//
//   StoreOptions options;
//   options.store_path_root_dir = "/tmp/store";
//   options.flush_disk_type = FlushDiskType::kSyncFlush;
//   absl::StatusOr<std::unique_ptr<MessageStore>> store = MessageStore::Open(options);
//
//   Message m;
//   m.topic = "orders";
//   m.queue_id = 0;
//   m.body = "hello";
//   PutResult put = (*store)->PutMessage(m);      // under SYNC_FLUSH: durable when status == kPutOk
//
//   GetResult got = (*store)->GetMessages({.topic = "orders", .queue_id = 0, .offset = 0, .max_messages = 32});
//   for (const MessageRecord& r : got.messages) { ... }
//   (*store)->WaitForMessages("orders", 0, got.next_begin_offset, absl::Seconds(5));   // blocks, no polling
//
// Thread safety: every method may be called from any thread concurrently. Close() (or destruction) must not race
// with other calls; the object must outlive every call into it.
//
// Lifecycle: Open recovers (normal or abnormal, per the abort file), dispatches the log into ConsumeQueues and the
// index, starts the background services and takes the store lock. Close stops them in order, flushes, writes the
// checkpoint, deletes the abort file only if everything succeeded, and releases the lock.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "spool/store/message.h"
#include "spool/store/options.h"
#include "spool/store/store_status.h"

namespace spool::store {

struct PutResult {
  PutMessageStatus status = PutMessageStatus::kUnknownError;
  // Set when the record was stored (kPutOk, kFlushDiskTimeout, ...). For a batch: the first record.
  int64_t commit_log_offset = -1;
  int32_t total_size = 0;  // bytes of all records written
  int64_t queue_offset = -1;
  int32_t message_count = 0;
  int64_t store_timestamp = 0;
  // offsetMsgId of each record, in order.
  std::vector<std::string> offset_msg_ids;
  // Why it failed, for statuses other than kPutOk.
  std::string remark;
  bool stored() const { return commit_log_offset >= 0; }
  bool ok() const { return status == PutMessageStatus::kPutOk; }
};

struct GetRequest {
  std::string topic;
  int32_t queue_id = 0;
  int64_t offset = 0;
  int32_t max_messages = 32;
  // Stop adding records once this many bytes are collected (0 = the store's transfer limits only).
  int64_t max_bytes = 0;
  // Tag filter: empty or "*" = all; otherwise `||`-separated tags (RocketMQ's subscription expression), matched
  // through the ConsumeQueue tag hash and then the record's TAGS property.
  std::string tag_expression;
  // Decode records into `messages` (true) or only return their raw bytes (false).
  bool decode = true;
};

struct GetResult {
  GetMessageStatus status = GetMessageStatus::kNoMatchedLogicQueue;
  int64_t next_begin_offset = 0;
  int64_t min_offset = 0;
  int64_t max_offset = 0;
  std::vector<MessageRecord> messages;
  // Raw record bytes, one entry per record, same order as `messages`.
  std::vector<std::string> raw;
  // Queue offset of each returned record.
  std::vector<int64_t> queue_offsets;
  bool suggest_pulling_from_slave = false;
};

struct QueryResult {
  std::vector<MessageRecord> messages;
  int64_t index_last_update_timestamp = 0;
  int64_t index_last_update_phy_offset = 0;
};

struct StoreStats {
  int64_t commit_log_min_offset = 0;
  int64_t commit_log_max_offset = 0;   // end of written data
  int64_t commit_log_flushed_offset = 0;
  int64_t dispatched_offset = 0;       // ConsumeQueues and index are built up to here
  int64_t put_count = 0;
};

class TopicConfigTable;
class ConsumerOffsetTable;

class MessageStore {
 public:
  static absl::StatusOr<std::unique_ptr<MessageStore>> Open(const StoreOptions& options);

  virtual ~MessageStore() = default;
  MessageStore(const MessageStore&) = delete;
  MessageStore& operator=(const MessageStore&) = delete;

  // Appends one message; assigns its queue offset. Under SYNC_FLUSH with WAIT absent or "true" it returns once
  // the record is durable (kPutOk) or the wait timed out (kFlushDiskTimeout: stored, durability unknown).
  virtual PutResult PutMessage(const Message& message) = 0;
  // Appends messages of one topic and queue as consecutive records in one segment with consecutive queue
  // offsets, sharing one store timestamp (RocketMQ's SEND_BATCH_MESSAGE).
  virtual PutResult PutMessages(const std::vector<Message>& batch) = 0;

  // The same puts without blocking on the flush (RocketMQ 4.9's asyncPutMessage): the same checks, encoding and
  // append, then `done` gets the result PutMessage would return. It runs exactly once: at once on the calling
  // thread when there is nothing to wait for (a refusal, ASYNC_FLUSH, WAIT=false, already durable); under
  // SYNC_FLUSH with WAIT on the group-commit thread, once the record is durable (kPutOk), at syncFlushTimeout or
  // on a failed sync (kFlushDiskTimeout), or at Close. `done` must be quick: it must not block (the next group
  // commit waits for it), must not call Close, and must not call back into a put that waits (PutMessage). It may
  // start another async put. Close answers every pending `done` before it returns.
  using PutCallback = absl::AnyInvocable<void(PutResult)>;
  virtual void PutMessageAsync(const Message& message, PutCallback done) = 0;
  virtual void PutMessagesAsync(const std::vector<Message>& batch, PutCallback done) = 0;

  virtual GetResult GetMessages(const GetRequest& request) = 0;
  // Blocks until the queue's max offset exceeds `offset`, the timeout elapses or the store closes. Returns true
  // if messages are available. Woken by dispatch, not by polling.
  virtual bool WaitForMessages(const std::string& topic, int32_t queue_id, int64_t offset,
                               absl::Duration timeout) = 0;

  virtual int64_t GetMinOffsetInQueue(const std::string& topic, int32_t queue_id) = 0;
  virtual int64_t GetMaxOffsetInQueue(const std::string& topic, int32_t queue_id) = 0;
  // Queue offset of the message stored closest to `timestamp_ms` (RocketMQ's getOffsetInQueueByTime).
  virtual int64_t GetOffsetInQueueByTime(const std::string& topic, int32_t queue_id, int64_t timestamp_ms) = 0;
  // Store time of the message at `queue_offset`, or -1.
  virtual int64_t GetMessageStoreTimestamp(const std::string& topic, int32_t queue_id, int64_t queue_offset) = 0;
  // The record at a commit-log offset.
  virtual absl::StatusOr<MessageRecord> LookMessageByOffset(int64_t commit_log_offset) = 0;
  // Messages whose KEYS contain `key` or whose UNIQ_KEY is `key`, stored within [begin_ms, end_ms], through the
  // IndexFile; hash collisions are filtered out.
  virtual QueryResult QueryMessages(const std::string& topic, const std::string& key, int32_t max_num,
                                    int64_t begin_ms, int64_t end_ms) = 0;

  // Topics and queue ids present in the ConsumeQueues.
  virtual std::vector<std::pair<std::string, int32_t>> ListQueues() = 0;

  // config/topics.json and config/consumerOffset.json, loaded at Open, persisted at Close (and by Persist()).
  virtual TopicConfigTable& topic_config() = 0;
  virtual ConsumerOffsetTable& consumer_offsets() = 0;
  // Writes config/*.json now.
  virtual absl::Status PersistMetadata() = 0;

  // Flushes the commit log and ConsumeQueues now (whatever the flush mode).
  virtual absl::Status Flush() = 0;
  // Runs retention once, as the clean service does at `deleteWhen` (force = as if the disk were full).
  virtual absl::Status RunRetention(bool force) = 0;

  virtual StoreStats Stats() = 0;
  virtual const StoreOptions& options() const = 0;

  // Clean shutdown; idempotent. Returns the first error met on the way (the abort file is then kept, so the next
  // Open recovers abnormally).
  virtual absl::Status Close() = 0;

 protected:
  MessageStore() = default;
};

}  // namespace spool::store
