// File: codec/compression.h
// Body compression as RocketMQ clients and brokers flag it: sysFlag bit 0 = compressed, bits 8..10 = type
// (1 LZ4, 2 ZSTD, 3 ZLIB; 0 read as ZLIB for 4.x clients).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "spool/store/options.h"

namespace spool::store::internal {

// Inflating stops at this many output bytes (kResourceExhausted): far above any legal body (maxMessageSize is
// 4 MiB by default), low enough that a corrupt or hostile record cannot exhaust memory.
inline constexpr size_t kMaxDecompressedBodySize = size_t{256} << 20;

absl::StatusOr<std::string> ZlibCompress(std::string_view data, int level = 5);
// zlib format (RFC 1950, java.util.zip.Deflater's default). kDataLoss if corrupt or truncated; bytes after the
// end of the stream are ignored, as Java's InflaterInputStream does.
absl::StatusOr<std::string> ZlibDecompress(std::string_view data);
absl::StatusOr<std::string> ZlibDecompress(std::string_view data, size_t max_output);
absl::StatusOr<std::string> ZstdCompress(std::string_view data, int level = 3);
// One or more zstd frames. kDataLoss if corrupt or truncated.
absl::StatusOr<std::string> ZstdDecompress(std::string_view data);
absl::StatusOr<std::string> ZstdDecompress(std::string_view data, size_t max_output);

// The body after undoing the compression `sys_flag` names; the body itself if not compressed. kDataLoss for
// corrupt data, kUnimplemented for LZ4.
absl::StatusOr<std::string> DecompressBody(std::string_view body, int32_t sys_flag);
// Compresses with `type`; returns the sysFlag bits to OR in (kSysFlagCompressed | type << 8).
absl::StatusOr<std::string> CompressBody(std::string_view body, CompressionType type, int32_t* sys_flag_bits);

}  // namespace spool::store::internal
