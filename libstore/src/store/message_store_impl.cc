#include "store/message_store_impl.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/functional/function_ref.h"
#include "absl/synchronization/notification.h"
#include "codec/java_hash.h"
#include "codec/message_codec.h"
#include "codec/message_id.h"
#include "log/mapped_file.h"
#include "util/big_endian.h"
#include "util/logging.h"
#include "spool/status_macros.h"

namespace spool::store {

absl::StatusOr<std::unique_ptr<MessageStore>> MessageStore::Open(const StoreOptions& options) {
  auto store = std::make_unique<internal::MessageStoreImpl>(options);
  SPOOL_RETURN_IF_ERROR(store->Open());
  return std::unique_ptr<MessageStore>(std::move(store));
}

namespace internal {
namespace {

StoreOptions Resolve(const StoreOptions& in) {
  StoreOptions o = in;
  if (o.store_path_root_dir.empty()) {
    const char* home = std::getenv("HOME");
    o.store_path_root_dir = JoinPath(home ? home : ".", "store");
  }
  if (o.mapped_file_size_consume_queue % kCqUnitSize != 0) {
    o.mapped_file_size_consume_queue += kCqUnitSize - o.mapped_file_size_consume_queue % kCqUnitSize;
  }
  if (o.file_system == nullptr) o.file_system = FileSystem::Default();
  if (o.clock == nullptr) o.clock = Clock::Default();
  return o;
}

std::string RefusalReason(const RunningFlags& flags) {
  if (flags.closed()) return "the store is closed";
  if (flags.io_error()) return absl::StrCat("the store is read-only after an I/O error: ", flags.io_error_message());
  if (flags.disk_full()) return "the disk is full (over diskSpaceWarningLevelRatio)";
  return "the store is not writeable";
}

// Splits a subscription expression "A || B" into tag hash codes and names.
struct TagFilter {
  bool all = true;
  std::unordered_set<int64_t> codes;
  std::unordered_set<std::string> tags;

  explicit TagFilter(const std::string& expression) {
    absl::string_view e = absl::StripAsciiWhitespace(expression);
    if (e.empty() || e == "*") return;
    all = false;
    for (absl::string_view t : absl::StrSplit(e, "||")) {
      t = absl::StripAsciiWhitespace(t);
      if (t.empty()) continue;
      tags.emplace(t);
      codes.insert(TagsCode(std::string_view(t.data(), t.size())));
    }
  }
};

}  // namespace

MessageStoreImpl::MessageStoreImpl(const StoreOptions& options)
    : options_(Resolve(options)), fs_(options_.file_system), clock_(options_.clock) {
  long pages = ::sysconf(_SC_PHYS_PAGES);
  long page_size = ::sysconf(_SC_PAGESIZE);
  total_ram_bytes_ = pages > 0 && page_size > 0 ? static_cast<int64_t>(pages) * page_size : (int64_t{8} << 30);
}

MessageStoreImpl::~MessageStoreImpl() {
  absl::Status s = Close();
  if (!s.ok()) StoreLog().error("closing store {}: {}", options_.store_path_root_dir, s.ToString());
}

absl::Status MessageStoreImpl::Open() {
  SPOOL_RETURN_IF_ERROR(options_.Validate());
  SPOOL_ASSIGN_OR_RETURN(delays_, DelayLevelTable::Parse(options_.message_delay_level));
  const std::string& root = options_.store_path_root_dir;
  SPOOL_RETURN_IF_ERROR(fs_->CreateDirs(root));

  // RocketMQ writes "lock" into the file, then holds an fcntl lock on its first byte for the store's lifetime.
  // The write comes first: closing any descriptor of a file drops this process's fcntl locks on it.
  {
    SPOOL_ASSIGN_OR_RETURN(auto f, fs_->OpenWritable(options_.LockPath(), OpenMode::kCreateOrOpen));
    SPOOL_RETURN_IF_ERROR(f->WriteAt(0, "lock"));
    SPOOL_RETURN_IF_ERROR(f->Sync());
    SPOOL_RETURN_IF_ERROR(f->Close());
  }
  auto lock = fs_->LockFile(options_.LockPath());
  if (!lock.ok()) {
    return absl::FailedPreconditionError(absl::StrCat("Lock failed,MQ already started: ", options_.LockPath(), ": ",
                                                      lock.status().message()));
  }
  lock_ = *std::move(lock);

  SPOOL_ASSIGN_OR_RETURN(bool abort_exists, fs_->Exists(options_.AbortPath()));
  const bool last_exit_ok = !abort_exists;
  SPOOL_ASSIGN_OR_RETURN(checkpoint_, StoreCheckpoint::Open(fs_, options_.CheckpointPath()));

  commit_log_ = std::make_unique<CommitLog>(options_, fs_, clock_, &delays_);
  queues_ = std::make_unique<ConsumeQueueTable>(fs_, options_.ConsumeQueueDir(), options_.mapped_file_size_consume_queue);
  if (options_.message_index_enable) {
    index_ = std::make_unique<IndexService>(fs_, clock_, options_.IndexDir(), options_.max_hash_slot_num,
                                            options_.max_index_num, checkpoint_.get());
  }
  SPOOL_RETURN_IF_ERROR(commit_log_->Load());
  SPOOL_RETURN_IF_ERROR(queues_->Load());
  if (index_) SPOOL_RETURN_IF_ERROR(index_->Load(last_exit_ok));

  for (ConsumeQueue* cq : queues_->All()) SPOOL_RETURN_IF_ERROR(cq->Recover());
  int64_t min_ts = options_.message_index_enable && options_.message_index_safe ? checkpoint_->MinTimestampIndex()
                                                                                : checkpoint_->MinTimestamp();
  SPOOL_ASSIGN_OR_RETURN(RecoveryReport report, commit_log_->Recover(!last_exit_ok, min_ts));
  SPOOL_ASSIGN_OR_RETURN(int64_t reput_from, RecoverQueues(report, !last_exit_ok));

  DelayLevelFn delay_fn = [this](int32_t level) { return delays_.DelayMs(level); };
  reput_ = std::make_unique<ReputService>(commit_log_.get(), queues_.get(), index_.get(), checkpoint_.get(), &flags_,
                                          delay_fn);
  // Recovery checked every record from its start on; re-dispatch of older records may meet damage it never saw.
  reput_->set_verified_from(report.start_offset);
  reput_->set_reput_from(reput_from);
  SPOOL_RETURN_IF_ERROR(reput_->CatchUp());
  // Queue offsets continue from what the queues hold.
  commit_log_->ClearQueueOffsets();
  for (ConsumeQueue* cq : queues_->All()) {
    commit_log_->SetQueueOffset(cq->topic(), cq->queue_id(), cq->MaxOffsetInQueue());
  }

  topics_ = std::make_unique<TopicConfigTable>(fs_, clock_, JoinPath(options_.ConfigDir(), "topics.json"));
  offsets_ = std::make_unique<ConsumerOffsetTable>(fs_, JoinPath(options_.ConfigDir(), "consumerOffset.json"));
  SPOOL_RETURN_IF_ERROR(topics_->Load());
  SPOOL_RETURN_IF_ERROR(offsets_->Load());

  // Last in RocketMQ's load order: the offsets are clamped into the recovered queues.
  ScheduleMessageService::Hooks hooks;
  hooks.find_queue = [this](int32_t queue_id) { return queues_->Find(kScheduleTopic, queue_id); };
  hooks.read_record = [this](int64_t offset, int32_t size) -> absl::StatusOr<MessageRecord> {
    std::string raw;
    SPOOL_RETURN_IF_ERROR(ReadRecord(offset, &raw));
    if (static_cast<int32_t>(raw.size()) != size) {
      return absl::DataLossError(absl::StrCat("commit-log offset ", offset, ": record of ", raw.size(),
                                              " bytes, the queue unit says ", size));
    }
    MessageRecord rec;
    SPOOL_RETURN_IF_ERROR(DecodeRecord(raw, /*check_crc=*/false, &rec));
    return rec;
  };
  hooks.put = [this](const PreparedMessage& prepared) { return PutScheduled(prepared); };
  hooks.sync_log = [this](int64_t end) -> absl::Status {
    if (flags_.io_error()) return absl::FailedPreconditionError(flags_.io_error_message());
    SPOOL_ASSIGN_OR_RETURN(int64_t flushed, SyncCommitLog(end));
    if (flushed < end) {
      return absl::UnavailableError(absl::StrCat("commit log flushed to ", flushed, ", not ", end));
    }
    return absl::OkStatus();
  };
  schedule_ = std::make_unique<ScheduleMessageService>(options_, &delays_, clock_, std::move(hooks));
  SPOOL_RETURN_IF_ERROR(schedule_->Load());

  retention_ = std::make_unique<Retention>(options_, fs_, clock_, commit_log_.get(), queues_.get(), index_.get(),
                                           &flags_);
  // The abort file marks a running store: a crash from here on is recovered abnormally.
  {
    SPOOL_ASSIGN_OR_RETURN(auto f, fs_->OpenWritable(options_.AbortPath(), OpenMode::kCreateOrOpen));
    SPOOL_RETURN_IF_ERROR(f->Close());
    SPOOL_RETURN_IF_ERROR(fs_->SyncDir(root));
  }
  SPOOL_RETURN_IF_ERROR(StartServices());
  opened_ = true;
  StoreLog().info("store {} open: commit log [{}, {}), {} queues, last exit {}", root, commit_log_->min_offset(),
                  commit_log_->max_offset(), queues_->All().size(), last_exit_ok ? "clean" : "abnormal");
  return absl::OkStatus();
}

absl::StatusOr<int64_t> MessageStoreImpl::RecoverQueues(const RecoveryReport& report, bool abnormal) {
  if (commit_log_->files().FileCount() == 0) {
    for (ConsumeQueue* cq : queues_->All()) SPOOL_RETURN_IF_ERROR(cq->Destroy());
    return 0;
  }
  const int64_t log_min = commit_log_->min_offset();
  const int64_t end = report.end_offset;
  // After a crash, queue units for records at or after the recovery start may not have been synced: a torn sector
  // can hold garbage that still looks like units. Those units are rebuilt from the log (re-dispatch starts
  // there); units before it were flushed before the checkpoint recovery started from.
  const int64_t keep_below = abnormal ? std::min(end, report.start_offset) : end;
  if (queues_->MaxPhysicOffset() > keep_below) {
    StoreLog().warn("consume queues point past {} (commit log end {}): truncating them", keep_below, end);
    for (ConsumeQueue* cq : queues_->All()) SPOOL_RETURN_IF_ERROR(cq->TruncateDirty(keep_below));
  }
  // Every unit left must name its record: a torn or damaged unit, a missing file or a queue that a lying
  // checkpoint made us trust would otherwise serve holes or other queues' records, or start re-dispatch inside a
  // record. A queue is cut at its first bad unit and rebuilt from the log.
  // The queues to rebuild: after a crash every queue (the checkpoint vouches only for units before the recovery
  // start, and a queue may have lost units it does not know about), otherwise the damaged ones.
  int64_t rebuild_from = std::numeric_limits<int64_t>::max();
  std::shared_ptr<MappedFile> segment;
  for (ConsumeQueue* cq : queues_->All()) {
    auto matches = [&](int64_t queue_offset, const CqUnit& unit) {
      return UnitMatchesLog(*cq, queue_offset, unit, end, &segment);
    };
    SPOOL_ASSIGN_OR_RETURN(bool truncated, cq->TruncateInvalid(matches));
    if (abnormal || truncated || cq->lost_units_on_recover()) {
      rebuild_from = std::min(rebuild_from, cq->max_physic_offset());
    }
  }
  for (ConsumeQueue* cq : queues_->All()) cq->CorrectMinOffset(log_min);

  // Every candidate is a record boundary: a segment start, or the end of a record a checked unit names.
  int64_t from = std::max(log_min, queues_->MaxPhysicOffset());
  // After a crash the index may lack entries the queues have: re-dispatch from where recovery began (queue puts
  // are idempotent; the index skips what it holds).
  if (abnormal) from = std::min(from, report.start_offset);
  if (rebuild_from != std::numeric_limits<int64_t>::max()) from = std::min(from, std::max(log_min, rebuild_from));
  // Index files deleted as possibly torn are rebuilt from the log, even from before the recovery start. The
  // offset comes from an index file header: start at its segment, a sure record boundary.
  if (index_ && index_->rebuild_from() >= 0) {
    const int64_t size = options_.mapped_file_size_commit_log;
    const int64_t at = std::clamp(index_->rebuild_from(), log_min, end);
    from = std::min(from, std::max(log_min, at - at % size));
  }
  return std::min(from, end);
}

bool MessageStoreImpl::UnitMatchesLog(const ConsumeQueue& cq, int64_t queue_offset, const CqUnit& unit, int64_t end,
                                      std::shared_ptr<MappedFile>* segment) {
  // Retention removed the record; the unit sits below the queue's min offset and is never served.
  if (unit.commit_log_offset < commit_log_->min_offset()) return unit.commit_log_offset >= 0 && unit.size > 0;
  if (unit.size <= 0 || unit.commit_log_offset > end - unit.size) return false;
  std::shared_ptr<MappedFile>& f = *segment;
  if (f == nullptr || unit.commit_log_offset < f->file_from_offset() ||
      unit.commit_log_offset >= f->file_from_offset() + f->size()) {
    f = commit_log_->FindFile(unit.commit_log_offset);
  }
  if (f == nullptr) return false;
  std::string_view bytes = f->Read(unit.commit_log_offset - f->file_from_offset(), unit.size);
  if (bytes.size() != static_cast<size_t>(unit.size)) return false;
  RecordCheck check = CheckRecord(bytes, /*check_crc=*/false, [this](int32_t level) { return delays_.DelayMs(level); });
  return check.kind == RecordKind::kMessage && check.size == unit.size &&
         check.info.commit_log_offset == unit.commit_log_offset && check.info.queue_offset == queue_offset &&
         check.info.queue_id == cq.queue_id() && check.info.tags_code == unit.tags_code && check.info.topic == cq.topic();
}

absl::StatusOr<int64_t> MessageStoreImpl::SyncCommitLog(int64_t target) {
  const int64_t ts = commit_log_->last_store_timestamp();
  const int64_t max = commit_log_->max_offset();
  SPOOL_ASSIGN_OR_RETURN(int64_t flushed, commit_log_->FlushUpTo(std::max(target, max)));
  if (flushed >= max && ts > 0) checkpoint_->set_physic_msg_timestamp(ts);
  return flushed;
}

absl::Status MessageStoreImpl::StartServices() {
  commit_log_->StartServices();
  if (options_.flush_disk_type == FlushDiskType::kSyncFlush) {
    GroupCommitService::Hooks hooks;
    hooks.max_offset = [this] { return commit_log_->max_offset(); };
    hooks.flush_up_to = [this](int64_t target) { return SyncCommitLog(target); };
    group_commit_ = std::make_unique<GroupCommitService>(std::move(hooks), clock_, &flags_, commit_log_->flushed_where());
    group_commit_->Start();
  } else {
    last_thorough_flush_ms_ = clock_->NowMillis();
    async_flush_ = std::make_unique<PeriodicThread>("spool-flush", clock_,
                                                    absl::Milliseconds(options_.flush_interval_commit_log),
                                                    [this] { FlushCommitLogAsync(); });
    async_flush_->Start();
  }
  reput_->Start();
  last_thorough_cq_flush_ms_ = clock_->NowMillis();
  queue_flush_ = std::make_unique<PeriodicThread>("spool-cq-flush", clock_,
                                                  absl::Milliseconds(options_.flush_interval_consume_queue),
                                                  [this] { FlushConsumeQueues(false); });
  queue_flush_->Start();
  cleaner_ = std::make_unique<PeriodicThread>("spool-clean", clock_,
                                              absl::Milliseconds(options_.clean_resource_interval), [this] {
                                                auto r = retention_->RunOnce(false);
                                                if (!r.ok()) StoreLog().warn("retention: {}", r.status().ToString());
                                              });
  cleaner_->Start();
  offset_persister_ = std::make_unique<PeriodicThread>("spool-offsets", clock_, absl::Seconds(5), [this] {
    absl::Status s = offsets_->Persist();
    if (!s.ok()) StoreLog().warn("persisting consumer offsets: {}", s.ToString());
  });
  offset_persister_->Start();
  // Delayed messages are delivered by the master; a slave's copy of them is delivered by its master.
  if (options_.broker_role != BrokerRole::kSlave) schedule_->Start();
  return absl::OkStatus();
}

void MessageStoreImpl::FlushCommitLogAsync() {
  if (flags_.io_error()) return;
  const int64_t now = clock_->NowMillis();
  int least = options_.flush_commit_log_least_pages;
  if (now - last_thorough_flush_ms_ >= options_.flush_commit_log_thorough_interval) {
    last_thorough_flush_ms_ = now;
    least = 0;
  }
  const int64_t ts = commit_log_->last_store_timestamp();
  const int64_t max = commit_log_->max_offset();
  // Flush file by file until the pages rule says stop (RocketMQ flushes one file per round; a full file's
  // successor would otherwise wait a whole interval).
  for (;;) {
    int64_t before = commit_log_->flushed_where();
    auto r = commit_log_->Flush(least);
    if (!r.ok()) {
      flags_.SetIoError(std::string(r.status().message()));
      StoreLog().error("commit-log flush failed; the store is read-only now: {}", r.status().ToString());
      return;
    }
    if (*r >= max && ts > 0) checkpoint_->set_physic_msg_timestamp(ts);
    if (*r == before || *r >= max) break;
  }
}

void MessageStoreImpl::FlushConsumeQueues(bool thorough) {
  const int64_t now = clock_->NowMillis();
  if (now - last_thorough_cq_flush_ms_ >= options_.flush_consume_queue_thorough_interval) thorough = true;
  // Read before the flushes: every unit dispatched up to this record is then durable.
  const int64_t logics = checkpoint_->logics_msg_timestamp();
  int least = thorough ? 0 : options_.flush_consume_queue_least_pages;
  for (ConsumeQueue* cq : queues_->All()) {
    auto r = cq->Flush(least);
    if (!r.ok()) {
      StoreLog().error("consume queue flush failed: {}", r.status().ToString());
      flags_.SetIoError(std::string(r.status().message()));
      return;
    }
  }
  if (thorough) {
    last_thorough_cq_flush_ms_ = now;
    checkpoint_->set_flushed_logics_msg_timestamp(logics);
    absl::Status s = checkpoint_->Flush();
    if (!s.ok()) StoreLog().error("checkpoint flush failed: {}", s.ToString());
  }
}

PutResult MessageStoreImpl::Refuse(PutMessageStatus status, std::string remark) {
  PutResult r;
  r.status = status;
  r.remark = std::move(remark);
  return r;
}

std::string MessageStoreImpl::CheckQueue(const std::string& topic, int32_t queue_id) {
  // A topic registered in topics.json bounds its queue ids; unregistered topics take any queue (RocketMQ's store
  // does not check; its broker creates topics on first send).
  std::optional<TopicConfig> config = topics_->Find(topic);
  if (!config) return {};
  int32_t queues = std::max(config->read_queue_nums, config->write_queue_nums);
  if (queue_id >= queues) {
    return absl::StrCat("unknown queue ", queue_id, ": topic ", topic, " has ", queues, " queues");
  }
  return {};
}

namespace {

// A blocking put: starts the async put and waits for its answer. The state is shared because `done` may still be
// returning from Notify when the waiter has gone.
PutResult AwaitPut(absl::FunctionRef<void(MessageStore::PutCallback)> start) {
  struct State {
    absl::Notification notified;
    PutResult result;
  };
  auto state = std::make_shared<State>();
  start([state](PutResult r) {
    state->result = std::move(r);
    state->notified.Notify();
  });
  state->notified.WaitForNotification();
  return std::move(state->result);
}

}  // namespace

PutResult MessageStoreImpl::PutMessage(const Message& message) {
  return AwaitPut([&](PutCallback done) { PutMessageAsync(message, std::move(done)); });
}

PutResult MessageStoreImpl::PutMessages(const std::vector<Message>& batch) {
  return AwaitPut([&](PutCallback done) { PutMessagesAsync(batch, std::move(done)); });
}

void MessageStoreImpl::PutMessageAsync(const Message& message, PutCallback done) {
  if (!flags_.writeable()) return done(Refuse(PutMessageStatus::kServiceNotAvailable, RefusalReason(flags_)));
  if (options_.broker_role == BrokerRole::kSlave) {
    return done(Refuse(PutMessageStatus::kServiceNotAvailable, "a SLAVE store does not accept puts"));
  }
  if (auto why = CheckQueue(message.topic, message.queue_id); !why.empty()) {
    return done(Refuse(PutMessageStatus::kMessageIllegal, std::move(why)));
  }
  thread_local PreparedMessage prepared;
  PrepareMessage(message, options_, delays_, &prepared);
  if (!prepared.ok()) return done(Refuse(prepared.status, prepared.remark));
  PutAsync(prepared, std::move(done));
}

void MessageStoreImpl::PutMessagesAsync(const std::vector<Message>& batch, PutCallback done) {
  if (!flags_.writeable()) return done(Refuse(PutMessageStatus::kServiceNotAvailable, RefusalReason(flags_)));
  if (options_.broker_role == BrokerRole::kSlave) {
    return done(Refuse(PutMessageStatus::kServiceNotAvailable, "a SLAVE store does not accept puts"));
  }
  if (!batch.empty()) {
    if (auto why = CheckQueue(batch.front().topic, batch.front().queue_id); !why.empty()) {
      return done(Refuse(PutMessageStatus::kMessageIllegal, std::move(why)));
    }
  }
  thread_local PreparedMessage prepared;
  PrepareBatch(batch, options_, &prepared);
  if (!prepared.ok()) return done(Refuse(prepared.status, prepared.remark));
  PutAsync(prepared, std::move(done));
}

PutResult MessageStoreImpl::PutScheduled(const PreparedMessage& prepared) {
  if (!flags_.writeable()) return Refuse(PutMessageStatus::kServiceNotAvailable, RefusalReason(flags_));
  if (options_.broker_role == BrokerRole::kSlave) {
    return Refuse(PutMessageStatus::kServiceNotAvailable, "a SLAVE store does not accept puts");
  }
  return Put(prepared);
}

PutResult MessageStoreImpl::Put(const PreparedMessage& prepared) {
  return AwaitPut([&](PutCallback done) { PutAsync(prepared, std::move(done)); });
}

void MessageStoreImpl::PutAsync(const PreparedMessage& prepared, PutCallback done) {
  AppendResult a = commit_log_->Append(prepared);
  PutResult r;
  r.status = a.status;
  r.remark = std::move(a.remark);
  if (a.status != PutMessageStatus::kPutOk) return done(std::move(r));
  put_count_.fetch_add(a.message_count, std::memory_order_relaxed);
  reput_->Notify();
  r.commit_log_offset = a.wrote_offset;
  r.total_size = a.wrote_bytes;
  r.queue_offset = a.queue_offset;
  r.message_count = a.message_count;
  r.store_timestamp = a.store_timestamp;
  r.offset_msg_ids.reserve(prepared.records.size());
  for (const PreparedRecord& rec : prepared.records) {
    r.offset_msg_ids.push_back(CreateOffsetMsgId(rec.store_host, a.wrote_offset + static_cast<int64_t>(rec.begin)));
  }
  if (group_commit_ != nullptr) {
    if (prepared.wait_store_msg_ok) {
      group_commit_->AwaitFlush(
          a.end_offset, absl::Milliseconds(options_.sync_flush_timeout),
          [this, r = std::move(r), done = std::move(done)](GroupCommitService::WaitResult w) mutable {
            if (w != GroupCommitService::WaitResult::kFlushed) {
              r.status = PutMessageStatus::kFlushDiskTimeout;
              r.remark = w == GroupCommitService::WaitResult::kFailed
                             ? absl::StrCat("stored, but the sync failed: ", flags_.io_error_message())
                             : absl::StrCat("stored, not flushed within syncFlushTimeout (",
                                            options_.sync_flush_timeout, " ms)");
            }
            done(std::move(r));
          });
      return;
    }
    group_commit_->Wakeup();
  } else if (!options_.flush_commit_log_timed && async_flush_ != nullptr &&
             a.end_offset - commit_log_->flushed_where() >=
                 kOsPageSize * std::max(options_.flush_commit_log_least_pages, 1)) {
    // The flusher would write nothing with fewer dirty pages than flushCommitLogLeastPages (its interval and
    // thorough interval still run it): waking it per put only costs a context switch each.
    async_flush_->Wakeup();
  }
  done(std::move(r));
}

GetResult MessageStoreImpl::GetMessages(const GetRequest& req) {
  GetResult result;
  ConsumeQueue* cq = queues_->Find(req.topic, req.queue_id);
  if (cq == nullptr) {
    result.status = GetMessageStatus::kNoMatchedLogicQueue;
    result.next_begin_offset = 0;
    return result;
  }
  const int64_t min = cq->MinOffsetInQueue();
  const int64_t max = cq->MaxOffsetInQueue();
  result.min_offset = min;
  result.max_offset = max;
  const int64_t offset = req.offset;
  if (max == 0) {
    result.status = GetMessageStatus::kNoMessageInQueue;
    result.next_begin_offset = 0;
    return result;
  }
  if (offset < min) {
    result.status = GetMessageStatus::kOffsetTooSmall;
    result.next_begin_offset = min;
    return result;
  }
  if (offset == max) {
    result.status = GetMessageStatus::kOffsetOverflowOne;
    result.next_begin_offset = offset;
    return result;
  }
  if (offset > max) {
    result.status = GetMessageStatus::kOffsetOverflowBadly;
    result.next_begin_offset = min == 0 ? min : max;
    return result;
  }
  const int32_t max_msgs = std::max(1, req.max_messages);
  TagFilter filter(req.tag_expression);
  // Without a filter every unit yields a message (or a removed one, which ends the batch early): read only as many
  // units as messages were asked for. A filter may skip many units: scan up to RocketMQ's 16000 bytes of them.
  const int32_t max_units = filter.all ? max_msgs : std::max(16000 / kCqUnitSize, max_msgs);
  std::vector<CqUnit> units = cq->GetUnits(offset, max_units);
  if (units.empty()) {
    int64_t next = offset;
    result.status = GetMessageStatus::kOffsetFoundNull;
    result.next_begin_offset = cq->FileMissing(offset, &next) ? next : offset;
    return result;
  }
  const int64_t log_max = commit_log_->max_offset();
  const int64_t memory = total_ram_bytes_ * options_.access_message_in_memory_max_ratio / 100;
  int64_t bytes = 0;
  int32_t count = 0;
  size_t scanned = 0;
  bool removed = false;
  int64_t last_unit_offset = 0;
  std::shared_ptr<MappedFile> segment;  // reused while consecutive records stay in one segment
  result.raw.reserve(std::min(units.size(), static_cast<size_t>(max_msgs)));
  result.queue_offsets.reserve(result.raw.capacity());
  for (; scanned < units.size(); ++scanned) {
    const CqUnit& u = units[scanned];
    last_unit_offset = u.commit_log_offset;
    const bool in_disk = log_max - u.commit_log_offset > memory;
    if (count > 0) {
      if (count >= max_msgs) break;
      if (in_disk ? (bytes + u.size > options_.max_transfer_bytes_on_message_in_disk ||
                     count >= options_.max_transfer_count_on_message_in_disk)
                  : (bytes + u.size > options_.max_transfer_bytes_on_message_in_memory ||
                     count >= options_.max_transfer_count_on_message_in_memory)) {
        break;
      }
      if (req.max_bytes > 0 && bytes + u.size > req.max_bytes) break;
    }
    if (!filter.all && filter.codes.count(u.tags_code) == 0) continue;
    std::string raw;
    absl::Status s = ReadRecord(u.commit_log_offset, &segment, &raw);
    if (!s.ok() || static_cast<int32_t>(raw.size()) != u.size) {
      removed = true;
      continue;
    }
    MessageRecord rec;
    if (req.decode || !filter.all) {
      absl::Status d = DecodeRecord(raw, /*check_crc=*/false, &rec);
      if (!d.ok()) {
        StoreLog().warn("get {}-{}@{}: {}", req.topic, req.queue_id, offset + static_cast<int64_t>(scanned), d.ToString());
        continue;
      }
      // The hash matched; the tag itself must too (hash collisions).
      if (!filter.all && filter.tags.count(rec.Tags()) == 0) continue;
    }
    bytes += u.size;
    ++count;
    result.queue_offsets.push_back(offset + static_cast<int64_t>(scanned));
    if (req.decode) result.messages.push_back(std::move(rec));
    result.raw.push_back(std::move(raw));
  }
  result.next_begin_offset = offset + static_cast<int64_t>(scanned);
  result.suggest_pulling_from_slave = log_max - last_unit_offset > memory;
  if (count > 0) {
    result.status = GetMessageStatus::kFound;
  } else {
    result.status = removed ? GetMessageStatus::kMessageWasRemoving : GetMessageStatus::kNoMatchedMessage;
  }
  return result;
}

absl::Status MessageStoreImpl::ReadRecord(int64_t offset, std::string* out) {
  std::shared_ptr<MappedFile> segment;
  return ReadRecord(offset, &segment, out);
}

absl::Status MessageStoreImpl::ReadRecord(int64_t offset, std::shared_ptr<MappedFile>* segment, std::string* out) {
  std::shared_ptr<MappedFile>& f = *segment;
  if (f == nullptr || offset < f->file_from_offset() || offset >= f->file_from_offset() + f->size()) {
    f = commit_log_->FindFile(offset);
  }
  if (f == nullptr) return absl::NotFoundError(absl::StrCat("commit-log offset ", offset, " is not in the store"));
  const int64_t pos = offset - f->file_from_offset();
  std::string_view head = f->Read(pos, 4);
  if (head.size() < 4) return absl::OutOfRangeError(absl::StrCat("commit-log offset ", offset, " past the end"));
  int32_t size = GetBEInt(head.data());
  if (size <= 0 || size > f->size() - pos) {
    return absl::DataLossError(absl::StrCat("commit-log offset ", offset, ": bad record size ", size));
  }
  std::string_view bytes = f->Read(pos, size);
  if (static_cast<int32_t>(bytes.size()) != size) {
    return absl::OutOfRangeError(absl::StrCat("commit-log offset ", offset, " past the end"));
  }
  out->assign(bytes);
  return absl::OkStatus();
}

bool MessageStoreImpl::WaitForMessages(const std::string& topic, int32_t queue_id, int64_t offset,
                                       absl::Duration timeout) {
  return reput_->WaitFor([&] { return GetMaxOffsetInQueue(topic, queue_id) > offset; }, timeout);
}

int64_t MessageStoreImpl::GetMinOffsetInQueue(const std::string& topic, int32_t queue_id) {
  ConsumeQueue* cq = queues_->Find(topic, queue_id);
  return cq ? cq->MinOffsetInQueue() : 0;
}

int64_t MessageStoreImpl::GetMaxOffsetInQueue(const std::string& topic, int32_t queue_id) {
  ConsumeQueue* cq = queues_->Find(topic, queue_id);
  return cq ? cq->MaxOffsetInQueue() : 0;
}

int64_t MessageStoreImpl::GetOffsetInQueueByTime(const std::string& topic, int32_t queue_id, int64_t ts) {
  ConsumeQueue* cq = queues_->Find(topic, queue_id);
  if (cq == nullptr) return 0;
  return cq->OffsetByTime(ts, commit_log_->min_offset(), [this](int64_t offset, int32_t size) {
    return commit_log_->PickupStoreTimestamp(offset, size);
  });
}

int64_t MessageStoreImpl::GetMessageStoreTimestamp(const std::string& topic, int32_t queue_id, int64_t queue_offset) {
  ConsumeQueue* cq = queues_->Find(topic, queue_id);
  if (cq == nullptr) return -1;
  auto unit = cq->GetUnit(queue_offset);
  if (!unit) return -1;
  return commit_log_->PickupStoreTimestamp(unit->commit_log_offset, unit->size);
}

absl::StatusOr<MessageRecord> MessageStoreImpl::LookMessageByOffset(int64_t offset) {
  std::string raw;
  SPOOL_RETURN_IF_ERROR(ReadRecord(offset, &raw));
  MessageRecord rec;
  SPOOL_RETURN_IF_ERROR(DecodeRecord(raw, /*check_crc=*/false, &rec));
  return rec;
}

QueryResult MessageStoreImpl::QueryMessages(const std::string& topic, const std::string& key, int32_t max_num,
                                            int64_t begin_ms, int64_t end_ms) {
  QueryResult result;
  if (index_ == nullptr) return result;
  int32_t cap = std::min(std::max(max_num, 1), options_.max_msgs_num_batch);
  IndexQueryResult hits = index_->QueryOffsets(topic, key, cap, begin_ms, end_ms);
  result.index_last_update_timestamp = hits.last_update_timestamp;
  result.index_last_update_phy_offset = hits.last_update_phy_offset;
  for (int64_t offset : hits.offsets) {
    auto rec = LookMessageByOffset(offset);
    if (!rec.ok() || rec->topic != topic) continue;
    bool match = rec->UniqKey() == key;
    if (!match) {
      for (absl::string_view k : absl::StrSplit(rec->Keys(), ' ', absl::SkipEmpty())) {
        if (k == key) {
          match = true;
          break;
        }
      }
    }
    if (match) result.messages.push_back(*std::move(rec));
  }
  return result;
}

std::vector<std::pair<std::string, int32_t>> MessageStoreImpl::ListQueues() {
  std::vector<std::pair<std::string, int32_t>> out;
  for (ConsumeQueue* cq : queues_->All()) out.emplace_back(cq->topic(), cq->queue_id());
  return out;
}

absl::Status MessageStoreImpl::PersistMetadata() {
  SPOOL_RETURN_IF_ERROR(fs_->CreateDirs(options_.ConfigDir()));
  SPOOL_RETURN_IF_ERROR(topics_->Persist());
  return offsets_->Persist();
}

absl::Status MessageStoreImpl::Flush() {
  SPOOL_RETURN_IF_ERROR(SyncCommitLog(commit_log_->max_offset()).status());
  const int64_t logics = checkpoint_->logics_msg_timestamp();
  for (ConsumeQueue* cq : queues_->All()) SPOOL_RETURN_IF_ERROR(cq->Flush(0).status());
  checkpoint_->set_flushed_logics_msg_timestamp(logics);
  if (index_) SPOOL_RETURN_IF_ERROR(index_->Flush());
  return checkpoint_->Flush();
}

absl::Status MessageStoreImpl::RunRetention(bool force) { return retention_->RunOnce(force).status(); }

StoreStats MessageStoreImpl::Stats() {
  StoreStats s;
  s.commit_log_min_offset = commit_log_->min_offset();
  s.commit_log_max_offset = commit_log_->max_offset();
  s.commit_log_flushed_offset = commit_log_->flushed_where();
  s.dispatched_offset = reput_->reput_from();
  s.put_count = put_count_.load(std::memory_order_relaxed);
  return s;
}

absl::Status MessageStoreImpl::Close() {
  absl::MutexLock lock(&close_mu_);
  if (closed_) return absl::OkStatus();
  closed_ = true;
  // Shutdown order (STYLE.md): refuse puts, answer waiters, let dispatch catch up, flush, checkpoint, then the
  // abort file only if every step succeeded, then unlock.
  absl::Status first;
  auto note = [&first](const absl::Status& s) {
    if (!s.ok() && first.ok()) first = s;
  };
  // The schedule service puts messages and saves its offsets after syncing what it put: it stops while the store
  // still takes puts and syncs. A failed save only means re-delivery after the restart.
  if (schedule_) {
    absl::Status s = schedule_->Stop();
    if (!s.ok()) StoreLog().warn("saving delay offsets at close: {}", s.ToString());
  }
  flags_.set_closed();
  if (commit_log_ != nullptr && opened_) {
    // Waiters blocked in a group commit get their answer from a real flush where possible.
    if (!flags_.io_error()) note(SyncCommitLog(commit_log_->max_offset()).status());
  }
  if (group_commit_) group_commit_->Stop();
  if (async_flush_) async_flush_->Stop();
  if (cleaner_) cleaner_->Stop();
  if (offset_persister_) offset_persister_->Stop();
  if (reput_) {
    reput_->Stop();
    if (opened_ && !flags_.io_error()) note(reput_->CatchUp());
  }
  if (queue_flush_) queue_flush_->Stop();
  if (commit_log_) commit_log_->StopServices();
  if (opened_) {
    if (!flags_.io_error()) {
      note(SyncCommitLog(commit_log_->max_offset()).status());
      const int64_t logics = checkpoint_->logics_msg_timestamp();
      for (ConsumeQueue* cq : queues_->All()) note(cq->Flush(0).status());
      if (first.ok()) checkpoint_->set_flushed_logics_msg_timestamp(logics);
      if (index_) note(index_->Flush());
      note(checkpoint_->Flush());
    } else {
      note(absl::DataLossError(flags_.io_error_message()));
    }
    note(PersistMetadata());
    const bool behind = reput_ && reput_->reput_from() < commit_log_->max_offset();
    if (first.ok() && !behind) {
      note(fs_->DeleteFile(options_.AbortPath()));
      note(fs_->SyncDir(options_.store_path_root_dir));
    }
    StoreLog().info("store {} closed{}", options_.store_path_root_dir, first.ok() ? "" : " with errors (abort file kept)");
  }
  // Mappings stay until destruction so that a stray read after Close is not a crash; the lock goes now.
  lock_.reset();
  return first;
}

}  // namespace internal
}  // namespace spool::store
