// File: config/delay_offset_table.h
// config/delayOffset.json: for each delay level, the next SCHEDULE_TOPIC_XXXX queue offset to deliver, as
// ScheduleMessageService keeps it (`{"offsetTable":{3:1}}`, keyed by level, not queue id).
//
//   DelayOffsetTable table(fs, JoinPath(options.ConfigDir(), "delayOffset.json"));
//   SPOOL_RETURN_IF_ERROR(table.Load());
//   int64_t next = table.Get(3).value_or(0);
//   table.Update(3, next + 1);
//   SPOOL_RETURN_IF_ERROR(table.Persist());
//
// Thread-safe. Persist is atomic (temp + rename, previous content kept as .bak). Clamping loaded offsets into the
// queue's [min, max] (as RocketMQ does at load) is the schedule service's job: it knows the queues.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace spool::store {
class FileSystem;
}

namespace spool::store::internal {

class DelayOffsetTable {
 public:
  // `fs` nullptr = FileSystem::Default(); `path` is <root>/config/delayOffset.json.
  DelayOffsetTable(FileSystem* fs, std::string path);

  // Reads the file, or its .bak if the file is missing, empty or unparseable; neither = empty table.
  absl::Status Load();
  absl::Status Persist();

  std::optional<int64_t> Get(int32_t level) const;
  void Update(int32_t level, int64_t offset);
  std::map<int32_t, int64_t> Snapshot() const;

  // The text Persist writes (fastjson pretty format, levels in RocketMQ's map order).
  std::string Encode() const;
  // Replaces the table with the parsed text; on error the table is unchanged.
  absl::Status Decode(std::string_view json);

 private:
  FileSystem* const fs_;
  const std::string path_;
  mutable absl::Mutex mu_;
  std::map<int32_t, int64_t> offsets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace spool::store::internal
