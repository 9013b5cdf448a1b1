#include "message_record.h"

#include <zlib.h>

#include <cstring>

#include "absl/strings/str_cat.h"
#include "spool/protocol/message_id.h"

namespace spool::mqadmin {
namespace {

constexpr int32_t kMessageMagicCode = static_cast<int32_t>(0xDAA320A7);
constexpr int32_t kCompressedFlag = 0x1;
constexpr int32_t kBornHostV6Flag = 0x10;
constexpr int32_t kStoreHostV6Flag = 0x20;
// Inflated bodies larger than this are refused: a broker never stores more than maxMessageSize (4 MiB) before
// compression, and a hostile ratio must not exhaust memory.
constexpr size_t kMaxInflatedBody = 64u << 20;

// A bounds-checked big-endian reader over one record.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  bool Has(size_t n) const { return pos_ + n <= data_.size(); }
  size_t pos() const { return pos_; }

  int64_t Int(size_t n) {
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<uint8_t>(data_[pos_ + i]);
    pos_ += n;
    if (n == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
    if (n == 2) return static_cast<int16_t>(static_cast<uint16_t>(v));
    if (n == 1) return static_cast<int8_t>(static_cast<uint8_t>(v));
    return static_cast<int64_t>(v);
  }
  std::string_view Bytes(size_t n) {
    std::string_view out = data_.substr(pos_, n);
    pos_ += n;
    return out;
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

std::string HostToString(std::string_view addr, int32_t port) {
  if (addr.size() == 4) {
    return absl::StrCat(static_cast<uint8_t>(addr[0]), ".", static_cast<uint8_t>(addr[1]), ".",
                        static_cast<uint8_t>(addr[2]), ".", static_cast<uint8_t>(addr[3]), ":", port);
  }
  std::string out = "[";
  for (size_t i = 0; i < addr.size(); i += 2) {
    if (i > 0) out += ':';
    absl::StrAppend(&out, absl::Hex((static_cast<uint8_t>(addr[i]) << 8) | static_cast<uint8_t>(addr[i + 1])));
  }
  return absl::StrCat(out, "]:", port);
}

absl::StatusOr<std::string> Inflate(std::string_view in) {
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  if (inflateInit(&zs) != Z_OK) return absl::InternalError("zlib inflateInit failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - zs.avail_out);
    if (out.size() > kMaxInflatedBody) rc = Z_MEM_ERROR;
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return absl::DataLossError("compressed body does not inflate (zlib)");
  return out;
}

absl::StatusOr<MessageRecord> DecodeOne(std::string_view rec, size_t at) {
  auto bad = [at](const std::string& what) {
    return absl::DataLossError(absl::StrCat("bad message record at body offset ", at, ": ", what));
  };
  Reader r(rec);
  MessageRecord m;
  // Fixed part up to the born host, then the variable-length hosts.
  if (!r.Has(48)) return bad("truncated header");
  m.store_size = static_cast<int32_t>(r.Int(4));
  if (static_cast<int32_t>(r.Int(4)) != kMessageMagicCode) return bad("wrong magic code");
  m.body_crc = static_cast<int32_t>(r.Int(4));
  m.queue_id = static_cast<int32_t>(r.Int(4));
  m.flag = static_cast<int32_t>(r.Int(4));
  m.queue_offset = r.Int(8);
  m.commit_log_offset = r.Int(8);
  m.sys_flag = static_cast<int32_t>(r.Int(4));
  m.born_timestamp = r.Int(8);
  const size_t born_len = (m.sys_flag & kBornHostV6Flag) ? 16 : 4;
  const size_t store_len = (m.sys_flag & kStoreHostV6Flag) ? 16 : 4;
  if (!r.Has(born_len + 4 + 8 + store_len + 4 + 4 + 8 + 4)) return bad("truncated header");
  std::string_view born_addr = r.Bytes(born_len);
  m.born_host = HostToString(born_addr, static_cast<int32_t>(r.Int(4)));
  m.store_timestamp = r.Int(8);
  std::string_view store_addr = r.Bytes(store_len);
  const int32_t store_port = static_cast<int32_t>(r.Int(4));
  m.store_host = HostToString(store_addr, store_port);
  m.reconsume_times = static_cast<int32_t>(r.Int(4));
  m.prepared_transaction_offset = r.Int(8);
  const int64_t body_len = r.Int(4);
  if (body_len < 0 || !r.Has(static_cast<size_t>(body_len) + 1)) return bad("body length past the record");
  std::string_view body = r.Bytes(static_cast<size_t>(body_len));
  const int64_t topic_len = static_cast<uint8_t>(r.Int(1));
  if (!r.Has(static_cast<size_t>(topic_len) + 2)) return bad("topic length past the record");
  m.topic = std::string(r.Bytes(static_cast<size_t>(topic_len)));
  const int64_t props_len = r.Int(2);
  if (props_len < 0 || !r.Has(static_cast<size_t>(props_len))) return bad("properties length past the record");
  m.properties = protocol::DecodeMessageProperties(r.Bytes(static_cast<size_t>(props_len)));
  if (r.pos() != rec.size()) return bad("TOTALSIZE does not match the fields");

  if (m.sys_flag & kCompressedFlag) {
    const int32_t type = (m.sys_flag >> 8) & 0x7;
    if (type != 0 && type != 3) return bad(absl::StrCat("body compressed with unsupported type ", type));
    absl::StatusOr<std::string> inflated = Inflate(body);
    if (!inflated.ok()) return bad(std::string(inflated.status().message()));
    m.body = std::move(*inflated);
  } else {
    m.body = std::string(body);
  }

  // createMessageId: store host bytes + port + commit-log offset, uppercase hex.
  std::string raw(store_addr);
  for (int shift = 24; shift >= 0; shift -= 8) raw.push_back(static_cast<char>((store_port >> shift) & 0xFF));
  for (int shift = 56; shift >= 0; shift -= 8) {
    raw.push_back(static_cast<char>((m.commit_log_offset >> shift) & 0xFF));
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : raw) {
    m.offset_msg_id.push_back(kHex[(static_cast<uint8_t>(c) >> 4) & 0xF]);
    m.offset_msg_id.push_back(kHex[static_cast<uint8_t>(c) & 0xF]);
  }
  return m;
}

}  // namespace

std::string MessageRecord::MsgId() const {
  const std::string* uniq = protocol::FindMessageProperty(properties, protocol::kPropertyUniqClientMessageIdKey);
  return uniq != nullptr ? *uniq : offset_msg_id;
}

std::string MessageRecord::PropertyOrNull(std::string_view name) const {
  const std::string* v = protocol::FindMessageProperty(properties, name);
  return v != nullptr ? *v : "null";
}

absl::StatusOr<std::vector<MessageRecord>> DecodeRecords(std::string_view bytes) {
  std::vector<MessageRecord> out;
  size_t pos = 0;
  while (pos < bytes.size()) {
    if (bytes.size() - pos < 4) {
      return absl::DataLossError(absl::StrCat("bad message record at body offset ", pos, ": truncated size"));
    }
    Reader size_reader(bytes.substr(pos, 4));
    const int64_t size = size_reader.Int(4);
    if (size < 4 || static_cast<uint64_t>(size) > bytes.size() - pos) {
      return absl::DataLossError(absl::StrCat("bad message record at body offset ", pos, ": size ", size,
                                              " past the end of the body"));
    }
    absl::StatusOr<MessageRecord> m = DecodeOne(bytes.substr(pos, static_cast<size_t>(size)), pos);
    if (!m.ok()) return m.status();
    out.push_back(std::move(*m));
    pos += static_cast<size_t>(size);
  }
  return out;
}

}  // namespace spool::mqadmin
