#include "spool/protocol/message_batch_codec.h"

#include "absl/strings/str_cat.h"

namespace spool::protocol {

namespace {

constexpr size_t kFixedPart = 4 + 4 + 4 + 4 + 4 + 2;

void PutInt32(int32_t v, std::string* out) {
  const auto u = static_cast<uint32_t>(v);
  out->push_back(static_cast<char>(u >> 24));
  out->push_back(static_cast<char>(u >> 16));
  out->push_back(static_cast<char>(u >> 8));
  out->push_back(static_cast<char>(u));
}

int32_t GetInt32(std::string_view s, size_t pos) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(s[pos + i]);
  return static_cast<int32_t>(v);
}

int32_t GetInt16(std::string_view s, size_t pos) {
  const auto v = static_cast<uint16_t>(static_cast<unsigned char>(s[pos]) << 8 | static_cast<unsigned char>(s[pos + 1]));
  return static_cast<int16_t>(v);
}

absl::Status Malformed(size_t index, size_t offset, std::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("batch body: message ", index, " at byte ", offset, ": ", std::string(what)));
}

}  // namespace

absl::StatusOr<std::string> EncodeMessageBatch(const std::vector<BatchMessage>& messages) {
  std::string out;
  for (size_t i = 0; i < messages.size(); ++i) {
    const BatchMessage& m = messages[i];
    if (m.properties.size() > 32767) {
      return absl::InvalidArgumentError(
          absl::StrCat("batch message ", i, ": properties of ", m.properties.size(), " bytes exceed 32767"));
    }
    const size_t total = kFixedPart + m.body.size() + m.properties.size();
    if (total > 0x7FFFFFFF) return absl::InvalidArgumentError(absl::StrCat("batch message ", i, " too large"));
    PutInt32(static_cast<int32_t>(total), &out);
    PutInt32(0, &out);  // magic: not checked by the broker
    PutInt32(0, &out);  // body CRC: the broker computes its own
    PutInt32(m.flag, &out);
    PutInt32(static_cast<int32_t>(m.body.size()), &out);
    out.append(m.body);
    out.push_back(static_cast<char>(m.properties.size() >> 8));
    out.push_back(static_cast<char>(m.properties.size()));
    out.append(m.properties);
  }
  return out;
}

absl::StatusOr<std::vector<BatchMessage>> DecodeMessageBatch(std::string_view body) {
  std::vector<BatchMessage> out;
  size_t pos = 0;
  while (pos < body.size()) {
    const size_t index = out.size();
    const size_t left = body.size() - pos;
    if (left < 20) return Malformed(index, pos, "truncated header");
    const int32_t total = GetInt32(body, pos);
    const int32_t body_len = GetInt32(body, pos + 16);
    if (total < static_cast<int32_t>(kFixedPart) || static_cast<size_t>(total) > left) {
      return Malformed(index, pos, absl::StrCat("totalSize ", total, " outside [22, ", left, "]"));
    }
    if (body_len < 0 || static_cast<size_t>(body_len) > static_cast<size_t>(total) - kFixedPart) {
      return Malformed(index, pos, absl::StrCat("bodyLen ", body_len, " does not fit totalSize ", total));
    }
    const size_t props_pos = pos + 20 + static_cast<size_t>(body_len);
    const int32_t props_len = GetInt16(body, props_pos);
    if (props_len < 0 || kFixedPart + static_cast<size_t>(body_len) + static_cast<size_t>(props_len) !=
                             static_cast<size_t>(total)) {
      return Malformed(index, pos, absl::StrCat("propertiesLength ", props_len, " disagrees with totalSize ", total));
    }
    BatchMessage m;
    m.flag = GetInt32(body, pos + 12);
    m.body = std::string(body.substr(pos + 20, static_cast<size_t>(body_len)));
    m.properties = std::string(body.substr(props_pos + 2, static_cast<size_t>(props_len)));
    out.push_back(std::move(m));
    pos += static_cast<size_t>(total);
  }
  return out;
}

}  // namespace spool::protocol
