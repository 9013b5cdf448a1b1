// File: spool/protocol/pull_sys_flag.h
// PullSysFlag: the bits of PULL_MESSAGE's `sysFlag` (spec broker.md §7.1).
//
//   int32_t flag = BuildPullSysFlag(/*commit_offset=*/true, /*suspend=*/true, /*subscription=*/false,
//                                   /*class_filter=*/false);
//   if (HasPullSysFlag(flag, kPullSysFlagSuspend)) { ... }
#pragma once

#include <cstdint>

namespace spool::protocol {

inline constexpr int32_t kPullSysFlagCommitOffset = 0x1;
inline constexpr int32_t kPullSysFlagSuspend = 0x2;
inline constexpr int32_t kPullSysFlagSubscription = 0x4;
inline constexpr int32_t kPullSysFlagClassFilter = 0x8;
inline constexpr int32_t kPullSysFlagLitePull = 0x10;

inline constexpr bool HasPullSysFlag(int32_t sys_flag, int32_t bit) { return (sys_flag & bit) != 0; }

inline constexpr int32_t BuildPullSysFlag(bool commit_offset, bool suspend, bool subscription, bool class_filter) {
  return (commit_offset ? kPullSysFlagCommitOffset : 0) | (suspend ? kPullSysFlagSuspend : 0) |
         (subscription ? kPullSysFlagSubscription : 0) | (class_filter ? kPullSysFlagClassFilter : 0);
}

// The flag with the commit bit cleared (PullSysFlag.clearCommitOffsetFlag).
inline constexpr int32_t ClearPullSysFlagCommitOffset(int32_t sys_flag) { return sys_flag & ~kPullSysFlagCommitOffset; }

}  // namespace spool::protocol
