// File: util/numbers.h
// Strict decimal parsing for header values: an optional sign and digits, nothing else, within the type's range.
// Java's Integer.parseInt/Long.parseLong accept exactly this; whitespace or a fraction means a buggy peer, and
// an error naming the field helps it more than a silently truncated value.
#pragma once

#include <cstdint>
#include <string_view>

namespace spool::remoting::internal {

bool ParseDecimalInt64(std::string_view text, int64_t* out);
bool ParseDecimalInt32(std::string_view text, int32_t* out);

}  // namespace spool::remoting::internal
