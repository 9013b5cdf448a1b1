#include "store_walker.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "fmt/format.h"
#include "log/mapped_file.h"
#include "spdlog/spdlog.h"

namespace spool::mqstore {
namespace {

using store::internal::RecordCheck;
using store::internal::RecordKind;

// Position of the first non-zero byte of `s`, or npos.
size_t FirstNonZero(std::string_view s) {
  static const char kZeros[4096] = {};
  size_t pos = 0;
  while (pos < s.size()) {
    const size_t n = std::min(s.size() - pos, sizeof(kZeros));
    if (std::memcmp(s.data() + pos, kZeros, n) != 0) {
      for (size_t i = pos; i < pos + n; ++i) {
        if (s[i] != 0) return i;
      }
    }
    pos += n;
  }
  return std::string_view::npos;
}

}  // namespace

absl::StatusOr<CommitLogView> CommitLogView::Open(store::FileSystem* fs, const std::string& dir,
                                                  int64_t segment_size, bool populate) {
  absl::StatusOr<bool> is_dir = fs->IsDirectory(dir);
  if (!is_dir.ok()) return is_dir.status();
  if (!*is_dir) return absl::NotFoundError(fmt::format("no commit-log directory {}", dir));
  absl::StatusOr<std::vector<std::string>> names = fs->ListDir(dir);
  if (!names.ok()) return names.status();

  CommitLogView view;
  view.segment_size_ = segment_size;
  std::vector<std::pair<int64_t, std::string>> files;
  for (const std::string& name : *names) {
    const int64_t start = store::internal::FileNameToOffset(name);
    if (start >= 0) files.emplace_back(start, name);
  }
  std::sort(files.begin(), files.end());
  for (const auto& [start, name] : files) {
    const std::string path = store::JoinPath(dir, name);
    absl::StatusOr<uint64_t> size = fs->FileSize(path);
    if (!size.ok()) return size.status();
    if (view.segment_size_ == 0) {
      if (*size == 0) return absl::FailedPreconditionError(fmt::format("commit-log segment {} is empty", path));
      view.segment_size_ = static_cast<int64_t>(*size);
    }
    if (static_cast<int64_t>(*size) != view.segment_size_) {
      return absl::FailedPreconditionError(
          fmt::format("commit-log segment {} is {} bytes, expected {} (every segment must be "
                      "mappedFileSizeCommitLog bytes; pass -c with the store's broker.properties)",
                      path, *size, view.segment_size_));
    }
    store::MapOptions options;
    options.read_only = true;
    options.populate = populate;
    absl::StatusOr<std::unique_ptr<store::MemoryMapping>> mapping =
        fs->MapFile(path, static_cast<uint64_t>(view.segment_size_), options);
    if (!mapping.ok()) return mapping.status();
    if (!view.segments_.empty() && view.segments_.back().start + view.segment_size_ != start) {
      spdlog::warn("commit-log segment {} does not follow the previous one (expected start {})", path,
                   view.segments_.back().start + view.segment_size_);
    }
    view.segments_.push_back(Segment{start, path, *std::move(mapping)});
  }
  return view;
}

std::string_view CommitLogView::From(int64_t offset) const {
  // The segment with the greatest start <= offset.
  auto it = std::upper_bound(segments_.begin(), segments_.end(), offset,
                             [](int64_t o, const Segment& s) { return o < s.start; });
  if (it == segments_.begin()) return {};
  --it;
  const int64_t pos = offset - it->start;
  if (pos >= segment_size_) return {};
  return it->bytes().substr(static_cast<size_t>(pos));
}

absl::StatusOr<WalkSummary> WalkCommitLog(const CommitLogView& log, bool check_crc,
                                          const store::internal::DelayLevelFn& delay_level,
                                          const RecordVisitor& visit) {
  WalkSummary summary;
  const std::vector<Segment>& segments = log.segments();
  summary.start_offset = summary.end_offset = log.min_offset();
  for (size_t i = 0; i < segments.size(); ++i) {
    const Segment& segment = segments[i];
    const std::string_view bytes = segment.bytes();
    summary.end_offset = segment.start;
    size_t pos = 0;
    for (;;) {
      const std::string_view rest = bytes.substr(pos);
      RecordCheck check = store::internal::CheckRecord(rest, check_crc, delay_level);
      if (check.kind == RecordKind::kMessage) {
        const int64_t offset = segment.start + static_cast<int64_t>(pos);
        absl::Status s = visit(offset, rest.substr(0, static_cast<size_t>(check.size)), check);
        if (!s.ok()) return s;
        ++summary.records;
        pos += static_cast<size_t>(check.size);
        summary.end_offset = segment.start + static_cast<int64_t>(pos);
        continue;
      }
      if (check.kind == RecordKind::kBlank) {
        // The rest of this segment is padding; recovery continues at the next segment's start (or ends here, at
        // the BLANK, if this is the last one).
        ++summary.blanks;
        summary.ended_at_blank = i + 1 == segments.size();
        break;
      }

      // Recovery stops here. Unwritten space (all zeros to the end of the segment, and no later segment holding
      // data) is the normal end of the log; anything else is a torn or damaged tail that recovery drops.
      const int64_t stop = segment.start + static_cast<int64_t>(pos);
      summary.reason = fmt::format("at offset {} ({}+{}): {}", stop, segment.path, pos, check.reason);
      if (check.kind == RecordKind::kCorrupt) summary.damaged = true;
      const size_t non_zero = FirstNonZero(rest);
      if (non_zero != std::string_view::npos && check.kind == RecordKind::kIncomplete && non_zero > 0) {
        summary.damaged = true;
        summary.reason += fmt::format("; but non-zero bytes follow at offset {}, which recovery would drop",
                                      stop + static_cast<int64_t>(non_zero));
      } else if (non_zero != std::string_view::npos) {
        summary.damaged = true;
      }
      for (size_t j = i + 1; j < segments.size(); ++j) {
        if (FirstNonZero(segments[j].bytes().substr(0, 8)) != std::string_view::npos) {
          summary.damaged = true;
          summary.reason += fmt::format("; later segment {} holds data, which recovery would delete", segments[j].path);
          break;
        }
      }
      return summary;
    }
  }
  return summary;
}

}  // namespace spool::mqstore
