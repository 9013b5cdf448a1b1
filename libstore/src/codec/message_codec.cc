#include "codec/message_codec.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "codec/crc32.h"
#include "codec/java_hash.h"
#include "codec/properties_codec.h"
#include "util/big_endian.h"
#include "util/check.h"

namespace spool::store::internal {
namespace {

// Bytes of a BORNHOST / STOREHOST field: address + 4-byte port.
constexpr int HostFieldLength(bool v6) { return v6 ? 16 + 4 : 4 + 4; }

// Position of BODYLENGTH: everything before it is fixed once the two host widths are known.
constexpr int BodyLengthPosition(int32_t sys_flag) {
  return kPosBornHost + HostFieldLength(sys_flag & kSysFlagBornHostV6) + 8 /*STORETIMESTAMP*/ +
         HostFieldLength(sys_flag & kSysFlagStoreHostV6) + 4 /*RECONSUMETIMES*/ + 8 /*PREPARED TX OFFSET*/;
}

// Smallest possible record: IPv4 hosts, empty body, topic and properties.
constexpr int32_t kMinRecordLength = BodyLengthPosition(0) + 4 + 1 + 2;
static_assert(kMinRecordLength == 91);

// The fields of one record, as views into the caller's bytes.
struct RecordFields {
  int32_t total_size = 0;
  int32_t body_crc = 0;
  int32_t queue_id = 0;
  int32_t flag = 0;
  int64_t queue_offset = 0;
  int64_t physical_offset = 0;
  int32_t sys_flag = 0;
  int64_t born_timestamp = 0;
  std::string_view born_address;
  int32_t born_port = 0;
  int64_t store_timestamp = 0;
  std::string_view store_address;
  int32_t store_port = 0;
  int32_t reconsume_times = 0;
  int64_t prepared_transaction_offset = 0;
  std::string_view body;
  std::string_view topic;
  std::string_view properties;
};

// What ParseRecord found. For kBlank and kCorrupt `size` is the TOTALSIZE field when it could be read.
struct ParseResult {
  RecordKind kind = RecordKind::kCorrupt;
  int32_t size = 0;
};

// RocketMQ's checkMessageAndReturnSize, minus the property interpretation, bounded at every step: nothing is
// read past min(data.size(), TOTALSIZE). `reason` is written only for kIncomplete/kCorrupt, so a good record
// costs no allocation.
ParseResult ParseRecord(std::string_view data, bool check_crc, RecordFields* f, std::string* reason) {
  const char* const p = data.data();
  if (data.size() < static_cast<size_t>(kEndFileMinBlankLength)) {
    *reason = absl::StrCat("only ", data.size(), " bytes left, fewer than a record header (8)");
    return {RecordKind::kIncomplete, 0};
  }
  const int32_t total = GetBEInt(p + kPosTotalSize);
  const int32_t magic = GetBEInt(p + kPosMagic);
  if (magic == kBlankMagicCode) {
    // The writer's end-of-segment marker; TOTALSIZE is the rest of the segment. Nothing else to check: RocketMQ
    // accepts any BLANK and moves to the next segment.
    return {RecordKind::kBlank, total};
  }
  if (magic != kMessageMagicCode) {
    if (magic == 0 && total == 0) {
      // Unwritten space: segments are created zero-filled, so this is where the written data ends.
      *reason = "no record here (zeros: end of written data)";
      return {RecordKind::kIncomplete, 0};
    }
    *reason = absl::StrCat("bad magic code 0x", absl::Hex(static_cast<uint32_t>(magic), absl::kZeroPad8),
                           " (TOTALSIZE ", total, ")");
    return {RecordKind::kCorrupt, total};
  }
  if (total < kMinRecordLength) {
    *reason = absl::StrCat("TOTALSIZE ", total, " is below the smallest possible record (", kMinRecordLength, ")");
    return {RecordKind::kCorrupt, total};
  }
  if (static_cast<size_t>(total) > data.size()) {
    *reason = absl::StrCat("record claims ", total, " bytes, only ", data.size(), " available");
    return {RecordKind::kIncomplete, total};
  }
  // From here on every read stays inside [p, p + total), total >= 91.
  const ParseResult corrupt{RecordKind::kCorrupt, total};
  f->total_size = total;
  f->body_crc = GetBEInt(p + kPosBodyCrc);
  f->queue_id = GetBEInt(p + kPosQueueId);
  f->flag = GetBEInt(p + kPosFlag);
  f->queue_offset = GetBELong(p + kPosQueueOffset);
  f->physical_offset = GetBELong(p + kPosPhysicalOffset);
  f->sys_flag = GetBEInt(p + kPosSysFlag);
  f->born_timestamp = GetBELong(p + kPosBornTimestamp);

  const int64_t body_length_pos = BodyLengthPosition(f->sys_flag);
  // BODYLENGTH + TOPICLENGTH + PROPERTIESLENGTH at least.
  if (body_length_pos + 4 + 1 + 2 > total) {
    *reason = absl::StrCat("TOTALSIZE ", total, " is too small for the header of sysFlag 0x", absl::Hex(f->sys_flag));
    return corrupt;
  }
  int64_t pos = kPosBornHost;
  const size_t born_address_len = (f->sys_flag & kSysFlagBornHostV6) ? 16 : 4;
  f->born_address = std::string_view(p + pos, born_address_len);
  f->born_port = GetBEInt(p + pos + born_address_len);
  pos += born_address_len + 4;
  f->store_timestamp = GetBELong(p + pos);
  pos += 8;
  const size_t store_address_len = (f->sys_flag & kSysFlagStoreHostV6) ? 16 : 4;
  f->store_address = std::string_view(p + pos, store_address_len);
  f->store_port = GetBEInt(p + pos + store_address_len);
  pos += store_address_len + 4;
  f->reconsume_times = GetBEInt(p + pos);
  pos += 4;
  f->prepared_transaction_offset = GetBELong(p + pos);
  pos += 8;
  SPOOL_CHECK(pos == body_length_pos);

  const int32_t body_length = GetBEInt(p + pos);
  pos += 4;
  if (body_length < 0) {
    *reason = absl::StrCat("negative BODYLENGTH ", body_length);
    return corrupt;
  }
  if (pos + body_length + 1 + 2 > total) {
    *reason = absl::StrCat("BODYLENGTH ", body_length, " overruns TOTALSIZE ", total);
    return corrupt;
  }
  f->body = std::string_view(p + pos, static_cast<size_t>(body_length));
  pos += body_length;

  const int8_t topic_length = static_cast<int8_t>(p[pos]);
  pos += 1;
  if (topic_length < 0) {
    *reason = absl::StrCat("negative TOPICLENGTH ", topic_length);
    return corrupt;
  }
  if (pos + topic_length + 2 > total) {
    *reason = absl::StrCat("TOPICLENGTH ", topic_length, " overruns TOTALSIZE ", total);
    return corrupt;
  }
  f->topic = std::string_view(p + pos, static_cast<size_t>(topic_length));
  pos += topic_length;

  const int16_t properties_length = GetBEShort(p + pos);
  pos += 2;
  if (properties_length < 0) {
    *reason = absl::StrCat("negative PROPERTIESLENGTH ", properties_length);
    return corrupt;
  }
  if (pos + properties_length != total) {
    *reason = absl::StrCat("TOTALSIZE ", total, " != computed length ", pos + properties_length, " (body ",
                           body_length, ", topic ", topic_length, ", properties ", properties_length, ")");
    return corrupt;
  }
  f->properties = std::string_view(p + pos, static_cast<size_t>(properties_length));

  // RocketMQ checks only non-empty bodies (an empty body's stored CRC is 0 anyway).
  if (check_crc && body_length > 0) {
    const int32_t crc = BodyCrc(f->body);
    if (crc != f->body_crc) {
      *reason = absl::StrCat("body CRC mismatch: stored 0x", absl::Hex(static_cast<uint32_t>(f->body_crc)),
                             ", computed 0x", absl::Hex(static_cast<uint32_t>(crc)));
      return corrupt;
    }
  }
  return {RecordKind::kMessage, total};
}

// Java's Integer.parseInt: optional sign, decimal digits, int range. Anything else is nullopt.
std::optional<int32_t> ParseJavaInt(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool negative = false;
  size_t i = 0;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    i = 1;
    if (s.size() == 1) return std::nullopt;
  }
  int64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
    if (v > int64_t{std::numeric_limits<int32_t>::max()} + 1) return std::nullopt;
  }
  if (negative) v = -v;
  if (v > std::numeric_limits<int32_t>::max() || v < std::numeric_limits<int32_t>::min()) return std::nullopt;
  return static_cast<int32_t>(v);
}

HostAddress MakeHost(std::string_view address, int32_t port) {
  HostAddress h;
  h.address.assign(address.data(), address.size());
  h.port = port;
  return h;
}

}  // namespace

int32_t RecordLength(int32_t sys_flag, int32_t body_length, int32_t topic_length, int32_t properties_length) {
  const int64_t length = int64_t{BodyLengthPosition(sys_flag)} + 4 + std::max(body_length, 0) + 1 + topic_length +
                         2 + std::max(properties_length, 0);
  // Saturate rather than wrap so that an impossible size is still rejected by the caller's limit checks.
  return static_cast<int32_t>(std::min<int64_t>(length, std::numeric_limits<int32_t>::max()));
}

void EncodeRecord(const Message& message, std::string_view body, std::string_view properties, int32_t sys_flag,
                  int32_t body_crc, int64_t queue_offset, int64_t physical_offset, int64_t store_timestamp,
                  std::string* out) {
  // The caller (PrepareMessage) has validated these; a violation here would write a record no reader can parse.
  SPOOL_CHECK(message.topic.size() <= static_cast<size_t>(kMaxTopicLength));
  SPOOL_CHECK(properties.size() <= static_cast<size_t>(kMaxPropertiesLength));
  SPOOL_CHECK(body.size() <= static_cast<size_t>(std::numeric_limits<int32_t>::max()));
  const bool born_v6 = sys_flag & kSysFlagBornHostV6;
  const bool store_v6 = sys_flag & kSysFlagStoreHostV6;
  SPOOL_CHECK(message.born_host.address.size() == (born_v6 ? 16u : 4u));
  SPOOL_CHECK(message.store_host.address.size() == (store_v6 ? 16u : 4u));

  const int32_t length = RecordLength(sys_flag, static_cast<int32_t>(body.size()),
                                      static_cast<int32_t>(message.topic.size()),
                                      static_cast<int32_t>(properties.size()));
  const size_t start = out->size();
  out->resize(start + static_cast<size_t>(length));
  char* p = out->data() + start;

  PutBE32(p, static_cast<uint32_t>(length));
  PutBE32(p + kPosMagic, static_cast<uint32_t>(kMessageMagicCode));
  PutBE32(p + kPosBodyCrc, static_cast<uint32_t>(body_crc));
  PutBE32(p + kPosQueueId, static_cast<uint32_t>(message.queue_id));
  PutBE32(p + kPosFlag, static_cast<uint32_t>(message.flag));
  PutBE64(p + kPosQueueOffset, static_cast<uint64_t>(queue_offset));
  PutBE64(p + kPosPhysicalOffset, static_cast<uint64_t>(physical_offset));
  PutBE32(p + kPosSysFlag, static_cast<uint32_t>(sys_flag));
  PutBE64(p + kPosBornTimestamp, static_cast<uint64_t>(message.born_timestamp));
  p += kPosBornHost;
  std::memcpy(p, message.born_host.address.data(), message.born_host.address.size());
  p += message.born_host.address.size();
  PutBE32(p, static_cast<uint32_t>(message.born_host.port));
  p += 4;
  PutBE64(p, static_cast<uint64_t>(store_timestamp));
  p += 8;
  std::memcpy(p, message.store_host.address.data(), message.store_host.address.size());
  p += message.store_host.address.size();
  PutBE32(p, static_cast<uint32_t>(message.store_host.port));
  p += 4;
  PutBE32(p, static_cast<uint32_t>(message.reconsume_times));
  p += 4;
  PutBE64(p, static_cast<uint64_t>(message.prepared_transaction_offset));
  p += 8;
  PutBE32(p, static_cast<uint32_t>(body.size()));
  p += 4;
  if (!body.empty()) std::memcpy(p, body.data(), body.size());
  p += body.size();
  *p++ = static_cast<char>(message.topic.size());
  if (!message.topic.empty()) std::memcpy(p, message.topic.data(), message.topic.size());
  p += message.topic.size();
  PutBE16(p, static_cast<uint16_t>(properties.size()));
  p += 2;
  if (!properties.empty()) std::memcpy(p, properties.data(), properties.size());
  p += properties.size();
  SPOOL_CHECK(p == out->data() + start + length);
}

void PatchRecord(char* record, int64_t queue_offset, int64_t physical_offset, int64_t store_timestamp) {
  PutBE64(record + kPosQueueOffset, static_cast<uint64_t>(queue_offset));
  PutBE64(record + kPosPhysicalOffset, static_cast<uint64_t>(physical_offset));
  const int32_t sys_flag = GetBEInt(record + kPosSysFlag);
  PutBE64(record + StoreTimestampPosition(sys_flag), static_cast<uint64_t>(store_timestamp));
}

void EncodeBlank(int32_t bytes_left, char out[8]) {
  PutBE32(out, static_cast<uint32_t>(bytes_left));
  PutBE32(out + 4, static_cast<uint32_t>(kBlankMagicCode));
}

RecordCheck CheckRecord(std::string_view data, bool check_crc, const DelayLevelFn& delay_level) {
  RecordCheck check;
  CheckRecord(data, check_crc, delay_level, &check);
  return check;
}

void CheckRecord(std::string_view data, bool check_crc, const DelayLevelFn& delay_level, RecordCheck* out) {
  RecordCheck& check = *out;
  check.reason.clear();
  RecordFields f;
  const ParseResult parsed = ParseRecord(data, check_crc, &f, &check.reason);
  check.kind = parsed.kind;
  check.size = parsed.size;
  if (parsed.kind != RecordKind::kMessage) return;

  DispatchInfo& info = check.info;
  info.topic.assign(f.topic.data(), f.topic.size());
  info.queue_id = f.queue_id;
  info.commit_log_offset = f.physical_offset;
  info.size = f.total_size;
  info.store_timestamp = f.store_timestamp;
  info.queue_offset = f.queue_offset;
  info.sys_flag = f.sys_flag;
  info.prepared_transaction_offset = f.prepared_transaction_offset;

  // One pass over the property string; the last occurrence of a name wins, as in RocketMQ's map.
  std::optional<std::string_view> tags, keys, uniq_key, delay;
  ForEachProperty(f.properties, [&](std::string_view name, std::string_view value) {
    if (name == kPropertyTags) {
      tags = value;
    } else if (name == kPropertyKeys) {
      keys = value;
    } else if (name == kPropertyUniqKey) {
      uniq_key = value;
    } else if (name == kPropertyDelayTimeLevel) {
      delay = value;
    }
  });
  // assign() into the existing strings: no allocation when a reused RecordCheck already has the capacity.
  if (keys) {
    info.keys.assign(keys->data(), keys->size());
  } else {
    info.keys.clear();
  }
  if (uniq_key) {
    info.uniq_key.assign(uniq_key->data(), uniq_key->size());
  } else {
    info.uniq_key.clear();
  }
  info.tags_code = tags ? TagsCode(*tags) : 0;
  if (delay && f.topic == kScheduleTopic) {
    // A parked delayed message: its ConsumeQueue tag code is the time it is due
    // (ScheduleMessageService.computeDeliverTimestamp). RocketMQ fails the whole record on a non-numeric DELAY
    // (an uncaught NumberFormatException); the record itself is intact, so Spool keeps the tag hash instead.
    const std::optional<int32_t> level = ParseJavaInt(*delay);
    if (level && *level > 0) {
      const int64_t delay_ms = delay_level ? delay_level(*level) : 0;
      info.tags_code = f.store_timestamp + (delay_ms > 0 ? delay_ms : 1000);
    }
  }
}

absl::Status DecodeRecord(std::string_view bytes, bool check_crc, MessageRecord* out) {
  RecordFields f;
  std::string reason;
  const ParseResult parsed = ParseRecord(bytes, check_crc, &f, &reason);
  switch (parsed.kind) {
    case RecordKind::kMessage:
      break;
    case RecordKind::kBlank:
      return absl::DataLossError(
          absl::StrCat("not a message record: end-of-segment BLANK record (", parsed.size, " bytes left)"));
    case RecordKind::kIncomplete:
      return absl::DataLossError(absl::StrCat("incomplete record: ", reason));
    case RecordKind::kCorrupt:
      return absl::DataLossError(absl::StrCat("corrupt record: ", reason));
  }
  out->total_size = f.total_size;
  out->body_crc = f.body_crc;
  out->queue_id = f.queue_id;
  out->flag = f.flag;
  out->queue_offset = f.queue_offset;
  out->commit_log_offset = f.physical_offset;
  out->sys_flag = f.sys_flag;
  out->born_timestamp = f.born_timestamp;
  out->born_host = MakeHost(f.born_address, f.born_port);
  out->store_timestamp = f.store_timestamp;
  out->store_host = MakeHost(f.store_address, f.store_port);
  out->reconsume_times = f.reconsume_times;
  out->prepared_transaction_offset = f.prepared_transaction_offset;
  out->body.assign(f.body.data(), f.body.size());
  out->topic.assign(f.topic.data(), f.topic.size());
  out->properties_string.assign(f.properties.data(), f.properties.size());
  out->properties = DecodeProperties(f.properties);
  return absl::OkStatus();
}

}  // namespace spool::store::internal
