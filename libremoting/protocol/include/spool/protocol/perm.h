// File: spool/protocol/perm.h
// RocketMQ's PermName bits: the `perm` of a TopicConfig / QueueData and a broker's brokerPermission.
//
//   if (IsWriteable(queue_data.perm)) { ... }          // producers only use writable queues
//   qd.perm &= ~kPermWrite;                             // WIPE_WRITE_PERM_OF_BROKER
#pragma once

#include <cstdint>
#include <string>

namespace spool::protocol {

inline constexpr int32_t kPermPriority = 0x8;
inline constexpr int32_t kPermRead = 0x4;
inline constexpr int32_t kPermWrite = 0x2;
inline constexpr int32_t kPermInherit = 0x1;

inline bool IsReadable(int32_t perm) { return (perm & kPermRead) == kPermRead; }
inline bool IsWriteable(int32_t perm) { return (perm & kPermWrite) == kPermWrite; }
inline bool IsInherited(int32_t perm) { return (perm & kPermInherit) == kPermInherit; }

// PermName.perm2String: "RW-", "R--", "-W-", "---" (mqadmin output).
std::string PermToString(int32_t perm);

}  // namespace spool::protocol
