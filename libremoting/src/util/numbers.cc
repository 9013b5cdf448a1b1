#include "util/numbers.h"

#include <charconv>
#include <limits>

namespace spool::remoting::internal {

bool ParseDecimalInt64(std::string_view text, int64_t* out) {
  // std::from_chars takes a '-' but not a '+'; Java takes both.
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (!text.empty() && text.front() == '-') return false;
  }
  if (text.empty()) return false;
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 10);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  *out = value;
  return true;
}

bool ParseDecimalInt32(std::string_view text, int32_t* out) {
  int64_t wide = 0;
  if (!ParseDecimalInt64(text, &wide) || wide < std::numeric_limits<int32_t>::min() ||
      wide > std::numeric_limits<int32_t>::max()) {
    return false;
  }
  *out = static_cast<int32_t>(wide);
  return true;
}

}  // namespace spool::remoting::internal
