#include "spool/protocol/body_crc32.h"

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace spool::protocol {

int32_t BodyCrc32(std::string_view body) {
  uLong crc = crc32(0L, Z_NULL, 0);
  const auto* data = reinterpret_cast<const Bytef*>(body.data());
  size_t left = body.size();
  // zlib takes uInt lengths; feed huge bodies in pieces.
  while (left > 0) {
    const uInt n = static_cast<uInt>(std::min<size_t>(left, std::numeric_limits<uInt>::max()));
    crc = crc32(crc, data, n);
    data += n;
    left -= n;
  }
  return static_cast<int32_t>(crc & 0x7FFFFFFFu);
}

}  // namespace spool::protocol
