// File: consume_queue_view.h
// A read-only view of one ConsumeQueue's files (consumequeue/<topic>/<queueId>/), for verify to check units against
// the commit log without going through the store's own ConsumeQueue (which would vouch for itself).
//
//   SPOOL_ASSIGN_OR_RETURN(ConsumeQueueView cq, ConsumeQueueView::Open(fs, dir, 6000));
//   std::optional<internal::CqUnit> unit = cq.Unit(7);
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "log/consume_queue.h"
#include "spool/store/file_system.h"

namespace spool::mqstore {

class ConsumeQueueView {
 public:
  // Maps every file (20-digit names = logical byte offset) of `dir` read-only. Each must be `file_size` bytes
  // (mappedFileSizeConsumeQueue rounded up to a multiple of 20). A missing directory is an empty queue.
  static absl::StatusOr<ConsumeQueueView> Open(store::FileSystem* fs, const std::string& dir, int64_t file_size);

  // The unit at `queue_offset`, as stored (not validated); nullopt if no file holds it.
  std::optional<store::internal::CqUnit> Unit(int64_t queue_offset) const;
  size_t file_count() const { return files_.size(); }

 private:
  int64_t file_size_ = 0;
  std::map<int64_t, std::unique_ptr<store::MemoryMapping>> files_;  // by logical byte offset of the first unit
};

}  // namespace spool::mqstore
