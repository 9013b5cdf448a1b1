// File: util/big_endian.h
// RocketMQ's files and wire use Java's ByteBuffer order: big-endian two's complement.
#pragma once

#include <cstdint>
#include <cstring>

namespace spool::store::internal {

inline void PutBE16(char* p, uint16_t v) {
  v = __builtin_bswap16(v);
  std::memcpy(p, &v, 2);
}
inline void PutBE32(char* p, uint32_t v) {
  v = __builtin_bswap32(v);
  std::memcpy(p, &v, 4);
}
inline void PutBE64(char* p, uint64_t v) {
  v = __builtin_bswap64(v);
  std::memcpy(p, &v, 8);
}
inline uint16_t GetBE16(const char* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return __builtin_bswap16(v);
}
inline uint32_t GetBE32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return __builtin_bswap32(v);
}
inline uint64_t GetBE64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return __builtin_bswap64(v);
}
inline int32_t GetBEInt(const char* p) { return static_cast<int32_t>(GetBE32(p)); }
inline int64_t GetBELong(const char* p) { return static_cast<int64_t>(GetBE64(p)); }
inline int16_t GetBEShort(const char* p) { return static_cast<int16_t>(GetBE16(p)); }

}  // namespace spool::store::internal
