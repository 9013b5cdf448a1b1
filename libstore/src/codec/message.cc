// The public message.h: HostAddress, MessageProperties, MessageRecord helpers and DecodeMessageRecord.
#include "spool/store/message.h"

#include <arpa/inet.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "codec/compression.h"
#include "codec/message_codec.h"
#include "codec/message_id.h"

namespace spool::store {

HostAddress HostAddress::V4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, int32_t port) {
  HostAddress h;
  h.address = {static_cast<char>(a), static_cast<char>(b), static_cast<char>(c), static_cast<char>(d)};
  h.port = port;
  return h;
}

std::string HostAddress::ToString() const {
  if (address.size() == 4) {
    const auto b = [this](int i) { return static_cast<unsigned>(static_cast<uint8_t>(address[i])); };
    return absl::StrCat(b(0), ".", b(1), ".", b(2), ".", b(3), ":", port);
  }
  if (address.size() == 16) {
    char text[INET6_ADDRSTRLEN];
    if (inet_ntop(AF_INET6, address.data(), text, sizeof(text)) != nullptr) {
      return absl::StrCat("[", text, "]:", port);
    }
  }
  // Not a socket address (a malformed record or an unset host): show the raw bytes rather than guess.
  return absl::StrCat("<", internal::BytesToHex(address), ">:", port);
}

void MessageProperties::Set(std::string_view name, std::string_view value) {
  for (auto& [n, v] : entries_) {
    if (n == name) {
      v.assign(value.data(), value.size());
      return;
    }
  }
  entries_.emplace_back(std::string(name), std::string(value));
}

void MessageProperties::Erase(std::string_view name) {
  auto it = std::find_if(entries_.begin(), entries_.end(), [name](const auto& e) { return e.first == name; });
  if (it != entries_.end()) entries_.erase(it);
}

const std::string* MessageProperties::Find(std::string_view name) const {
  for (const auto& [n, v] : entries_) {
    if (n == name) return &v;
  }
  return nullptr;
}

std::string MessageProperties::Get(std::string_view name) const {
  const std::string* v = Find(name);
  return v ? *v : std::string();
}

std::string& MessageProperties::operator[](std::string_view name) {
  for (auto& [n, v] : entries_) {
    if (n == name) return v;
  }
  return entries_.emplace_back(std::string(name), std::string()).second;
}

std::string MessageRecord::OffsetMsgId() const { return internal::CreateOffsetMsgId(store_host, commit_log_offset); }

absl::StatusOr<std::string> MessageRecord::DecompressedBody() const {
  return internal::DecompressBody(body, sys_flag);
}

absl::StatusOr<MessageRecord> DecodeMessageRecord(std::string_view bytes, bool check_crc) {
  MessageRecord record;
  absl::Status s = internal::DecodeRecord(bytes, check_crc, &record);
  if (!s.ok()) return s;
  return record;
}

}  // namespace spool::store
