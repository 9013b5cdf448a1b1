// File: spool/remoting/version.h
// The `version` header field: the ordinal of RocketMQ's MQVersion.Version enum. Only the values a server or
// client branches on are named here (see spec remoting.md §6).
//
//   if (request.version() >= mq_version::kV4_9_4) { /* standard-JSON route data */ }
//   response.set_version(mq_version::kCurrent);   // what every 4.9.7 process stamps
#pragma once

#include <cstdint>

namespace spool::remoting::mq_version {

// Brokers send RESET_CONSUMER_CLIENT_OFFSET only to clients whose heartbeat version is at least this.
inline constexpr int32_t kV3_0_7_Snapshot = 28;
// The name server parses a REGISTER_BROKER body as RegisterBrokerBody (with filter servers) from this version.
inline constexpr int32_t kV3_0_11 = 37;
// The broker honours maxReconsumeTimes from request headers only from this version (ali-ons sends exactly it).
inline constexpr int32_t kV3_4_9 = 121;
// The Java client refuses SQL92 pulls when the broker's HEART_BEAT response carries a lower version.
inline constexpr int32_t kV4_1_0_Snapshot = 232;
// What rocketmq-client-go v2 sends.
inline constexpr int32_t kV4_5_2 = 317;
// What rocketmq-client-cpp 2.x sends.
inline constexpr int32_t kV4_6_0 = 333;
inline constexpr int32_t kV4_9_0 = 393;
inline constexpr int32_t kV4_9_1 = 395;
inline constexpr int32_t kV4_9_2 = 397;
inline constexpr int32_t kV4_9_3 = 399;
// The name server returns standard JSON route data (quoted numeric keys) to requests with version >= this.
inline constexpr int32_t kV4_9_4 = 401;
inline constexpr int32_t kV4_9_5 = 403;
inline constexpr int32_t kV4_9_6 = 405;
inline constexpr int32_t kV4_9_7 = 407;
inline constexpr int32_t kV4_9_8 = 409;

// MQVersion.CURRENT_VERSION of RocketMQ 4.9.7: stamped on every command Spool creates, requests and responses.
inline constexpr int32_t kCurrent = kV4_9_7;

}  // namespace spool::remoting::mq_version
