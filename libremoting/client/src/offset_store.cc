#include "offset_store.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "client_instance.h"
#include "consumer_api.h"
#include "logging.h"
#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/protocol/json_writer.h"
#include "spool/status_macros.h"

namespace spool::client::internal {

void OffsetStore::UpdateOffset(const MessageQueue& mq, int64_t offset, bool increase_only) {
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = offsets_.emplace(mq, offset);
  if (inserted) return;
  if (!increase_only || offset > it->second) it->second = offset;
}

int64_t OffsetStore::ReadMemory(const MessageQueue& mq) const {
  absl::MutexLock lock(&mu_);
  auto it = offsets_.find(mq);
  return it == offsets_.end() ? -1 : it->second;
}

void OffsetStore::RemoveOffset(const MessageQueue& mq) {
  absl::MutexLock lock(&mu_);
  offsets_.erase(mq);
}

std::map<MessageQueue, int64_t> OffsetStore::Snapshot() const {
  absl::MutexLock lock(&mu_);
  return offsets_;
}

absl::StatusOr<int64_t> RemoteBrokerOffsetStore::ReadStore(const MessageQueue& mq) {
  if (!instance_->AnyAddr(mq.broker_name).has_value()) (void)instance_->UpdateTopicRoute(mq.topic);
  absl::StatusOr<int64_t> offset = QueryConsumerOffset(*instance_, group_, mq);
  if (absl::IsNotFound(offset.status())) return -1;
  if (!offset.ok()) return offset.status();
  UpdateOffset(mq, *offset, false);
  return *offset;
}

void RemoteBrokerOffsetStore::PersistAll(const std::set<MessageQueue>& mqs, bool sync) {
  for (const auto& [mq, offset] : Snapshot()) {
    if (!mqs.contains(mq)) continue;
    absl::Status s = UpdateConsumerOffset(*instance_, group_, mq, offset, /*oneway=*/!sync);
    if (!s.ok()) ClientLog().warn("persist offset {} of {}: {}", offset, ToString(mq), s.ToString());
  }
}

LocalFileOffsetStore::LocalFileOffsetStore(const std::string& dir, const std::string& client_id,
                                           const std::string& group) {
  std::string base = dir;
  if (base.empty()) {
    const char* home = std::getenv("HOME");
    base = absl::StrCat(home != nullptr ? home : "/tmp", "/.rocketmq_offsets");
  }
  path_ = absl::StrCat(base, "/", client_id, "/", group, "/offsets.json");
}

std::string LocalFileOffsetStore::Encode(const std::map<MessageQueue, int64_t>& offsets) {
  protocol::JsonWriter w;
  w.BeginObject();
  w.Key("offsetTable");
  w.BeginObject();
  for (const auto& [mq, offset] : offsets) {
    w.StructuredKey(mq.ToJson());
    w.Int(offset);
  }
  w.EndObject();
  w.EndObject();
  return w.Take();
}

absl::StatusOr<std::map<MessageQueue, int64_t>> LocalFileOffsetStore::Decode(std::string_view json) {
  SPOOL_ASSIGN_OR_RETURN(protocol::JsonValue doc, protocol::ParseJson(json));
  std::map<MessageQueue, int64_t> out;
  const protocol::JsonValue* table = doc.Find("offsetTable");
  if (table == nullptr) return out;
  SPOOL_RETURN_IF_ERROR(protocol::JsonExpectObject(*table, "offsetTable"));
  for (const protocol::JsonValue::Member& m : table->members()) {
    // Keys are MessageQueue beans: inline objects (fastjson) or their JSON text in a string.
    SPOOL_ASSIGN_OR_RETURN(protocol::JsonValue key, protocol::ParseJson(m.key));
    SPOOL_ASSIGN_OR_RETURN(MessageQueue mq, protocol::MessageQueue::FromJson(key, "offsetTable.key"));
    int64_t offset = 0;
    SPOOL_RETURN_IF_ERROR(protocol::JsonToInt64(m.value, "offsetTable.value", &offset));
    out[mq] = offset;
  }
  return out;
}

absl::Status LocalFileOffsetStore::Load() {
  std::error_code ec;
  std::string text;
  for (const std::string& candidate : {path_, path_ + ".bak"}) {
    if (!std::filesystem::exists(candidate, ec)) continue;
    std::ifstream in(candidate, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
    if (!text.empty()) break;
  }
  if (text.empty()) return absl::OkStatus();
  absl::StatusOr<std::map<MessageQueue, int64_t>> offsets = Decode(text);
  if (!offsets.ok()) {
    return absl::DataLossError(absl::StrCat("offset file ", path_, ": ", offsets.status().message()));
  }
  absl::MutexLock lock(&mu_);
  for (const auto& [mq, offset] : *offsets) offsets_[mq] = offset;
  return absl::OkStatus();
}

absl::StatusOr<int64_t> LocalFileOffsetStore::ReadStore(const MessageQueue& mq) { return ReadMemory(mq); }

void LocalFileOffsetStore::PersistAll(const std::set<MessageQueue>& mqs, bool) {
  std::map<MessageQueue, int64_t> offsets;
  for (const auto& [mq, offset] : Snapshot()) {
    if (mqs.contains(mq)) offsets[mq] = offset;
  }
  if (offsets.empty()) return;
  // Write a temporary file and rename it over the old one, keeping the previous version as .bak (MixAll.string2File).
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path_).parent_path(), ec);
  const std::string tmp = path_ + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << Encode(offsets);
    if (!out.good()) {
      ClientLog().warn("cannot write offset file {}", tmp);
      return;
    }
  }
  std::filesystem::copy_file(path_, path_ + ".bak", std::filesystem::copy_options::overwrite_existing, ec);
  std::filesystem::rename(tmp, path_, ec);
  if (ec) ClientLog().warn("cannot rename {} to {}: {}", tmp, path_, ec.message());
}

}  // namespace spool::client::internal
