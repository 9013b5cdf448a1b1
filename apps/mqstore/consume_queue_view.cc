#include "consume_queue_view.h"

#include <utility>
#include <vector>

#include "fmt/format.h"
#include "log/mapped_file.h"
#include "util/big_endian.h"

namespace spool::mqstore {

using store::internal::kCqUnitSize;

absl::StatusOr<ConsumeQueueView> ConsumeQueueView::Open(store::FileSystem* fs, const std::string& dir,
                                                        int64_t file_size) {
  ConsumeQueueView view;
  view.file_size_ = file_size;
  absl::StatusOr<bool> exists = fs->Exists(dir);
  if (!exists.ok()) return exists.status();
  if (!*exists) return view;
  absl::StatusOr<std::vector<std::string>> names = fs->ListDir(dir);
  if (!names.ok()) return names.status();
  for (const std::string& name : *names) {
    const int64_t start = store::internal::FileNameToOffset(name);
    if (start < 0) continue;
    const std::string path = store::JoinPath(dir, name);
    if (start % kCqUnitSize != 0) {
      return absl::DataLossError(fmt::format("ConsumeQueue file {}: name is not a multiple of 20", path));
    }
    store::MapOptions options;
    options.read_only = true;
    // MapFile refuses a file whose length differs from file_size, naming it.
    absl::StatusOr<std::unique_ptr<store::MemoryMapping>> mapping =
        fs->MapFile(path, static_cast<uint64_t>(file_size), options);
    if (!mapping.ok()) return mapping.status();
    view.files_.emplace(start, *std::move(mapping));
  }
  return view;
}

std::optional<store::internal::CqUnit> ConsumeQueueView::Unit(int64_t queue_offset) const {
  if (queue_offset < 0 || files_.empty()) return std::nullopt;
  const int64_t byte = queue_offset * kCqUnitSize;
  auto it = files_.upper_bound(byte);
  if (it == files_.begin()) return std::nullopt;
  --it;
  const int64_t pos = byte - it->first;
  if (pos + kCqUnitSize > file_size_) return std::nullopt;
  const char* p = it->second->data() + pos;
  store::internal::CqUnit unit;
  unit.commit_log_offset = store::internal::GetBELong(p);
  unit.size = store::internal::GetBEInt(p + 8);
  unit.tags_code = store::internal::GetBELong(p + 12);
  return unit;
}

}  // namespace spool::mqstore
