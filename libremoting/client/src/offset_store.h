// File: offset_store.h
// Where a push consumer keeps its consume offsets (Java's OffsetStore): on the broker for CLUSTERING
// (RemoteBrokerOffsetStore: memory, sent by UPDATE_CONSUMER_OFFSET), in a local file for BROADCASTING
// (LocalFileOffsetStore: <dir>/<clientId>/<group>/offsets.json, fastjson's {"offsetTable":{{mq}:offset}}).
//
// Thread safety: every method from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "spool/client/message_queue.h"

namespace spool::client::internal {

class ClientInstance;

class OffsetStore {
 public:
  virtual ~OffsetStore() = default;

  // Reads what was persisted (the local file); no-op for the broker store.
  virtual absl::Status Load() { return absl::OkStatus(); }
  // Records `offset` in memory; with `increase_only` a lower value is ignored.
  void UpdateOffset(const MessageQueue& mq, int64_t offset, bool increase_only);
  // The offset in memory, or -1.
  int64_t ReadMemory(const MessageQueue& mq) const;
  // The persisted offset (broker or file), remembered in memory; -1 when there is none.
  virtual absl::StatusOr<int64_t> ReadStore(const MessageQueue& mq) = 0;
  // Persists the offsets of `mqs` that are in memory. `sync` waits for the broker's answers.
  virtual void PersistAll(const std::set<MessageQueue>& mqs, bool sync) = 0;
  void RemoveOffset(const MessageQueue& mq);

 protected:
  std::map<MessageQueue, int64_t> Snapshot() const;

  mutable absl::Mutex mu_;
  std::map<MessageQueue, int64_t> offsets_ ABSL_GUARDED_BY(mu_);
};

class RemoteBrokerOffsetStore : public OffsetStore {
 public:
  RemoteBrokerOffsetStore(ClientInstance* instance, std::string group)
      : instance_(instance), group_(std::move(group)) {}
  absl::StatusOr<int64_t> ReadStore(const MessageQueue& mq) override;
  void PersistAll(const std::set<MessageQueue>& mqs, bool sync) override;

 private:
  ClientInstance* const instance_;
  const std::string group_;
};

class LocalFileOffsetStore : public OffsetStore {
 public:
  // `dir` empty: $HOME/.rocketmq_offsets.
  LocalFileOffsetStore(const std::string& dir, const std::string& client_id, const std::string& group);
  absl::Status Load() override;
  absl::StatusOr<int64_t> ReadStore(const MessageQueue& mq) override;
  void PersistAll(const std::set<MessageQueue>& mqs, bool sync) override;

  const std::string& path() const { return path_; }

  // The file's JSON and back (exposed for tests).
  static std::string Encode(const std::map<MessageQueue, int64_t>& offsets);
  static absl::StatusOr<std::map<MessageQueue, int64_t>> Decode(std::string_view json);

 private:
  std::string path_;
};

}  // namespace spool::client::internal
