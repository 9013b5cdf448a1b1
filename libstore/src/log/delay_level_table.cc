#include "log/delay_level_table.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace spool::store::internal {

absl::StatusOr<DelayLevelTable> DelayLevelTable::Parse(std::string_view spec) {
  DelayLevelTable table;
  for (absl::string_view item : absl::StrSplit(absl::string_view(spec.data(), spec.size()), ' ', absl::SkipEmpty())) {
    int64_t unit;
    switch (item.back()) {
      case 's': unit = 1000; break;
      case 'm': unit = 60 * 1000; break;
      case 'h': unit = 60 * 60 * 1000; break;
      case 'd': unit = 24 * 60 * 60 * 1000; break;
      default:
        return absl::InvalidArgumentError(absl::StrCat("messageDelayLevel: bad unit in '", item, "' (s, m, h or d)"));
    }
    int64_t n;
    if (!absl::SimpleAtoi(item.substr(0, item.size() - 1), &n) || n < 0) {
      return absl::InvalidArgumentError(absl::StrCat("messageDelayLevel: bad number in '", item, "'"));
    }
    table.delays_ms_.push_back(n * unit);
  }
  return table;
}

}  // namespace spool::store::internal
