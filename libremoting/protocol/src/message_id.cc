#include "spool/protocol/message_id.h"

#include <arpa/inet.h>

#include <cstring>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace spool::protocol {

namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";

void AppendHex(const unsigned char* bytes, size_t n, std::string* out) {
  for (size_t i = 0; i < n; ++i) {
    out->push_back(kHexDigits[bytes[i] >> 4]);
    out->push_back(kHexDigits[bytes[i] & 0xF]);
  }
}

void AppendBigEndian(uint64_t value, int bytes, std::string* out) {
  unsigned char buf[8];
  for (int i = bytes - 1; i >= 0; --i) {
    buf[i] = static_cast<unsigned char>(value & 0xFF);
    value >>= 8;
  }
  AppendHex(buf, bytes, out);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string OffsetMessageId::Address() const {
  if (host.find(':') != std::string::npos) return absl::StrCat("[", host, "]:", port);
  return absl::StrCat(host, ":", port);
}

absl::StatusOr<std::string> EncodeOffsetMessageId(std::string_view address, int64_t commit_log_offset) {
  const size_t colon = address.rfind(':');
  if (colon == std::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat("address without a port: ", std::string(address)));
  }
  std::string host(address.substr(0, colon));
  int32_t port = 0;
  if (!absl::SimpleAtoi(std::string(address.substr(colon + 1)), &port) || port < 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("bad port in address ", std::string(address)));
  }
  std::string out;
  unsigned char v4[4];
  unsigned char v6[16];
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
    if (inet_pton(AF_INET6, host.c_str(), v6) != 1) {
      return absl::InvalidArgumentError(absl::StrCat("bad IPv6 address ", std::string(address)));
    }
    AppendHex(v6, sizeof(v6), &out);
  } else if (inet_pton(AF_INET, host.c_str(), v4) == 1) {
    AppendHex(v4, sizeof(v4), &out);
  } else {
    return absl::InvalidArgumentError(absl::StrCat("not an IP address: ", std::string(address)));
  }
  AppendBigEndian(static_cast<uint32_t>(port), 4, &out);
  AppendBigEndian(static_cast<uint64_t>(commit_log_offset), 8, &out);
  return out;
}

absl::StatusOr<OffsetMessageId> DecodeOffsetMessageId(std::string_view id) {
  if (id.size() != 32 && id.size() != 56) {
    return absl::InvalidArgumentError(
        absl::StrCat("offsetMsgId must be 32 or 56 hex digits, got ", id.size(), ": ", std::string(id)));
  }
  std::string bytes;
  for (size_t i = 0; i < id.size(); i += 2) {
    const int hi = HexValue(id[i]);
    const int lo = HexValue(id[i + 1]);
    if (hi < 0 || lo < 0) return absl::InvalidArgumentError(absl::StrCat("offsetMsgId is not hex: ", std::string(id)));
    bytes.push_back(static_cast<char>(hi << 4 | lo));
  }
  const size_t ip_len = bytes.size() == 16 ? 4 : 16;
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(ip_len == 4 ? AF_INET : AF_INET6, bytes.data(), text, sizeof(text));
  auto read_be = [&](size_t pos, int n) {
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v = v << 8 | static_cast<unsigned char>(bytes[pos + i]);
    return v;
  };
  OffsetMessageId out;
  out.host = text;
  out.port = static_cast<int32_t>(read_be(ip_len, 4));
  out.commit_log_offset = static_cast<int64_t>(read_be(ip_len + 4, 8));
  return out;
}

}  // namespace spool::protocol
