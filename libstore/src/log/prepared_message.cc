#include "log/prepared_message.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "codec/compression.h"
#include "codec/crc32.h"
#include "codec/message_codec.h"
#include "codec/properties_codec.h"
#include "log/delay_level_table.h"

namespace spool::store::internal {
namespace {

bool Fail(PreparedMessage* out, PutMessageStatus status, std::string remark) {
  out->status = status;
  out->remark = std::move(remark);
  return false;
}

// Checks and encodes one record into out->bytes. `topic`/`queue_id` may differ from the message's (delay).
// `properties` is the encoded property string.
bool AppendEncodedRecord(const Message& m, const std::string& topic, int32_t queue_id, std::string_view properties,
                         const StoreOptions& options, bool allow_compression, PreparedMessage* out) {
  if (static_cast<int64_t>(m.body.size()) > options.max_message_size) {
    return Fail(out, PutMessageStatus::kMessageIllegal,
                absl::StrCat("message body is ", m.body.size(), " bytes, over maxMessageSize ",
                             options.max_message_size));
  }
  if (properties.size() > static_cast<size_t>(kMaxPropertiesLength)) {
    return Fail(out, PutMessageStatus::kPropertiesSizeExceeded,
                absl::StrCat("encoded properties are ", properties.size(), " bytes, over ", kMaxPropertiesLength));
  }
  int32_t sys_flag = m.sys_flag & ~(kSysFlagBornHostV6 | kSysFlagStoreHostV6);
  if (m.born_host.is_v6()) sys_flag |= kSysFlagBornHostV6;
  if (m.store_host.is_v6()) sys_flag |= kSysFlagStoreHostV6;
  if (m.born_host.address.size() != 4 && m.born_host.address.size() != 16) {
    return Fail(out, PutMessageStatus::kMessageIllegal, "born host address must be 4 or 16 bytes");
  }
  if (m.store_host.address.size() != 4 && m.store_host.address.size() != 16) {
    return Fail(out, PutMessageStatus::kMessageIllegal, "store host address must be 4 or 16 bytes");
  }

  std::string compressed;
  std::string_view body = m.body;
  if (allow_compression && options.spool_compression_type != CompressionType::kNone &&
      !(sys_flag & kSysFlagCompressed) &&
      static_cast<int64_t>(m.body.size()) >= options.spool_compress_over_bytes) {
    int32_t bits = 0;
    auto c = CompressBody(m.body, options.spool_compression_type, &bits);
    if (c.ok() && c->size() < m.body.size()) {
      compressed = *std::move(c);
      body = compressed;
      sys_flag |= bits;
    }
  }

  int64_t length = RecordLength(sys_flag, static_cast<int32_t>(body.size()), static_cast<int32_t>(topic.size()),
                                static_cast<int32_t>(properties.size()));
  if (length > static_cast<int64_t>(options.max_message_size) + 65536) {
    return Fail(out, PutMessageStatus::kMessageIllegal,
                absl::StrCat("record would be ", length, " bytes, over maxMessageSize + 64 KiB"));
  }
  if (length + kEndFileMinBlankLength > options.mapped_file_size_commit_log) {
    return Fail(out, PutMessageStatus::kMessageIllegal,
                absl::StrCat("record of ", length, " bytes cannot fit in a ", options.mapped_file_size_commit_log,
                             "-byte commit-log segment"));
  }

  Message shaped;  // only the fields EncodeRecord reads beyond body/properties
  PreparedRecord rec;
  rec.begin = out->bytes.size();
  rec.size = static_cast<int32_t>(length);
  rec.queue_key = absl::StrCat(topic, "-", queue_id);
  int32_t tx = sys_flag & kSysFlagTransactionMask;
  rec.advances_queue = tx == kSysFlagTransactionNotType || tx == kSysFlagTransactionCommit;
  rec.store_host = m.store_host;

  const Message* src = &m;
  if (topic != m.topic || queue_id != m.queue_id) {
    shaped = m;
    shaped.topic = topic;
    shaped.queue_id = queue_id;
    shaped.body.clear();
    src = &shaped;
  }
  EncodeRecord(*src, body, properties, sys_flag, BodyCrc(body), 0, 0, 0, &out->bytes);
  out->records.push_back(std::move(rec));
  return true;
}

bool AppendRecord(const Message& m, const std::string& topic, int32_t queue_id, const MessageProperties& props,
                  const StoreOptions& options, bool allow_compression, PreparedMessage* out) {
  return AppendEncodedRecord(m, topic, queue_id, EncodeProperties(props), options, allow_compression, out);
}

bool CheckTopicAndQueue(const Message& m, PreparedMessage* out) {
  std::string why;
  if (!IsValidTopic(m.topic, &why)) return Fail(out, PutMessageStatus::kMessageIllegal, why);
  if (m.queue_id < 0) {
    return Fail(out, PutMessageStatus::kMessageIllegal, absl::StrCat("queue id ", m.queue_id, " is negative"));
  }
  return true;
}

bool WaitStoreMsgOk(const Message& m) {
  if (m.wait_store_msg_ok.has_value()) return *m.wait_store_msg_ok;
  const std::string* wait = m.properties.Find(kPropertyWaitStoreMsgOk);
  return wait == nullptr || *wait != "false";
}

}  // namespace

bool IsValidTopic(std::string_view topic, std::string* why) {
  if (topic.empty()) {
    *why = "topic is empty";
    return false;
  }
  if (topic.size() > static_cast<size_t>(kMaxTopicLength)) {
    *why = absl::StrCat("topic is ", topic.size(), " characters, over the limit of ", kMaxTopicLength);
    return false;
  }
  for (char c : topic) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '%' || c == '|' ||
              c == '_' || c == '-';
    if (!ok) {
      *why = absl::StrCat("topic '", std::string(topic), "' contains an illegal character; allowed: [%|a-zA-Z0-9_-]");
      return false;
    }
  }
  return true;
}

void PrepareMessage(const Message& m, const StoreOptions& options, const DelayLevelTable& delays,
                    PreparedMessage* out) {
  out->bytes.clear();
  out->records.clear();
  out->status = PutMessageStatus::kPutOk;
  if (!CheckTopicAndQueue(m, out)) return;
  out->wait_store_msg_ok = WaitStoreMsgOk(m);

  int32_t tx = m.sys_flag & kSysFlagTransactionMask;
  const std::string* delay = m.properties.Find(kPropertyDelayTimeLevel);
  int32_t level = 0;
  if (delay != nullptr && (tx == kSysFlagTransactionNotType || tx == kSysFlagTransactionCommit) &&
      absl::SimpleAtoi(*delay, &level) && level > 0 && delays.max_level() > 0) {
    // RocketMQ parks delayed messages in SCHEDULE_TOPIC_XXXX, queue = level - 1, keeping the real destination in
    // properties (CommitLog.asyncPutMessage).
    level = std::min(level, delays.max_level());
    MessageProperties props = m.properties;
    props.Set(kPropertyRealTopic, m.topic);
    props.Set(kPropertyRealQueueId, absl::StrCat(m.queue_id));
    AppendRecord(m, kScheduleTopic, level - 1, props, options, true, out);
    return;
  }
  AppendRecord(m, m.topic, m.queue_id, m.properties, options, true, out);
}

void PrepareScheduledDelivery(const MessageRecord& parked, const std::string& topic, int32_t queue_id,
                              const StoreOptions& options, PreparedMessage* out) {
  out->bytes.clear();
  out->records.clear();
  out->status = PutMessageStatus::kPutOk;
  // ScheduleMessageService.messageTimeup: what is copied, and what is not (the prepared-transaction offset).
  Message m;
  m.topic = topic;
  m.queue_id = queue_id;
  m.flag = parked.flag;
  m.sys_flag = parked.sys_flag;
  m.born_timestamp = parked.born_timestamp;
  m.born_host = parked.born_host;
  m.store_host = parked.store_host;
  m.reconsume_times = parked.reconsume_times;
  m.body = parked.body;
  if (!CheckTopicAndQueue(m, out)) return;
  // WAIT=false and no DELAY live only in RocketMQ's in-memory map; the stored string is the parked one.
  out->wait_store_msg_ok = false;
  AppendEncodedRecord(m, topic, queue_id, parked.properties_string, options, /*allow_compression=*/false, out);
}

void PrepareBatch(const std::vector<Message>& batch, const StoreOptions& options, PreparedMessage* out) {
  out->bytes.clear();
  out->records.clear();
  out->status = PutMessageStatus::kPutOk;
  if (batch.empty()) {
    Fail(out, PutMessageStatus::kMessageIllegal, "empty batch");
    return;
  }
  const Message& first = batch.front();
  if (!CheckTopicAndQueue(first, out)) return;
  out->wait_store_msg_ok = WaitStoreMsgOk(first);
  int64_t total_body = 0;
  for (const Message& m : batch) {
    if (m.topic != first.topic || m.queue_id != first.queue_id) {
      Fail(out, PutMessageStatus::kMessageIllegal, "a batch must have one topic and one queue");
      return;
    }
    if ((m.sys_flag & kSysFlagTransactionMask) != kSysFlagTransactionNotType) {
      Fail(out, PutMessageStatus::kMessageIllegal, "a batch cannot carry transactional messages");
      return;
    }
    const std::string* delay = m.properties.Find(kPropertyDelayTimeLevel);
    if (delay != nullptr && *delay != "0" && !delay->empty()) {
      Fail(out, PutMessageStatus::kMessageIllegal, "a batch cannot carry delayed messages");
      return;
    }
    total_body += static_cast<int64_t>(m.body.size());
    if (!AppendRecord(m, m.topic, m.queue_id, m.properties, options, false, out)) return;
  }
  if (total_body > options.max_message_size) {
    Fail(out, PutMessageStatus::kMessageIllegal,
         absl::StrCat("batch bodies total ", total_body, " bytes, over maxMessageSize ", options.max_message_size));
  }
}

}  // namespace spool::store::internal
