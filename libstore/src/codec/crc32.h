// File: codec/crc32.h
// CRC-32 (IEEE 802.3, zlib's and java.util.zip.CRC32's polynomial), hardware-accelerated through ISA-L when it
// measures faster than zlib (benchmarks/codec_bench.cc: BM_Crc32Isal vs BM_Crc32Zlib).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace spool::store::internal {

// Standard CRC-32, identical to zlib's crc32(0, data, n).
uint32_t Crc32(const void* data, size_t n);
// RocketMQ's BODYCRC: UtilAll.crc32(body) & 0x7FFFFFFF.
inline int32_t BodyCrc(std::string_view body) {
  return static_cast<int32_t>(Crc32(body.data(), body.size()) & 0x7FFFFFFFu);
}

}  // namespace spool::store::internal
