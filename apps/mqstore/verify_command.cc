// mqstore verify: open a store as a broker would (recovery included), then check that the commit log and every
// ConsumeQueue agree.
//
// Open may truncate a torn tail and re-dispatch: that is what a broker does, so verify judges the store a broker
// would serve. Then, with the store open and idle:
//  1. the commit log is walked from its first segment with CRC checks (store_walker.h); the walk must reach the
//     store's max offset without damage;
//  2. every record the dispatcher indexes (transaction type NOT_TYPE or COMMIT) must have the unit at its queue
//     offset in its queue, pointing at it;
//  3. every unit in [min, max) of every queue (MessageStore::ListQueues, min/max from the store) must point at the
//     start of a whole record (its PHYSICALOFFSET field equal to the unit's offset) with the unit's size and tag
//     code, the queue's topic and queue id, a QUEUEOFFSET equal to the unit's index, and a dispatchable
//     transaction type.
// The units are read from the files through a read-only view (consume_queue_view.h), not through the store's own
// ConsumeQueue, so the check does not trust the code it checks.
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"
#include "codec/message_codec.h"
#include "commands.h"
#include "consume_queue_view.h"
#include "fmt/format.h"
#include "log/delay_level_table.h"
#include "spdlog/spdlog.h"
#include "spool/store/file_system.h"
#include "spool/store/message.h"
#include "spool/store/message_store.h"
#include "store_walker.h"

namespace spool::mqstore {
namespace {

constexpr char kCommand[] = "verify";

using store::internal::CqUnit;
using store::internal::RecordCheck;
using store::internal::RecordKind;

bool Dispatchable(int32_t sys_flag) {
  const int32_t type = sys_flag & store::kSysFlagTransactionMask;
  return type == store::kSysFlagTransactionNotType || type == store::kSysFlagTransactionCommit;
}

struct QueueState {
  ConsumeQueueView view;
  int64_t min = 0;
  int64_t max = 0;
};

class Faults {
 public:
  explicit Faults(int limit) : limit_(limit) {}
  template <typename... Args>
  void Add(fmt::format_string<Args...> format, Args&&... args) {
    if (static_cast<int>(listed_.size()) < limit_) listed_.push_back(fmt::format(format, std::forward<Args>(args)...));
    ++count_;
  }
  int64_t count() const { return count_; }
  const std::vector<std::string>& listed() const { return listed_; }

 private:
  const int limit_;
  int64_t count_ = 0;
  std::vector<std::string> listed_;
};

std::string QueueName(const std::string& topic, int32_t queue_id) { return fmt::format("{}-{}", topic, queue_id); }

// The checks above, on an open store. Returns an error only if the check itself could not run.
absl::Status Check(store::MessageStore& store, const store::StoreOptions& options, Faults* faults,
                   std::string* summary) {
  store::FileSystem* fs = store::FileSystem::Default();
  absl::StatusOr<store::internal::DelayLevelTable> delays =
      store::internal::DelayLevelTable::Parse(options.message_delay_level);
  if (!delays.ok()) return delays.status();
  store::internal::DelayLevelFn delay_fn = [t = *delays](int32_t level) {
    return t.DelayMs(std::min(level, t.max_level()));
  };
  const store::StoreStats stats = store.Stats();
  if (stats.dispatched_offset < stats.commit_log_max_offset) {
    faults->Add("dispatch stopped at offset {}, before the commit-log end {}", stats.dispatched_offset,
                stats.commit_log_max_offset);
  }

  // The queues the store knows, with the files behind them.
  const int64_t cq_file_size = (options.mapped_file_size_consume_queue + store::internal::kCqUnitSize - 1) /
                               store::internal::kCqUnitSize * store::internal::kCqUnitSize;
  std::map<std::pair<std::string, int32_t>, QueueState> queues;
  for (const auto& [topic, queue_id] : store.ListQueues()) {
    const std::string dir =
        store::JoinPath(store::JoinPath(options.ConsumeQueueDir(), topic), std::to_string(queue_id));
    absl::StatusOr<ConsumeQueueView> view = ConsumeQueueView::Open(fs, dir, cq_file_size);
    if (!view.ok()) return view.status();
    QueueState state{*std::move(view), store.GetMinOffsetInQueue(topic, queue_id),
                     store.GetMaxOffsetInQueue(topic, queue_id)};
    queues.emplace(std::make_pair(topic, queue_id), std::move(state));
  }

  absl::StatusOr<CommitLogView> log =
      CommitLogView::Open(fs, options.CommitLogDir(), options.mapped_file_size_commit_log);
  if (!log.ok()) return log.status();

  // 1 and 2: the log, record by record.
  int64_t dispatchable = 0;
  absl::StatusOr<WalkSummary> walked = WalkCommitLog(
      *log, /*check_crc=*/true, delay_fn, [&](int64_t offset, std::string_view, const RecordCheck& check) {
        const store::internal::DispatchInfo& info = check.info;
        if (offset >= stats.commit_log_max_offset) {
          faults->Add("record at offset {} lies beyond the store's commit-log end {}", offset,
                      stats.commit_log_max_offset);
        }
        if (!Dispatchable(info.sys_flag)) return absl::OkStatus();
        ++dispatchable;
        const std::string name = QueueName(info.topic, info.queue_id);
        auto it = queues.find({info.topic, info.queue_id});
        if (it == queues.end()) {
          faults->Add("record at offset {} ({} queue offset {}) has no ConsumeQueue", offset, name,
                      info.queue_offset);
          return absl::OkStatus();
        }
        const QueueState& q = it->second;
        if (info.queue_offset < q.min || info.queue_offset >= q.max) {
          faults->Add("record at offset {} ({} queue offset {}) is outside its queue's units [{}, {})", offset, name,
                      info.queue_offset, q.min, q.max);
          return absl::OkStatus();
        }
        std::optional<CqUnit> unit = q.view.Unit(info.queue_offset);
        if (!unit) {
          faults->Add("record at offset {} ({} queue offset {}): its ConsumeQueue file is missing", offset, name,
                      info.queue_offset);
        } else if (unit->commit_log_offset != offset) {
          // A unit pointing elsewhere is this record's fault; a unit pointing here with a wrong size or tag code is
          // reported once, by the unit pass below.
          faults->Add("record at offset {} ({} queue offset {}): the unit at that queue offset points at offset {}",
                      offset, name, info.queue_offset, unit->commit_log_offset);
        }
        return absl::OkStatus();
      });
  if (!walked.ok()) return walked.status();
  if (walked->damaged) {
    faults->Add("the commit log is damaged {}", walked->reason);
  }
  // A walk that ends at a BLANK in the last segment stops at the BLANK; the store may count that segment as full.
  const bool full_last_segment =
      walked->ended_at_blank && stats.commit_log_max_offset == log->segments().back().start + log->segment_size();
  if (walked->end_offset != stats.commit_log_max_offset && !full_last_segment) {
    faults->Add("the record walk ends at offset {} but the store's commit-log end is {}", walked->end_offset,
                stats.commit_log_max_offset);
  }

  // 3: every unit points at its record.
  int64_t units = 0;
  for (const auto& [key, q] : queues) {
    const std::string name = QueueName(key.first, key.second);
    for (int64_t qo = q.min; qo < q.max; ++qo) {
      ++units;
      std::optional<CqUnit> unit = q.view.Unit(qo);
      if (!unit) {
        faults->Add("{} unit {}: no ConsumeQueue file holds it", name, qo);
        continue;
      }
      const std::string where = fmt::format("{} unit {} (offset {}, size {}, tags code {})", name, qo,
                                            unit->commit_log_offset, unit->size, unit->tags_code);
      if (unit->commit_log_offset < log->min_offset() || unit->commit_log_offset >= stats.commit_log_max_offset) {
        faults->Add("{}: points outside the commit log [{}, {})", where, log->min_offset(),
                    stats.commit_log_max_offset);
        continue;
      }
      const RecordCheck check = store::internal::CheckRecord(log->From(unit->commit_log_offset),
                                                             /*check_crc=*/false, delay_fn);
      if (check.kind != RecordKind::kMessage || check.info.commit_log_offset != unit->commit_log_offset) {
        faults->Add("{}: no record starts there ({})", where,
                    check.kind == RecordKind::kMessage
                        ? fmt::format("the bytes there claim offset {}", check.info.commit_log_offset)
                        : check.reason);
        continue;
      }
      const store::internal::DispatchInfo& info = check.info;
      if (check.size != unit->size) faults->Add("{}: the record there is {} bytes", where, check.size);
      if (info.topic != key.first || info.queue_id != key.second) {
        faults->Add("{}: the record there belongs to {}", where, QueueName(info.topic, info.queue_id));
      }
      if (info.queue_offset != qo) faults->Add("{}: the record there has queue offset {}", where, info.queue_offset);
      if (info.tags_code != unit->tags_code) {
        faults->Add("{}: the record there has tags code {}", where, info.tags_code);
      }
      if (!Dispatchable(info.sys_flag)) {
        faults->Add("{}: the record there is a transaction {} record, which is never dispatched", where,
                    (info.sys_flag & store::kSysFlagTransactionMask) == store::kSysFlagTransactionPrepared
                        ? "PREPARED"
                        : "ROLLBACK");
      }
    }
  }

  *summary = fmt::format(
      "verify: commitLog=[{},{}) segments={} records={} dispatchable={} queues={} units={} faults={}",
      log->min_offset(), stats.commit_log_max_offset, log->segments().size(), walked->records, dispatchable,
      queues.size(), units, faults->count());
  return absl::OkStatus();
}

}  // namespace

CLI::App* AddVerifyCommand(CLI::App* app, VerifyFlags* flags) {
  CLI::App* cmd = app->add_subcommand(
      "verify",
      "Open the store as a broker would (recovery may truncate a torn tail), then check every commit-log record "
      "(CRC) and every ConsumeQueue unit against the log. Exit 0 only if consistent.");
  cmd->add_option("STORE_DIR", flags->store_dir, "store root directory (storePathRootDir)")->required();
  cmd->add_option("--max-faults", flags->max_faults, "faults to list (all are counted)")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  AddCommonFlags(cmd, &flags->common);
  cmd->footer(
      "Prints the faults found (up to --max-faults) and a summary line\n"
      "  verify: commitLog=[MIN,MAX) segments=S records=R dispatchable=D queues=Q units=U faults=F\n"
      "on stdout. Exit 0: consistent; 1: faults found, or the store could not be opened or closed cleanly.\n"
      "The store is opened for real: it takes the store lock, recovers, and closes cleanly (writing the\n"
      "checkpoint and config files); run it on a copy to keep the original untouched.");
  return cmd;
}

int RunVerify(const VerifyFlags& flags) {
  absl::StatusOr<store::StoreOptions> options = LoadOptionsForStore(flags.common, flags.store_dir);
  if (!options.ok()) {
    PrintError(kCommand, options.status().ToString());
    return kExitFailure;
  }
  // Opening creates a missing store; verify must not conjure one up.
  store::FileSystem* fs = store::FileSystem::Default();
  absl::StatusOr<bool> is_dir = fs->IsDirectory(flags.store_dir);
  if (!is_dir.ok() || !*is_dir) {
    PrintError(kCommand, fmt::format("no such store directory: {}", flags.store_dir));
    return kExitFailure;
  }
  absl::StatusOr<bool> has_log = fs->IsDirectory(options->CommitLogDir());
  if (!has_log.ok() || !*has_log) {
    PrintError(kCommand, fmt::format("{} is not a store: no commit-log directory {}", flags.store_dir,
                                     options->CommitLogDir()));
    return kExitFailure;
  }

  absl::StatusOr<std::unique_ptr<store::MessageStore>> opened = store::MessageStore::Open(*options);
  if (!opened.ok()) {
    PrintError(kCommand, fmt::format("opening the store: {}", opened.status().ToString()));
    return kExitFailure;
  }
  store::MessageStore& store = **opened;
  Faults faults(flags.max_faults);
  std::string summary;
  absl::Status checked = Check(store, store.options(), &faults, &summary);
  absl::Status closed = store.Close();

  for (const std::string& f : faults.listed()) std::printf("fault: %s\n", f.c_str());
  if (faults.count() > static_cast<int64_t>(faults.listed().size())) {
    std::printf("fault: ... and %lld more\n", static_cast<long long>(faults.count() - faults.listed().size()));
  }
  if (!summary.empty()) std::printf("%s\n", summary.c_str());
  std::fflush(stdout);

  if (!checked.ok()) {
    PrintError(kCommand, fmt::format("checking the store: {}", checked.ToString()));
    return kExitFailure;
  }
  if (!closed.ok()) {
    PrintError(kCommand, fmt::format("closing the store: {}", closed.ToString()));
    return kExitFailure;
  }
  if (faults.count() > 0) {
    PrintError(kCommand, fmt::format("{} fault(s): the store is not consistent", faults.count()));
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace spool::mqstore
