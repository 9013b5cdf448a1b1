#include "record_decoder.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "spool/protocol/message_properties.h"
#include "spool/store/message.h"

namespace spool::client::internal {

namespace {

int32_t ReadInt32(std::string_view bytes) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  return static_cast<int32_t>(v);
}

MessageExt ToMessageExt(const store::MessageRecord& record, std::string body, const std::string& broker_name) {
  MessageExt m;
  m.set_topic(record.topic);
  m.set_body(std::move(body));
  m.set_flag(record.flag);
  for (const auto& [name, value] : protocol::DecodeMessageProperties(record.properties_string)) {
    m.SetProperty(name, value);
  }
  m.broker_name = broker_name;
  m.queue_id = record.queue_id;
  m.queue_offset = record.queue_offset;
  m.commit_log_offset = record.commit_log_offset;
  m.store_size = record.total_size;
  m.body_crc = record.body_crc;
  m.sys_flag = record.sys_flag;
  m.born_timestamp = record.born_timestamp;
  m.store_timestamp = record.store_timestamp;
  m.born_host = record.born_host.ToString();
  m.store_host = record.store_host.ToString();
  m.reconsume_times = record.reconsume_times;
  m.prepared_transaction_offset = record.prepared_transaction_offset;
  m.offset_msg_id = record.OffsetMsgId();
  return m;
}

}  // namespace

absl::StatusOr<std::vector<MessageExt>> DecodePulledRecords(std::string_view body, const std::string& broker_name) {
  std::vector<MessageExt> out;
  size_t pos = 0;
  while (pos < body.size()) {
    if (body.size() - pos < 4) {
      return absl::DataLossError(absl::StrCat("pulled body: ", body.size() - pos, " stray bytes at offset ", pos));
    }
    const int32_t size = ReadInt32(body.substr(pos, 4));
    if (size <= 0 || static_cast<size_t>(size) > body.size() - pos) {
      return absl::DataLossError(absl::StrCat("pulled body: record ", out.size(), " at offset ", pos,
                                              " has bad total size ", size));
    }
    absl::StatusOr<store::MessageRecord> record = store::DecodeMessageRecord(body.substr(pos, size));
    if (!record.ok()) {
      return absl::DataLossError(absl::StrCat("pulled body: record ", out.size(), " at offset ", pos, ": ",
                                              record.status().message()));
    }
    absl::StatusOr<std::string> inflated = record->DecompressedBody();
    if (!inflated.ok()) {
      return absl::DataLossError(absl::StrCat("pulled body: record ", out.size(), " at offset ", pos,
                                              ": cannot inflate body: ", inflated.status().message()));
    }
    out.push_back(ToMessageExt(*record, std::move(*inflated), broker_name));
    pos += static_cast<size_t>(size);
  }
  return out;
}

}  // namespace spool::client::internal
