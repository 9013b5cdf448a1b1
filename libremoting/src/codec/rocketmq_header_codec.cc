#include "codec/rocketmq_header_codec.h"

#include <cstdint>
#include <limits>

#include "absl/strings/str_cat.h"
#include "util/big_endian.h"
#include "spool/status_macros.h"

namespace spool::remoting::internal {

namespace {

// code + language + version + opaque + flag + remarkLength + extLength.
constexpr size_t kFixedSize = 2 + 1 + 2 + 4 + 4 + 4 + 4;

bool FitsInt16(int32_t v) {
  return v >= std::numeric_limits<int16_t>::min() && v <= std::numeric_limits<int16_t>::max();
}

absl::Status CheckEncodable(const RemotingCommand& cmd) {
  if (!FitsInt16(cmd.code())) {
    return absl::InvalidArgumentError(absl::StrCat("code ", cmd.code(), " does not fit the ROCKETMQ header's int16"));
  }
  if (!FitsInt16(cmd.version())) {
    return absl::InvalidArgumentError(
        absl::StrCat("version ", cmd.version(), " does not fit the ROCKETMQ header's int16"));
  }
  for (const auto& [key, value] : cmd.ext_fields()) {
    if (key.size() > static_cast<size_t>(std::numeric_limits<int16_t>::max())) {
      return absl::InvalidArgumentError(absl::StrCat("extFields key of ", key.size(), " bytes is too long"));
    }
    if (value.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
      return absl::InvalidArgumentError("extFields value too long");
    }
  }
  return absl::OkStatus();
}

size_t ExtFieldsSize(const RemotingCommand::ExtFields& fields) {
  size_t size = 0;
  for (const auto& [key, value] : fields) size += 2 + key.size() + 4 + value.size();
  return size;
}

// A bounds-checked big-endian reader over the header bytes.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  size_t remaining() const { return data_.size() - pos_; }

  absl::Status Need(size_t n, std::string_view what) const {
    if (n <= remaining()) return absl::OkStatus();
    return absl::InvalidArgumentError(
        absl::StrCat("ROCKETMQ header truncated: ", std::string(what), " needs ", n, " bytes, ", remaining(), " left"));
  }
  uint8_t U8() { return static_cast<uint8_t>(data_[pos_++]); }
  uint16_t U16() {
    const uint16_t v = GetBE16(data_.data() + pos_);
    pos_ += 2;
    return v;
  }
  uint32_t U32() {
    const uint32_t v = GetBE32(data_.data() + pos_);
    pos_ += 4;
    return v;
  }
  std::string_view Bytes(size_t n) {
    std::string_view v = data_.substr(pos_, n);
    pos_ += n;
    return v;
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// An int32 length that must be non-negative and fit in what is left.
absl::StatusOr<size_t> ReadLength32(Reader& r, std::string_view what) {
  SPOOL_RETURN_IF_ERROR(r.Need(4, what));
  const int32_t length = static_cast<int32_t>(r.U32());
  if (length < 0) {
    return absl::InvalidArgumentError(absl::StrCat("ROCKETMQ header: negative ", std::string(what), " ", length));
  }
  SPOOL_RETURN_IF_ERROR(r.Need(static_cast<size_t>(length), what));
  return static_cast<size_t>(length);
}

absl::Status DecodeExtFields(std::string_view bytes, RemotingCommand::ExtFields* out) {
  Reader r(bytes);
  while (r.remaining() > 0) {
    SPOOL_RETURN_IF_ERROR(r.Need(2, "extFields key length"));
    const int16_t key_length = static_cast<int16_t>(r.U16());
    if (key_length < 0) {
      return absl::InvalidArgumentError(absl::StrCat("ROCKETMQ header: negative extFields key length ", key_length));
    }
    SPOOL_RETURN_IF_ERROR(r.Need(static_cast<size_t>(key_length), "extFields key"));
    const std::string_view key = r.Bytes(static_cast<size_t>(key_length));
    SPOOL_ASSIGN_OR_RETURN(const size_t value_length, ReadLength32(r, "extFields value length"));
    const std::string_view value = r.Bytes(value_length);
    // Zero-length strings are Java nulls, and Java drops null-valued fields before a processor sees them.
    if (!key.empty() && !value.empty()) out->insert_or_assign(std::string(key), std::string(value));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status AppendRocketMqHeader(const RemotingCommand& cmd, std::string* out) {
  SPOOL_RETURN_IF_ERROR(CheckEncodable(cmd));
  const size_t remark_size = cmd.remark() ? cmd.remark()->size() : 0;
  const size_t ext_size = ExtFieldsSize(cmd.ext_fields());
  if (remark_size > static_cast<size_t>(std::numeric_limits<int32_t>::max()) ||
      ext_size > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    return absl::InvalidArgumentError("ROCKETMQ header too large");
  }
  out->reserve(out->size() + kFixedSize + remark_size + ext_size);
  AppendBE16(out, static_cast<uint16_t>(cmd.code()));
  out->push_back(static_cast<char>(cmd.language()));
  AppendBE16(out, static_cast<uint16_t>(cmd.version()));
  AppendBE32(out, static_cast<uint32_t>(cmd.opaque()));
  AppendBE32(out, static_cast<uint32_t>(cmd.flag()));
  AppendBE32(out, static_cast<uint32_t>(remark_size));
  if (remark_size > 0) out->append(*cmd.remark());
  AppendBE32(out, static_cast<uint32_t>(ext_size));
  for (const auto& [key, value] : cmd.ext_fields()) {
    AppendBE16(out, static_cast<uint16_t>(key.size()));
    out->append(key);
    AppendBE32(out, static_cast<uint32_t>(value.size()));
    out->append(value);
  }
  return absl::OkStatus();
}

absl::Status DecodeRocketMqHeader(std::string_view header, RemotingCommand* cmd) {
  Reader r(header);
  SPOOL_RETURN_IF_ERROR(r.Need(kFixedSize - 8, "fixed fields"));
  cmd->set_code(static_cast<int16_t>(r.U16()));
  cmd->set_language(static_cast<LanguageCode>(r.U8()));
  cmd->set_version(static_cast<int16_t>(r.U16()));
  cmd->set_opaque(static_cast<int32_t>(r.U32()));
  cmd->set_flag(static_cast<int32_t>(r.U32()));

  SPOOL_ASSIGN_OR_RETURN(const size_t remark_length, ReadLength32(r, "remark length"));
  if (remark_length > 0) {
    cmd->set_remark(std::string(r.Bytes(remark_length)));
  } else {
    cmd->set_remark(std::nullopt);
  }

  SPOOL_ASSIGN_OR_RETURN(const size_t ext_length, ReadLength32(r, "extFields length"));
  cmd->mutable_ext_fields()->clear();
  SPOOL_RETURN_IF_ERROR(DecodeExtFields(r.Bytes(ext_length), cmd->mutable_ext_fields()));
  // Java ignores bytes after the map; so do we (a newer peer may append fields).
  return absl::OkStatus();
}

}  // namespace spool::remoting::internal
