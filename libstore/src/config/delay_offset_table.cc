#include "config/delay_offset_table.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "config/fastjson.h"
#include "config/json_config_file.h"
#include "spool/store/file_system.h"
#include "spool/status_macros.h"

namespace spool::store::internal {
namespace {

// ScheduleMessageService's `new ConcurrentHashMap<Integer, Long>(32)`; loading uses putAll into it.
constexpr int64_t kTableInitialCapacity = 32;

}  // namespace

DelayOffsetTable::DelayOffsetTable(FileSystem* fs, std::string path)
    : fs_(fs != nullptr ? fs : FileSystem::Default()), path_(std::move(path)) {}

absl::Status DelayOffsetTable::Load() {
  SPOOL_ASSIGN_OR_RETURN(bool found,
                         LoadJsonConfig(fs_, path_, [this](std::string_view text) { return Decode(text); }));
  if (!found) {
    absl::MutexLock lock(&mu_);
    offsets_.clear();
  }
  return absl::OkStatus();
}

absl::Status DelayOffsetTable::Persist() {
  return PersistJsonConfig(fs_, path_, [this] { return Encode(); });
}

std::optional<int64_t> DelayOffsetTable::Get(int32_t level) const {
  absl::MutexLock lock(&mu_);
  auto it = offsets_.find(level);
  if (it == offsets_.end()) return std::nullopt;
  return it->second;
}

void DelayOffsetTable::Update(int32_t level, int64_t offset) {
  absl::MutexLock lock(&mu_);
  offsets_[level] = offset;
}

std::map<int32_t, int64_t> DelayOffsetTable::Snapshot() const {
  absl::MutexLock lock(&mu_);
  return offsets_;
}

std::string DelayOffsetTable::Encode() const {
  absl::MutexLock lock(&mu_);
  std::vector<int32_t> levels;
  levels.reserve(offsets_.size());
  for (const auto& [level, offset] : offsets_) levels.push_back(level);
  SortInConcurrentHashMapOrder(&levels, kTableInitialCapacity);
  FastjsonWriter w;
  w.BeginObject();
  w.Key("offsetTable");
  w.BeginObject();
  for (int32_t level : levels) {
    w.IntKey(level);
    w.Int(offsets_.at(level));
  }
  w.EndObject();
  w.EndObject();
  return w.Take();
}

absl::Status DelayOffsetTable::Decode(std::string_view json) {
  rapidjson::Document doc;
  SPOOL_RETURN_IF_ERROR(ParseFastjson(json, &doc));
  const rapidjson::Value& root = doc;
  if (!root.IsObject()) return absl::InvalidArgumentError("delayOffset.json: expected an object");
  std::map<int32_t, int64_t> offsets;
  if (const rapidjson::Value* t = FindMember(root, "offsetTable"); t != nullptr && !t->IsNull()) {
    if (!t->IsObject()) return absl::InvalidArgumentError("offsetTable: expected an object");
    for (const auto& m : t->GetObject()) {
      int32_t level;
      SPOOL_RETURN_IF_ERROR(ParseIntKey(m.name, "offsetTable", &level));
      if (m.value.IsNull()) continue;
      int64_t offset = 0;
      SPOOL_RETURN_IF_ERROR(ReadInt64(m.value, absl::StrCat("offsetTable.", level), &offset));
      offsets[level] = offset;
    }
  }
  absl::MutexLock lock(&mu_);
  offsets_ = std::move(offsets);
  return absl::OkStatus();
}

}  // namespace spool::store::internal
