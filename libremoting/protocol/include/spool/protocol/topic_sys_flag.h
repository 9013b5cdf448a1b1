// File: spool/protocol/topic_sys_flag.h
// RocketMQ's TopicSysFlag bits (the `topicSysFlag` of a TopicConfig / QueueData): unit topics and topics with unit
// subscriptions, used by GET_UNIT_TOPIC_LIST and friends.
#pragma once

#include <cstdint>

namespace spool::protocol {

inline constexpr int32_t kTopicSysFlagUnit = 0x1;
inline constexpr int32_t kTopicSysFlagUnitSub = 0x2;

inline bool HasUnitFlag(int32_t sys_flag) { return (sys_flag & kTopicSysFlagUnit) == kTopicSysFlagUnit; }
inline bool HasUnitSubFlag(int32_t sys_flag) { return (sys_flag & kTopicSysFlagUnitSub) == kTopicSysFlagUnitSub; }

}  // namespace spool::protocol
