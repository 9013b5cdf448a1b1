#include "broker_housekeeping.h"

#include "logging.h"

namespace spool::namesrv::internal {

void BrokerHousekeeping::OnChannelConnected(const std::shared_ptr<remoting::Channel>& channel) {
  if (next_ != nullptr) next_->OnChannelConnected(channel);
}

void BrokerHousekeeping::OnChannelClosed(const std::shared_ptr<remoting::Channel>& channel,
                                         const absl::Status& reason) {
  const std::vector<std::string> removed = routes_->OnChannelDestroy(channel->remote_address(), channel.get());
  if (!removed.empty()) {
    NamesrvLog().info("connection {} closed ({}): removed {} broker(s)", channel->remote_address(),
                      std::string(reason.message()), removed.size());
  }
  if (next_ != nullptr) next_->OnChannelClosed(channel, reason);
}

}  // namespace spool::namesrv::internal
