// File: broker_housekeeping.h
// BrokerHousekeeping: RocketMQ's BrokerHousekeepingService. When a connection closes (peer gone, I/O error, idle
// for 120 s, undecodable stream), the brokers registered on it are dropped at once rather than after the 120 s
// expiry. Then an optional further listener hears the event.
#pragma once

#include <memory>

#include "spool/namesrv/route_info_manager.h"
#include "spool/remoting/channel_event_listener.h"

namespace spool::namesrv::internal {

class BrokerHousekeeping : public remoting::ChannelEventListener {
 public:
  // `routes` must outlive this listener. `next` may be null.
  BrokerHousekeeping(RouteInfoManager* routes, std::shared_ptr<remoting::ChannelEventListener> next)
      : routes_(routes), next_(std::move(next)) {}

  void OnChannelConnected(const std::shared_ptr<remoting::Channel>& channel) override;
  void OnChannelClosed(const std::shared_ptr<remoting::Channel>& channel, const absl::Status& reason) override;

 private:
  RouteInfoManager* routes_;
  std::shared_ptr<remoting::ChannelEventListener> next_;
};

}  // namespace spool::namesrv::internal
