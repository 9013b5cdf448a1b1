// config/consumerOffset.json in ConsumerOffsetManager's shape: {"offsetTable":{"<topic>@<group>":{<qid>:<offset>}}}.
//
// Keys are written in the order RocketMQ's maps iterate them: the outer table is a ConcurrentHashMap(512) and each
// per-topic@group map a ConcurrentHashMap(32) (ConsumerOffsetManager.commitOffset). A broker that loaded its table
// from the file holds fastjson-built maps of the default capacity instead, whose order can differ for the same
// keys; both orders are valid files, and this one reproduces a file written by the broker that created the
// offsets (the testdata's) byte for byte.
#include "spool/store/consumer_offsets.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "config/fastjson.h"
#include "config/json_config_file.h"
#include "spool/store/file_system.h"
#include "spool/status_macros.h"

namespace spool::store {
namespace {

constexpr int64_t kOuterInitialCapacity = 512;
constexpr int64_t kInnerInitialCapacity = 32;

std::string TableKey(const std::string& group, const std::string& topic) { return topic + "@" + group; }

}  // namespace

ConsumerOffsetTable::ConsumerOffsetTable(FileSystem* fs, std::string path)
    : fs_(fs != nullptr ? fs : FileSystem::Default()), path_(std::move(path)) {}

absl::Status ConsumerOffsetTable::Load() {
  SPOOL_ASSIGN_OR_RETURN(
      bool found, internal::LoadJsonConfig(fs_, path_, [this](std::string_view text) { return Decode(text); }));
  if (!found) {
    absl::MutexLock lock(&mu_);
    table_.clear();
  }
  return absl::OkStatus();
}

absl::Status ConsumerOffsetTable::Persist() {
  return internal::PersistJsonConfig(fs_, path_, [this] { return Encode(); });
}

void ConsumerOffsetTable::Commit(const std::string& group, const std::string& topic, int32_t queue_id,
                                 int64_t offset) {
  absl::MutexLock lock(&mu_);
  table_[TableKey(group, topic)][queue_id] = offset;
}

int64_t ConsumerOffsetTable::Query(const std::string& group, const std::string& topic, int32_t queue_id) const {
  absl::MutexLock lock(&mu_);
  auto it = table_.find(TableKey(group, topic));
  if (it == table_.end()) return -1;
  auto q = it->second.find(queue_id);
  return q == it->second.end() ? -1 : q->second;
}

std::map<int32_t, int64_t> ConsumerOffsetTable::QueryAll(const std::string& group, const std::string& topic) const {
  absl::MutexLock lock(&mu_);
  auto it = table_.find(TableKey(group, topic));
  if (it == table_.end()) return {};
  return it->second;
}

std::map<std::string, std::map<int32_t, int64_t>> ConsumerOffsetTable::Snapshot() const {
  absl::MutexLock lock(&mu_);
  return table_;
}

void ConsumerOffsetTable::RemoveGroup(const std::string& group, const std::string& topic) {
  absl::MutexLock lock(&mu_);
  table_.erase(TableKey(group, topic));
}

std::string ConsumerOffsetTable::Encode() const {
  absl::MutexLock lock(&mu_);
  std::vector<std::string> keys;
  keys.reserve(table_.size());
  for (const auto& [key, offsets] : table_) keys.push_back(key);
  internal::SortInConcurrentHashMapOrder(&keys, kOuterInitialCapacity);

  internal::FastjsonWriter w;
  w.BeginObject();
  w.Key("offsetTable");
  w.BeginObject();
  for (const std::string& key : keys) {
    const std::map<int32_t, int64_t>& offsets = table_.at(key);
    std::vector<int32_t> queue_ids;
    queue_ids.reserve(offsets.size());
    for (const auto& [queue_id, offset] : offsets) queue_ids.push_back(queue_id);
    internal::SortInConcurrentHashMapOrder(&queue_ids, kInnerInitialCapacity);
    w.Key(key);
    w.BeginObject();
    for (int32_t queue_id : queue_ids) {
      w.IntKey(queue_id);
      w.Int(offsets.at(queue_id));
    }
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  return w.Take();
}

absl::Status ConsumerOffsetTable::Decode(std::string_view json) {
  rapidjson::Document doc;
  SPOOL_RETURN_IF_ERROR(internal::ParseFastjson(json, &doc));
  const rapidjson::Value& root = doc;
  if (!root.IsObject()) return absl::InvalidArgumentError("consumerOffset.json: expected an object");
  std::map<std::string, std::map<int32_t, int64_t>> table;
  if (const rapidjson::Value* t = internal::FindMember(root, "offsetTable"); t != nullptr && !t->IsNull()) {
    if (!t->IsObject()) return absl::InvalidArgumentError("offsetTable: expected an object");
    for (const auto& entry : t->GetObject()) {
      const std::string key(internal::NameOf(entry.name));
      const std::string what = absl::StrCat("offsetTable.", key);
      if (!entry.value.IsObject()) return absl::InvalidArgumentError(absl::StrCat(what, ": expected an object"));
      std::map<int32_t, int64_t>& offsets = table[key];
      for (const auto& q : entry.value.GetObject()) {
        int32_t queue_id;
        SPOOL_RETURN_IF_ERROR(internal::ParseIntKey(q.name, what, &queue_id));
        if (q.value.IsNull()) continue;
        int64_t offset = -1;
        SPOOL_RETURN_IF_ERROR(internal::ReadInt64(q.value, absl::StrCat(what, ".", queue_id), &offset));
        offsets[queue_id] = offset;
      }
    }
  }
  absl::MutexLock lock(&mu_);
  table_ = std::move(table);
  return absl::OkStatus();
}

}  // namespace spool::store
