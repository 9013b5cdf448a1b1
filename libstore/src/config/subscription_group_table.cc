#include "spool/store/subscription_group_table.h"

#include <functional>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "config/fastjson.h"
#include "config/json_config_file.h"
#include "spool/store/clock.h"
#include "spool/store/file_system.h"
#include "spool/status_macros.h"

namespace spool::store {

using internal::FastjsonWriter;
using internal::FindMember;
using internal::LoadJsonConfig;
using internal::NameOf;
using internal::ParseFastjson;
using internal::PersistJsonConfig;
using internal::ReadBool;
using internal::ReadInt32;
using internal::ReadInt64;
using internal::ReadString;
using internal::SortInConcurrentHashMapOrder;
using internal::ToCompactJson;

namespace {

// SubscriptionGroupManager's `new ConcurrentHashMap<String, SubscriptionGroupConfig>(1024)`; loading uses putAll.
constexpr int64_t kTableInitialCapacity = 1024;

// A kept unknown value (text produced by ToCompactJson, so it parses).
void WriteKeptJson(const std::string& json, FastjsonWriter* w) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  w->Value(doc);
}

// Writes members in alphabetical order (fastjson's bean field order), known fields and kept unknown ones merged.
using FieldWriter = std::function<void(FastjsonWriter*)>;
void WriteSortedMembers(std::map<std::string, FieldWriter> fields, const std::map<std::string, std::string>& extra,
                        FastjsonWriter* w) {
  for (const auto& [name, json] : extra) {
    if (fields.count(name) != 0) continue;  // a known field wins
    fields[name] = [json = json](FastjsonWriter* out) { WriteKeptJson(json, out); };
  }
  w->BeginObject();
  for (const auto& [name, write] : fields) {
    w->Key(name);
    write(w);
  }
  w->EndObject();
}

absl::Status DecodeGroup(const rapidjson::Value& v, const std::string& what, SubscriptionGroupConfig* g) {
  if (!v.IsObject()) return absl::InvalidArgumentError(absl::StrCat(what, ": expected an object"));
  for (const auto& m : v.GetObject()) {
    const std::string name(NameOf(m.name));
    const std::string field = absl::StrCat(what, ".", name);
    if (name == "groupName") {
      SPOOL_RETURN_IF_ERROR(ReadString(m.value, field, &g->group_name));
    } else if (name == "consumeEnable") {
      SPOOL_RETURN_IF_ERROR(ReadBool(m.value, field, &g->consume_enable));
    } else if (name == "consumeFromMinEnable") {
      SPOOL_RETURN_IF_ERROR(ReadBool(m.value, field, &g->consume_from_min_enable));
    } else if (name == "consumeBroadcastEnable") {
      SPOOL_RETURN_IF_ERROR(ReadBool(m.value, field, &g->consume_broadcast_enable));
    } else if (name == "retryQueueNums") {
      SPOOL_RETURN_IF_ERROR(ReadInt32(m.value, field, &g->retry_queue_nums));
    } else if (name == "retryMaxTimes") {
      SPOOL_RETURN_IF_ERROR(ReadInt32(m.value, field, &g->retry_max_times));
    } else if (name == "brokerId") {
      SPOOL_RETURN_IF_ERROR(ReadInt64(m.value, field, &g->broker_id));
    } else if (name == "whichBrokerWhenConsumeSlowly") {
      SPOOL_RETURN_IF_ERROR(ReadInt64(m.value, field, &g->which_broker_when_consume_slowly));
    } else if (name == "notifyConsumerIdsChangedEnable") {
      SPOOL_RETURN_IF_ERROR(ReadBool(m.value, field, &g->notify_consumer_ids_changed_enable));
    } else {
      g->extra_fields[name] = ToCompactJson(m.value);
    }
  }
  return absl::OkStatus();
}

void EncodeGroup(const SubscriptionGroupConfig& g, FastjsonWriter* w) {
  std::map<std::string, FieldWriter> fields;
  fields["brokerId"] = [&g](FastjsonWriter* o) { o->Int(g.broker_id); };
  fields["consumeBroadcastEnable"] = [&g](FastjsonWriter* o) { o->Bool(g.consume_broadcast_enable); };
  fields["consumeEnable"] = [&g](FastjsonWriter* o) { o->Bool(g.consume_enable); };
  fields["consumeFromMinEnable"] = [&g](FastjsonWriter* o) { o->Bool(g.consume_from_min_enable); };
  fields["groupName"] = [&g](FastjsonWriter* o) { o->String(g.group_name); };
  fields["notifyConsumerIdsChangedEnable"] = [&g](FastjsonWriter* o) {
    o->Bool(g.notify_consumer_ids_changed_enable);
  };
  fields["retryMaxTimes"] = [&g](FastjsonWriter* o) { o->Int(g.retry_max_times); };
  fields["retryQueueNums"] = [&g](FastjsonWriter* o) { o->Int(g.retry_queue_nums); };
  fields["whichBrokerWhenConsumeSlowly"] = [&g](FastjsonWriter* o) { o->Int(g.which_broker_when_consume_slowly); };
  WriteSortedMembers(std::move(fields), g.extra_fields, w);
}

}  // namespace

SubscriptionGroupTable::SubscriptionGroupTable(FileSystem* fs, Clock* clock, std::string path)
    : fs_(fs != nullptr ? fs : FileSystem::Default()),
      clock_(clock != nullptr ? clock : Clock::Default()),
      path_(std::move(path)) {}

absl::Status SubscriptionGroupTable::Load() {
  SPOOL_ASSIGN_OR_RETURN(bool found,
                         LoadJsonConfig(fs_, path_, [this](std::string_view text) { return Decode(text); }));
  if (!found) {
    absl::MutexLock lock(&mu_);
    groups_.clear();
    version_ = DataVersion();
    extra_top_level_.clear();
  }
  return absl::OkStatus();
}

absl::Status SubscriptionGroupTable::Persist() {
  return PersistJsonConfig(fs_, path_, [this] { return Encode(); });
}

std::optional<SubscriptionGroupConfig> SubscriptionGroupTable::Find(const std::string& group) const {
  absl::MutexLock lock(&mu_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return std::nullopt;
  return it->second;
}

std::vector<SubscriptionGroupConfig> SubscriptionGroupTable::All() const {
  absl::MutexLock lock(&mu_);
  std::vector<SubscriptionGroupConfig> all;
  all.reserve(groups_.size());
  for (const auto& [name, config] : groups_) all.push_back(config);
  return all;
}

void SubscriptionGroupTable::Upsert(const SubscriptionGroupConfig& config) {
  const int64_t now = clock_->NowMillis();
  absl::MutexLock lock(&mu_);
  groups_[config.group_name] = config;
  version_.timestamp = now;
  ++version_.counter;
}

bool SubscriptionGroupTable::Erase(const std::string& group) {
  const int64_t now = clock_->NowMillis();
  absl::MutexLock lock(&mu_);
  if (groups_.erase(group) == 0) return false;
  version_.timestamp = now;
  ++version_.counter;
  return true;
}

DataVersion SubscriptionGroupTable::data_version() const {
  absl::MutexLock lock(&mu_);
  return version_;
}

std::string SubscriptionGroupTable::Encode() const {
  absl::MutexLock lock(&mu_);
  std::vector<std::string> names;
  names.reserve(groups_.size());
  for (const auto& [name, config] : groups_) names.push_back(name);
  SortInConcurrentHashMapOrder(&names, kTableInitialCapacity);

  // SubscriptionGroupManager's bean properties and any kept unknown ones, alphabetically.
  std::set<std::string> members = {"dataVersion", "subscriptionGroupTable"};
  for (const auto& [name, json] : extra_top_level_) members.insert(name);
  FastjsonWriter w;
  w.BeginObject();
  for (const std::string& member : members) {
    w.Key(member);
    if (member == "dataVersion") {
      w.BeginObject();
      w.Key("counter");
      w.Int(version_.counter);
      w.Key("timestamp");
      w.Int(version_.timestamp);
      w.EndObject();
    } else if (member == "subscriptionGroupTable") {
      w.BeginObject();
      for (const std::string& name : names) {
        w.Key(name);
        EncodeGroup(groups_.at(name), &w);
      }
      w.EndObject();
    } else {
      WriteKeptJson(extra_top_level_.at(member), &w);
    }
  }
  w.EndObject();
  return w.Take();
}

absl::Status SubscriptionGroupTable::Decode(std::string_view json) {
  rapidjson::Document doc;
  SPOOL_RETURN_IF_ERROR(ParseFastjson(json, &doc));
  const rapidjson::Value& root = doc;
  if (!root.IsObject()) return absl::InvalidArgumentError("subscriptionGroup.json: expected an object");
  std::map<std::string, SubscriptionGroupConfig> groups;
  DataVersion version;
  std::map<std::string, std::string> extra;
  for (const auto& m : root.GetObject()) {
    const std::string name(NameOf(m.name));
    if (name == "dataVersion") {
      if (m.value.IsNull()) continue;
      if (!m.value.IsObject()) return absl::InvalidArgumentError("dataVersion: expected an object");
      if (const rapidjson::Value* c = FindMember(m.value, "counter")) {
        SPOOL_RETURN_IF_ERROR(ReadInt64(*c, "dataVersion.counter", &version.counter));
      }
      if (const rapidjson::Value* t = FindMember(m.value, "timestamp")) {
        SPOOL_RETURN_IF_ERROR(ReadInt64(*t, "dataVersion.timestamp", &version.timestamp));
      }
    } else if (name == "subscriptionGroupTable") {
      if (m.value.IsNull()) continue;
      if (!m.value.IsObject()) return absl::InvalidArgumentError("subscriptionGroupTable: expected an object");
      for (const auto& g : m.value.GetObject()) {
        const std::string group(NameOf(g.name));
        SubscriptionGroupConfig config;
        SPOOL_RETURN_IF_ERROR(DecodeGroup(g.value, absl::StrCat("subscriptionGroupTable.", group), &config));
        if (config.group_name.empty()) config.group_name = group;
        groups[group] = std::move(config);
      }
    } else {
      extra[name] = ToCompactJson(m.value);
    }
  }
  absl::MutexLock lock(&mu_);
  groups_ = std::move(groups);
  version_ = version;
  extra_top_level_ = std::move(extra);
  return absl::OkStatus();
}

}  // namespace spool::store
