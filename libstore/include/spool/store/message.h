// File: spool/store/message.h
// Messages going in (Message) and records coming out (MessageRecord), in RocketMQ's terms.
//
//   Message m;
//   m.topic = "orders";
//   m.queue_id = 3;
//   m.body = "hello";
//   m.properties["TAGS"] = "TagA";
//   m.properties["KEYS"] = "order-17 customer-9";
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace spool::store {

// Well-known property names (MessageConst).
inline constexpr char kPropertyKeys[] = "KEYS";
inline constexpr char kPropertyTags[] = "TAGS";
inline constexpr char kPropertyWaitStoreMsgOk[] = "WAIT";
inline constexpr char kPropertyDelayTimeLevel[] = "DELAY";
inline constexpr char kPropertyUniqKey[] = "UNIQ_KEY";
inline constexpr char kPropertyRealTopic[] = "REAL_TOPIC";
inline constexpr char kPropertyRealQueueId[] = "REAL_QID";
inline constexpr char kPropertyCluster[] = "CLUSTER";
inline constexpr char kPropertyTransactionPrepared[] = "TRAN_MSG";

// SYSFLAG bits (MessageSysFlag).
inline constexpr int32_t kSysFlagCompressed = 0x1;
inline constexpr int32_t kSysFlagMultiTags = 0x2;
inline constexpr int32_t kSysFlagTransactionMask = 0xC;
inline constexpr int32_t kSysFlagTransactionNotType = 0x0;
inline constexpr int32_t kSysFlagTransactionPrepared = 0x4;
inline constexpr int32_t kSysFlagTransactionCommit = 0x8;
inline constexpr int32_t kSysFlagTransactionRollback = 0xC;
inline constexpr int32_t kSysFlagBornHostV6 = 0x10;
inline constexpr int32_t kSysFlagStoreHostV6 = 0x20;
inline constexpr int32_t kSysFlagCompressionTypeMask = 0x700;
inline constexpr int32_t kSysFlagCompressionZlib = 0x300;
inline constexpr int32_t kSysFlagCompressionZstd = 0x200;

// A socket address as RocketMQ stores it: 4 or 16 address bytes and a port.
struct HostAddress {
  std::string address;  // 4 bytes (IPv4) or 16 bytes (IPv6), network order
  int32_t port = 0;
  bool is_v6() const { return address.size() == 16; }
  static HostAddress V4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, int32_t port);
  // "1.2.3.4:5" or "[::1]:5".
  std::string ToString() const;
  bool operator==(const HostAddress&) const = default;
};

// Properties in the order they will be encoded. RocketMQ encodes a Java HashMap (unspecified order); Spool keeps
// insertion order so that encoding is deterministic and a decoded record re-encodes to the same bytes.
class MessageProperties {
 public:
  // Sets (replacing in place if present) a property.
  void Set(std::string_view name, std::string_view value);
  void Erase(std::string_view name);
  const std::string* Find(std::string_view name) const;
  std::string Get(std::string_view name) const;  // empty if absent
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }
  std::string& operator[](std::string_view name);
  bool operator==(const MessageProperties&) const = default;

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

// A message to put.
struct Message {
  std::string topic;
  int32_t queue_id = 0;
  int32_t flag = 0;
  std::string body;  // as the producer gave it; compressed by the store only if the options ask for it
  MessageProperties properties;
  // SYSFLAG as the producer sent it (compression bit and type of an already-compressed body, transaction type).
  // The store adds the host-v6 bits itself.
  int32_t sys_flag = 0;
  int64_t born_timestamp = 0;  // 0 = now
  HostAddress born_host = HostAddress::V4(127, 0, 0, 1, 0);
  HostAddress store_host = HostAddress::V4(127, 0, 0, 1, 10911);
  int32_t reconsume_times = 0;
  int64_t prepared_transaction_offset = 0;
  // Whether a SYNC_FLUSH put waits for the flush. Unset: the WAIT property decides (absent or not "false" =
  // wait). A broker sets it when it removes WAIT from the stored properties, as RocketMQ's does for single sends.
  std::optional<bool> wait_store_msg_ok;
};

// A record as it sits in the commit log, decoded.
struct MessageRecord {
  int32_t total_size = 0;
  int32_t body_crc = 0;
  int32_t queue_id = 0;
  int32_t flag = 0;
  int64_t queue_offset = 0;
  int64_t commit_log_offset = 0;
  int32_t sys_flag = 0;
  int64_t born_timestamp = 0;
  HostAddress born_host;
  int64_t store_timestamp = 0;
  HostAddress store_host;
  int32_t reconsume_times = 0;
  int64_t prepared_transaction_offset = 0;
  std::string body;  // as stored (compressed if sys_flag & kSysFlagCompressed)
  std::string topic;
  MessageProperties properties;
  std::string properties_string;  // raw encoded form, exactly as stored

  std::string Tags() const { return properties.Get(kPropertyTags); }
  std::string Keys() const { return properties.Get(kPropertyKeys); }
  std::string UniqKey() const { return properties.Get(kPropertyUniqKey); }
  // offsetMsgId: store host + port + commit-log offset as uppercase hex (32 or 56 characters).
  std::string OffsetMsgId() const;
  // The body after undoing the store's or the client's compression (zlib or zstd per sysFlag).
  absl::StatusOr<std::string> DecompressedBody() const;
};

// Decodes one whole v1 record (magic 0xDAA320A7). kDataLoss if the bytes are not a well-formed record. `bytes`
// may continue past the record (e.g. a buffer of several): only its first TOTALSIZE bytes are read.
absl::StatusOr<MessageRecord> DecodeMessageRecord(std::string_view bytes, bool check_crc = true);

}  // namespace spool::store
