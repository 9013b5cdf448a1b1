// config/topics.json in TopicConfigManager's shape (TopicConfigSerializeWrapper: dataVersion + topicConfigTable).
//
// Topics are written in the order RocketMQ's table, a ConcurrentHashMap(1024), iterates them, so a file RocketMQ
// wrote is written back byte for byte (topics sharing a hash bucket excepted: Java keeps them in insertion order,
// we in name order).
#include "spool/store/topic_config.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "config/fastjson.h"
#include "config/json_config_file.h"
#include "spool/store/clock.h"
#include "spool/store/file_system.h"
#include "spool/status_macros.h"

namespace spool::store {
namespace {

// TopicConfigManager's `new ConcurrentHashMap<String, TopicConfig>(1024)`; loading uses putAll into it.
constexpr int64_t kTableInitialCapacity = 1024;

std::string Path(std::string_view a, std::string_view b) { return absl::StrCat(std::string(a), ".", std::string(b)); }

absl::Status DecodeTopic(const rapidjson::Value& v, const std::string& what, TopicConfig* t) {
  if (!v.IsObject()) return absl::InvalidArgumentError(absl::StrCat(what, ": expected an object"));
  for (const auto& m : v.GetObject()) {
    const std::string_view name = internal::NameOf(m.name);
    const std::string field = Path(what, name);
    if (name == "topicName") {
      SPOOL_RETURN_IF_ERROR(internal::ReadString(m.value, field, &t->topic_name));
    } else if (name == "readQueueNums") {
      SPOOL_RETURN_IF_ERROR(internal::ReadInt32(m.value, field, &t->read_queue_nums));
    } else if (name == "writeQueueNums") {
      SPOOL_RETURN_IF_ERROR(internal::ReadInt32(m.value, field, &t->write_queue_nums));
    } else if (name == "perm") {
      SPOOL_RETURN_IF_ERROR(internal::ReadInt32(m.value, field, &t->perm));
    } else if (name == "topicSysFlag") {
      SPOOL_RETURN_IF_ERROR(internal::ReadInt32(m.value, field, &t->topic_sys_flag));
    } else if (name == "order") {
      SPOOL_RETURN_IF_ERROR(internal::ReadBool(m.value, field, &t->order));
    } else if (name == "topicFilterType") {
      SPOOL_RETURN_IF_ERROR(internal::ReadString(m.value, field, &t->topic_filter_type));
      if (t->topic_filter_type != "SINGLE_TAG" && t->topic_filter_type != "MULTI_TAG") {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ": \"", t->topic_filter_type, "\" is not SINGLE_TAG or MULTI_TAG"));
      }
    }
    // Other fields (RocketMQ 5's "attributes", ...) are not kept.
  }
  return absl::OkStatus();
}

}  // namespace

TopicConfigTable::TopicConfigTable(FileSystem* fs, Clock* clock, std::string path)
    : fs_(fs != nullptr ? fs : FileSystem::Default()),
      clock_(clock != nullptr ? clock : Clock::Default()),
      path_(std::move(path)) {}

absl::Status TopicConfigTable::Load() {
  SPOOL_ASSIGN_OR_RETURN(
      bool found, internal::LoadJsonConfig(fs_, path_, [this](std::string_view text) { return Decode(text); }));
  if (!found) {
    absl::MutexLock lock(&mu_);
    topics_.clear();
    version_ = DataVersion();
  }
  return absl::OkStatus();
}

absl::Status TopicConfigTable::Persist() {
  return internal::PersistJsonConfig(fs_, path_, [this] { return Encode(); });
}

std::optional<TopicConfig> TopicConfigTable::Find(const std::string& topic) const {
  absl::MutexLock lock(&mu_);
  auto it = topics_.find(topic);
  if (it == topics_.end()) return std::nullopt;
  return it->second;
}

std::vector<TopicConfig> TopicConfigTable::All() const {
  absl::MutexLock lock(&mu_);
  std::vector<TopicConfig> all;
  all.reserve(topics_.size());
  for (const auto& [name, config] : topics_) all.push_back(config);
  return all;
}

void TopicConfigTable::Upsert(const TopicConfig& config) {
  const int64_t now = clock_->NowMillis();
  absl::MutexLock lock(&mu_);
  topics_[config.topic_name] = config;
  // DataVersion.nextVersion.
  version_.timestamp = now;
  ++version_.counter;
}

bool TopicConfigTable::Erase(const std::string& topic) {
  const int64_t now = clock_->NowMillis();
  absl::MutexLock lock(&mu_);
  if (topics_.erase(topic) == 0) return false;
  version_.timestamp = now;
  ++version_.counter;
  return true;
}

DataVersion TopicConfigTable::data_version() const {
  absl::MutexLock lock(&mu_);
  return version_;
}

std::string TopicConfigTable::Encode() const {
  absl::MutexLock lock(&mu_);
  std::vector<std::string> names;
  names.reserve(topics_.size());
  for (const auto& [name, config] : topics_) names.push_back(name);
  internal::SortInConcurrentHashMapOrder(&names, kTableInitialCapacity);

  internal::FastjsonWriter w;
  w.BeginObject();
  w.Key("dataVersion");
  w.BeginObject();
  w.Key("counter");
  w.Int(version_.counter);
  w.Key("timestamp");
  w.Int(version_.timestamp);
  w.EndObject();
  w.Key("topicConfigTable");
  w.BeginObject();
  for (const std::string& name : names) {
    const TopicConfig& t = topics_.at(name);
    w.Key(name);
    // TopicConfig's bean properties, alphabetically.
    w.BeginObject();
    w.Key("order");
    w.Bool(t.order);
    w.Key("perm");
    w.Int(t.perm);
    w.Key("readQueueNums");
    w.Int(t.read_queue_nums);
    w.Key("topicFilterType");
    w.String(t.topic_filter_type);
    w.Key("topicName");
    w.String(t.topic_name);
    w.Key("topicSysFlag");
    w.Int(t.topic_sys_flag);
    w.Key("writeQueueNums");
    w.Int(t.write_queue_nums);
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  return w.Take();
}

absl::Status TopicConfigTable::Decode(std::string_view json) {
  rapidjson::Document doc;
  SPOOL_RETURN_IF_ERROR(internal::ParseFastjson(json, &doc));
  const rapidjson::Value& root = doc;
  if (!root.IsObject()) return absl::InvalidArgumentError("topics.json: expected an object");
  std::map<std::string, TopicConfig> topics;
  DataVersion version;
  if (const rapidjson::Value* v = internal::FindMember(root, "dataVersion"); v != nullptr && !v->IsNull()) {
    if (!v->IsObject()) return absl::InvalidArgumentError("dataVersion: expected an object");
    if (const rapidjson::Value* c = internal::FindMember(*v, "counter")) {
      SPOOL_RETURN_IF_ERROR(internal::ReadInt64(*c, "dataVersion.counter", &version.counter));
    }
    if (const rapidjson::Value* t = internal::FindMember(*v, "timestamp")) {
      SPOOL_RETURN_IF_ERROR(internal::ReadInt64(*t, "dataVersion.timestamp", &version.timestamp));
    }
  }
  if (const rapidjson::Value* t = internal::FindMember(root, "topicConfigTable"); t != nullptr && !t->IsNull()) {
    if (!t->IsObject()) return absl::InvalidArgumentError("topicConfigTable: expected an object");
    for (const auto& m : t->GetObject()) {
      const std::string name(internal::NameOf(m.name));
      TopicConfig t;
      SPOOL_RETURN_IF_ERROR(DecodeTopic(m.value, Path("topicConfigTable", name), &t));
      // The map key is what RocketMQ looks topics up by; topicName only fills in when absent.
      if (t.topic_name.empty()) t.topic_name = name;
      topics[name] = std::move(t);
    }
  }
  absl::MutexLock lock(&mu_);
  topics_ = std::move(topics);
  version_ = version;
  return absl::OkStatus();
}

}  // namespace spool::store
