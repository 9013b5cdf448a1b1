// File: codec/message_codec.h
// The v1 commit-log record (magic 0xDAA320A7) and the end-of-segment BLANK record (magic 0xCBD43194), byte for
// byte as RocketMQ 4.9.7's CommitLog writes and checkMessageAndReturnSize reads them (shared/spec/store.md §2).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "spool/store/message.h"

namespace spool::store::internal {

inline constexpr int32_t kMessageMagicCode = static_cast<int32_t>(0xDAA320A7);
inline constexpr int32_t kBlankMagicCode = static_cast<int32_t>(0xCBD43194);
inline constexpr int32_t kEndFileMinBlankLength = 8;
inline constexpr int32_t kMaxTopicLength = 127;
inline constexpr int32_t kMaxPropertiesLength = 32767;

// Field positions (IPv4 born host; store timestamp moves by 12 with an IPv6 born host).
inline constexpr int kPosTotalSize = 0;
inline constexpr int kPosMagic = 4;
inline constexpr int kPosBodyCrc = 8;
inline constexpr int kPosQueueId = 12;
inline constexpr int kPosFlag = 16;
inline constexpr int kPosQueueOffset = 20;
inline constexpr int kPosPhysicalOffset = 28;
inline constexpr int kPosSysFlag = 36;
inline constexpr int kPosBornTimestamp = 40;
inline constexpr int kPosBornHost = 48;

// TOTALSIZE for the given lengths (CommitLog.calMsgLength), saturated at INT32_MAX.
int32_t RecordLength(int32_t sys_flag, int32_t body_length, int32_t topic_length, int32_t properties_length);
inline int StoreTimestampPosition(int32_t sys_flag) {
  return kPosBornHost + ((sys_flag & kSysFlagBornHostV6) ? 20 : 8);
}

// Appends the encoded record for `message` to `out`. `properties` is the encoded property string, `sys_flag` the
// final sysFlag (v6 bits included), `body_crc` the masked CRC. QUEUEOFFSET, PHYSICALOFFSET and STORETIMESTAMP are
// written as given; PatchRecord rewrites them under the put lock. Only message.topic, queue_id, flag,
// born_timestamp, born_host, store_host, reconsume_times and prepared_transaction_offset are read (not its body,
// properties or sys_flag). Preconditions (SPOOL_CHECK, the caller validates first): topic <= 127 bytes,
// properties <= 32767 bytes, host address sizes match the v6 bits of `sys_flag`. One resize of `out`, no other
// allocation.
void EncodeRecord(const Message& message, std::string_view body, std::string_view properties, int32_t sys_flag,
                  int32_t body_crc, int64_t queue_offset, int64_t physical_offset, int64_t store_timestamp,
                  std::string* out);
void PatchRecord(char* record, int64_t queue_offset, int64_t physical_offset, int64_t store_timestamp);

// The 8-byte BLANK header for `bytes_left` remaining bytes.
void EncodeBlank(int32_t bytes_left, char out[8]);

// What dispatch needs from a record (RocketMQ's DispatchRequest).
struct DispatchInfo {
  std::string topic;
  int32_t queue_id = 0;
  int64_t commit_log_offset = 0;
  int32_t size = 0;
  int64_t tags_code = 0;
  int64_t store_timestamp = 0;
  int64_t queue_offset = 0;
  std::string keys;
  std::string uniq_key;
  int32_t sys_flag = 0;
  int64_t prepared_transaction_offset = 0;
};

enum class RecordKind {
  kMessage,     // a whole valid record; size = TOTALSIZE
  kBlank,       // end-of-segment marker: continue at the next segment. size = its TOTALSIZE field as stored (the
                // bytes left in the segment; RocketMQ's "size 0" success). Unvalidated: jump to the next segment
                // start rather than advancing by it.
  kIncomplete,  // fewer bytes available than the 8-byte header or TOTALSIZE claims (torn tail or end of data),
                // or an all-zero header (unwritten space of a zero-filled segment: the clean end of data)
  kCorrupt,     // bad magic, impossible size, negative or overrunning length, TOTALSIZE != computed length, or
                // (if checked) CRC mismatch
};

struct RecordCheck {
  RecordKind kind = RecordKind::kCorrupt;
  // kMessage: TOTALSIZE. kBlank: see above. kIncomplete/kCorrupt: the TOTALSIZE field if it was read (what
  // RocketMQ's reput would skip on a length mismatch), else 0; not to be trusted.
  int32_t size = 0;
  std::string reason;  // for kCorrupt/kIncomplete; empty for kMessage (a good record allocates no reason)
  DispatchInfo info;   // for kMessage
};

// Delay-level table for SCHEDULE_TOPIC_XXXX tag codes: level -> delay ms (0 if unknown). RocketMQ caps the DELAY
// level at maxDelayLevel before the lookup; CheckRecord passes the stored level through, so a function over a
// DelayLevelTable should map levels above max_level() to the last level's delay.
using DelayLevelFn = std::function<int64_t(int32_t level)>;

// RocketMQ's checkMessageAndReturnSize over `data` (bytes from the record start to the end of readable data).
// With `check_crc` the body CRC is verified. `delay_level` may be empty (then level delay = 1000 ms fallback).
// Never reads outside `data` (nor past TOTALSIZE), whatever the bytes. Allocates only for the DispatchInfo
// strings of a good record and for the reason of a bad one.
// Deviation: RocketMQ rejects a SCHEDULE_TOPIC_XXXX record whose DELAY is not a number (an uncaught
// NumberFormatException); Spool accepts the record and keeps the TAGS hash as its tag code.
RecordCheck CheckRecord(std::string_view data, bool check_crc, const DelayLevelFn& delay_level = nullptr);
// The same into a caller-owned RecordCheck, reusing its strings' capacity: a loop over many records (recovery,
// reput) that keeps one RecordCheck allocates nothing in steady state. out->info is meaningful only for kMessage.
void CheckRecord(std::string_view data, bool check_crc, const DelayLevelFn& delay_level, RecordCheck* out);

// Decodes a whole record into `out` (the public DecodeMessageRecord calls this). `bytes` may continue past the
// record; only its first TOTALSIZE bytes are read. kDataLoss for anything CheckRecord would not call kMessage.
absl::Status DecodeRecord(std::string_view bytes, bool check_crc, MessageRecord* out);

inline constexpr char kScheduleTopic[] = "SCHEDULE_TOPIC_XXXX";

}  // namespace spool::store::internal
