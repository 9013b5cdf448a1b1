// File: client_channel_info.h
// ClientChannelInfo: one client connection as registered by its heartbeats (RocketMQ's ClientChannelInfo).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "spool/remoting/channel.h"
#include "spool/remoting/language_code.h"

namespace spool::broker::internal {

struct ClientChannelInfo {
  std::shared_ptr<remoting::Channel> channel;
  std::string client_id;
  remoting::LanguageCode language = remoting::LanguageCode::kJava;
  int32_t version = 0;
  // Wall-clock ms of the last heartbeat; channels silent for 120 s are dropped.
  int64_t last_update_ms = 0;
};

// ClientHousekeepingService's CHANNEL_EXPIRED_TIMEOUT.
inline constexpr int64_t kChannelExpiredTimeoutMs = 120000;

}  // namespace spool::broker::internal
