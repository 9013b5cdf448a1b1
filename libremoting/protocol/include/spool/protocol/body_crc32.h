// File: spool/protocol/body_crc32.h
// The body checksum a 4.9 broker puts in REGISTER_BROKER's `bodyCrc32` header (UtilAll.crc32): the zlib CRC-32 of
// the body bytes masked with 0x7FFFFFFF, so it is never negative. The name server skips the check when the header
// carries 0.
//
//   request.SetExtFieldInt("bodyCrc32", BodyCrc32(body));
#pragma once

#include <cstdint>
#include <string_view>

namespace spool::protocol {

int32_t BodyCrc32(std::string_view body);

}  // namespace spool::protocol
