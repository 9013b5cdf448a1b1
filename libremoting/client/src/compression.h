// File: compression.h
// zlib deflate for producer bodies (Java's UtilAll.compress: Deflater at the given level, zlib wrapper).
// Inflating pulled bodies is libstore's MessageRecord::DecompressedBody.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace spool::client::internal {

absl::StatusOr<std::string> ZlibCompress(std::string_view data, int level);
absl::StatusOr<std::string> ZlibInflate(std::string_view data);

}  // namespace spool::client::internal
