#include "spool/namesrv/kv_config_manager.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "atomic_file.h"
#include "logging.h"
#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/protocol/json_writer.h"

namespace spool::namesrv {

using internal::NamesrvLog;

KvConfigManager::KvConfigManager(std::string kv_config_path) : path_(std::move(kv_config_path)) {}

absl::Status KvConfigManager::Load() {
  std::string source = path_;
  absl::StatusOr<std::optional<std::string>> content = internal::ReadFileIfExists(source);
  if (content.ok() && !content->has_value()) {
    source = path_ + ".bak";
    content = internal::ReadFileIfExists(source);
  }
  if (!content.ok()) return content.status();
  if (!content->has_value()) {
    NamesrvLog().info("no KV config at {}, starting empty", path_);
    return absl::OkStatus();
  }
  absl::StatusOr<protocol::JsonValue> doc = protocol::ParseJson(**content);
  if (!doc.ok()) return absl::InvalidArgumentError(absl::StrCat(source, ": ", doc.status().message()));
  absl::StatusOr<protocol::JsonFields> fields = protocol::JsonFields::Of(*doc, "KVConfigSerializeWrapper");
  if (!fields.ok()) return absl::InvalidArgumentError(absl::StrCat(source, ": ", fields.status().message()));
  const protocol::JsonValue* config_table = fields->Find("configTable");

  decltype(table_) loaded;
  if (config_table != nullptr) {
    const std::string table_path = fields->PathOf("configTable");
    if (absl::Status s = protocol::JsonExpectObject(*config_table, table_path); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(source, ": ", s.message()));
    }
    for (const protocol::JsonValue::Member& ns : config_table->members()) {
      const std::string ns_path = table_path + "." + ns.key;
      if (absl::Status s = protocol::JsonExpectObject(ns.value, ns_path); !s.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(source, ": ", s.message()));
      }
      auto& kv = loaded[ns.key];
      for (const protocol::JsonValue::Member& entry : ns.value.members()) {
        std::string value;
        if (absl::Status s = protocol::JsonToString(entry.value, ns_path + "." + entry.key, &value); !s.ok()) {
          return absl::InvalidArgumentError(absl::StrCat(source, ": ", s.message()));
        }
        kv[entry.key] = std::move(value);
      }
    }
  }
  absl::WriterMutexLock lock(&mu_);
  for (auto& [ns, kv] : loaded) {
    for (auto& [k, v] : kv) table_[ns][k] = std::move(v);
  }
  NamesrvLog().info("loaded KV config from {}: {} namespaces", source, table_.size());
  return absl::OkStatus();
}

absl::Status KvConfigManager::Put(std::string_view ns, std::string_view key, std::string_view value) {
  {
    absl::WriterMutexLock lock(&mu_);
    auto ns_it = table_.find(ns);
    if (ns_it == table_.end()) ns_it = table_.emplace(std::string(ns), decltype(table_)::mapped_type()).first;
    ns_it->second.insert_or_assign(std::string(key), std::string(value));
  }
  NamesrvLog().info("KV config put: namespace {} key {} value {}", ns, key, value);
  return Persist();
}

absl::Status KvConfigManager::Delete(std::string_view ns, std::string_view key) {
  {
    absl::WriterMutexLock lock(&mu_);
    if (auto ns_it = table_.find(ns); ns_it != table_.end()) {
      if (auto it = ns_it->second.find(key); it != ns_it->second.end()) {
        NamesrvLog().info("KV config delete: namespace {} key {} value {}", ns, key, it->second);
        ns_it->second.erase(it);
      }
    }
  }
  return Persist();
}

std::optional<std::string> KvConfigManager::Get(std::string_view ns, std::string_view key) const {
  absl::ReaderMutexLock lock(&mu_);
  auto ns_it = table_.find(ns);
  if (ns_it == table_.end()) return std::nullopt;
  auto it = ns_it->second.find(key);
  if (it == ns_it->second.end()) return std::nullopt;
  return it->second;
}

std::optional<protocol::KvTable> KvConfigManager::GetKvListByNamespace(std::string_view ns) const {
  absl::ReaderMutexLock lock(&mu_);
  auto ns_it = table_.find(ns);
  if (ns_it == table_.end()) return std::nullopt;
  protocol::KvTable kv;
  kv.table.insert(ns_it->second.begin(), ns_it->second.end());
  return kv;
}

std::string KvConfigManager::Encode() const {
  absl::ReaderMutexLock lock(&mu_);
  protocol::JsonWriter w;
  w.BeginObject();
  w.Key("configTable");
  w.BeginObject();
  for (const auto& [ns, kv] : table_) {
    w.Key(ns);
    w.BeginObject();
    for (const auto& [k, v] : kv) {
      w.Key(k);
      w.String(v);
    }
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  return w.Take();
}

absl::Status KvConfigManager::Persist() {
  absl::MutexLock lock(&persist_mu_);
  const std::string content = Encode();
  absl::Status s = internal::WriteFileAtomically(path_, content);
  if (!s.ok()) NamesrvLog().error("KV config change kept in memory only: {}", std::string(s.message()));
  return s;
}

}  // namespace spool::namesrv
