#include "codec/message_id.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "util/big_endian.h"

namespace spool::store::internal {
namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";

void AppendHex(const char* bytes, size_t n, std::string* out) {
  for (size_t i = 0; i < n; ++i) {
    const auto b = static_cast<uint8_t>(bytes[i]);
    out->push_back(kHexDigits[b >> 4]);
    out->push_back(kHexDigits[b & 0x0F]);
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  // UtilAll.string2bytes upper-cases first, so lower-case ids decode too.
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string BytesToHex(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  AppendHex(bytes.data(), bytes.size(), &out);
  return out;
}

std::string CreateOffsetMsgId(const HostAddress& store_host, int64_t commit_log_offset) {
  char tail[12];
  PutBE32(tail, static_cast<uint32_t>(store_host.port));
  PutBE64(tail + 4, static_cast<uint64_t>(commit_log_offset));
  std::string out;
  out.reserve((store_host.address.size() + sizeof(tail)) * 2);
  AppendHex(store_host.address.data(), store_host.address.size(), &out);
  AppendHex(tail, sizeof(tail), &out);
  return out;
}

absl::StatusOr<DecodedMessageId> DecodeOffsetMsgId(std::string_view id) {
  size_t address_bytes;
  if (id.size() == 32) {
    address_bytes = 4;
  } else if (id.size() == 56) {
    address_bytes = 16;
  } else {
    return absl::InvalidArgumentError(absl::StrCat("offsetMsgId '", std::string(id), "' has ", id.size(),
                                                   " characters; expected 32 (IPv4) or 56 (IPv6)"));
  }
  char bytes[28];
  for (size_t i = 0; i < id.size(); i += 2) {
    const int hi = HexValue(id[i]);
    const int lo = HexValue(id[i + 1]);
    if (hi < 0 || lo < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("offsetMsgId '", std::string(id), "' has a non-hex character at position ", hi < 0 ? i : i + 1));
    }
    bytes[i / 2] = static_cast<char>((hi << 4) | lo);
  }
  DecodedMessageId out;
  out.store_host.address.assign(bytes, address_bytes);
  out.store_host.port = GetBEInt(bytes + address_bytes);
  out.commit_log_offset = GetBELong(bytes + address_bytes + 4);
  return out;
}

}  // namespace spool::store::internal
