// File: log/delay_level_table.h
// messageDelayLevel ("1s 5s 10s ... 2h"): level N (1-based) -> delay in ms.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace spool::store::internal {

class DelayLevelTable {
 public:
  static absl::StatusOr<DelayLevelTable> Parse(std::string_view spec);
  int32_t max_level() const { return static_cast<int32_t>(delays_ms_.size()); }
  // 0 for a level outside 1..max_level.
  int64_t DelayMs(int32_t level) const {
    return level >= 1 && level <= max_level() ? delays_ms_[static_cast<size_t>(level - 1)] : 0;
  }

 private:
  std::vector<int64_t> delays_ms_;
};

}  // namespace spool::store::internal
