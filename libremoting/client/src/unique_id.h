// File: unique_id.h
// Client-side message ids (MessageClientIDSetter): the UNIQ_KEY property a producer puts on each message, so that
// a message has one id whatever broker or retry stored it. 32 hex characters for an IPv4 host:
//
//   ip (4 bytes) | pid (2 bytes) | class-loader hash (4 bytes, a random number here) |
//   milliseconds since the start of the current month (4 bytes) | counter (2 bytes)
//
//   UniqueIdGenerator gen(/*ip=*/{127, 0, 0, 1}, /*pid=*/42, /*salt=*/7);
//   std::string id = gen.Next();   // "7F000001002A00000007" + 12 more hex digits
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace spool::client::internal {

class UniqueIdGenerator {
 public:
  // `ip` is 4 (IPv4) or 16 (IPv6) raw bytes.
  UniqueIdGenerator(std::string ip, int32_t pid, int32_t salt);

  // The process-wide generator (host IP, getpid(), a random salt).
  static UniqueIdGenerator& Global();

  // A new id, at the current wall-clock time.
  std::string Next();
  // A new id as if the clock read `now_millis` (tests).
  std::string NextAt(int64_t now_millis);

  // The fixed prefix (ip, pid, salt) in hex.
  const std::string& prefix() const { return prefix_; }

  // The time encoded in `id`: the month start it was made in is taken as the one containing `now_millis`.
  static int64_t MillisOfMonthStart(int64_t now_millis);

 private:
  const std::string prefix_;
  std::atomic<uint32_t> counter_{0};
  absl::Mutex mu_;
  int64_t start_millis_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t next_start_millis_ ABSL_GUARDED_BY(mu_) = 0;
};

// Uppercase hex of `bytes` (UtilAll.bytes2string).
std::string BytesToHex(std::string_view bytes);

}  // namespace spool::client::internal
