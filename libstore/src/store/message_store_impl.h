// File: store/message_store_impl.h
// DefaultMessageStore's job without its god class: this file wires the parts (CommitLog, ConsumeQueueTable,
// IndexService, checkpoint, services) together and owns the open/close sequence; each part lives in its own file.
#pragma once

#include <memory>
#include <string>

#include "log/commit_log.h"
#include "log/consume_queue_table.h"
#include "log/delay_level_table.h"
#include "log/group_commit_service.h"
#include "log/index_service.h"
#include "log/reput_service.h"
#include "log/running_flags.h"
#include "log/store_checkpoint.h"
#include "schedule/schedule_message_service.h"
#include "spool/store/consumer_offsets.h"
#include "spool/store/message_store.h"
#include "spool/store/topic_config.h"
#include "store/retention.h"
#include "util/periodic_thread.h"

namespace spool::store::internal {

class MessageStoreImpl final : public MessageStore {
 public:
  explicit MessageStoreImpl(const StoreOptions& options);
  ~MessageStoreImpl() override;

  // Recovery and start-up; on error the object is left closed.
  absl::Status Open();

  PutResult PutMessage(const Message& message) override;
  PutResult PutMessages(const std::vector<Message>& batch) override;
  void PutMessageAsync(const Message& message, PutCallback done) override;
  void PutMessagesAsync(const std::vector<Message>& batch, PutCallback done) override;
  GetResult GetMessages(const GetRequest& request) override;
  bool WaitForMessages(const std::string& topic, int32_t queue_id, int64_t offset, absl::Duration timeout) override;
  int64_t GetMinOffsetInQueue(const std::string& topic, int32_t queue_id) override;
  int64_t GetMaxOffsetInQueue(const std::string& topic, int32_t queue_id) override;
  int64_t GetOffsetInQueueByTime(const std::string& topic, int32_t queue_id, int64_t timestamp_ms) override;
  int64_t GetMessageStoreTimestamp(const std::string& topic, int32_t queue_id, int64_t queue_offset) override;
  absl::StatusOr<MessageRecord> LookMessageByOffset(int64_t commit_log_offset) override;
  QueryResult QueryMessages(const std::string& topic, const std::string& key, int32_t max_num, int64_t begin_ms,
                            int64_t end_ms) override;
  std::vector<std::pair<std::string, int32_t>> ListQueues() override;
  TopicConfigTable& topic_config() override { return *topics_; }
  ConsumerOffsetTable& consumer_offsets() override { return *offsets_; }
  absl::Status PersistMetadata() override;
  absl::Status Flush() override;
  absl::Status RunRetention(bool force) override;
  StoreStats Stats() override;
  const StoreOptions& options() const override { return options_; }
  absl::Status Close() override;

  // The delayed-message service (tests drive it with a ManualClock); nullptr before Open.
  ScheduleMessageService* schedule_service() { return schedule_.get(); }

 private:
  // The put path of a re-delivered delayed message: the store's refusals, no topic-config queue check (RocketMQ's
  // store has none; the queue was checked when the message was first put).
  PutResult PutScheduled(const PreparedMessage& prepared);
  // Appends and answers through `done`: at once, or after the group commit (the one put path; the blocking puts
  // wait on it).
  void PutAsync(const PreparedMessage& prepared, PutCallback done);
  PutResult Put(const PreparedMessage& prepared);
  // Empty if the queue may take messages, else why not.
  std::string CheckQueue(const std::string& topic, int32_t queue_id);
  PutResult Refuse(PutMessageStatus status, std::string remark);
  // Truncates the ConsumeQueues to what the recovered log backs; returns where re-dispatch must start.
  absl::StatusOr<int64_t> RecoverQueues(const RecoveryReport& report, bool abnormal);
  // Whether `unit` (queue offset `queue_offset` of `cq`) names a whole record of that queue below `end`, with its
  // size and tag code. *segment caches the last segment looked at.
  bool UnitMatchesLog(const ConsumeQueue& cq, int64_t queue_offset, const CqUnit& unit, int64_t end,
                      std::shared_ptr<MappedFile>* segment);
  absl::Status StartServices();
  void FlushCommitLogAsync();
  void FlushConsumeQueues(bool thorough);
  absl::StatusOr<int64_t> SyncCommitLog(int64_t target);
  absl::Status ReadRecord(int64_t offset, std::string* out);
  // The same, reusing *segment when it holds `offset` (a batch of reads mostly stays in one segment).
  absl::Status ReadRecord(int64_t offset, std::shared_ptr<MappedFile>* segment, std::string* out);

  StoreOptions options_;
  FileSystem* fs_;
  Clock* clock_;
  RunningFlags flags_;
  DelayLevelTable delays_;
  std::unique_ptr<FileLock> lock_;
  std::unique_ptr<StoreCheckpoint> checkpoint_;
  std::unique_ptr<CommitLog> commit_log_;
  std::unique_ptr<ConsumeQueueTable> queues_;
  std::unique_ptr<IndexService> index_;
  std::unique_ptr<ReputService> reput_;
  std::unique_ptr<GroupCommitService> group_commit_;
  std::unique_ptr<PeriodicThread> async_flush_;
  std::unique_ptr<PeriodicThread> queue_flush_;
  std::unique_ptr<PeriodicThread> cleaner_;
  std::unique_ptr<PeriodicThread> offset_persister_;
  std::unique_ptr<ScheduleMessageService> schedule_;
  std::unique_ptr<Retention> retention_;
  std::unique_ptr<TopicConfigTable> topics_;
  std::unique_ptr<ConsumerOffsetTable> offsets_;
  std::atomic<int64_t> put_count_{0};
  int64_t last_thorough_flush_ms_ = 0;     // async flush thread only
  int64_t last_thorough_cq_flush_ms_ = 0;  // queue flush thread only
  int64_t total_ram_bytes_ = 0;
  bool opened_ = false;
  bool closed_ = false;
  absl::Mutex close_mu_;
};

}  // namespace spool::store::internal
