#include "codec/crc32.h"

#include <isa-l.h>

namespace spool::store::internal {

// ISA-L's crc32_gzip_refl is the reflected IEEE CRC-32 with zlib's pre- and post-inversion, so
// crc32_gzip_refl(0, ...) == zlib crc32(0, ...) (crc32_test.cc checks this against zlib). It picks a
// PCLMULQDQ/VPCLMULQDQ kernel at run time and falls back to a table on CPUs without them.
uint32_t Crc32(const void* data, size_t n) {
  // A zero-length call may come with a null pointer (an empty std::string_view); the CRC of nothing is 0.
  if (n == 0) return 0;
  return crc32_gzip_refl(0, static_cast<const unsigned char*>(data), static_cast<uint64_t>(n));
}

}  // namespace spool::store::internal
