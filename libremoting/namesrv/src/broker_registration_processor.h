// File: broker_registration_processor.h
// Answers what brokers send the name server (spec namesrv.md §3-§5): REGISTER_BROKER (103) with the 4.9 body CRC
// check and both body formats, UNREGISTER_BROKER (104) and QUERY_DATA_VERSION (322).
//
// Thread safety: Process may run concurrently on several executor threads.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "spool/namesrv/kv_config_manager.h"
#include "spool/namesrv/route_info_manager.h"
#include "spool/remoting/request_processor.h"

namespace spool::namesrv::internal {

class BrokerRegistrationProcessor : public remoting::RequestProcessor {
 public:
  // Everything passed in must outlive the processor. `now_millis` is the wall clock (epoch milliseconds).
  BrokerRegistrationProcessor(RouteInfoManager* routes, KvConfigManager* kv, std::function<int64_t()> now_millis);

  static std::vector<int32_t> Codes();

  remoting::ProcessResult Process(const remoting::RequestContext& ctx, remoting::RemotingCommand request) override;

 private:
  remoting::ProcessResult RegisterBroker(const remoting::RequestContext& ctx, const remoting::RemotingCommand& request);
  remoting::ProcessResult UnregisterBroker(const remoting::RemotingCommand& request);
  remoting::ProcessResult QueryDataVersion(const remoting::RemotingCommand& request);

  RouteInfoManager* routes_;
  KvConfigManager* kv_;
  std::function<int64_t()> now_millis_;
};

}  // namespace spool::namesrv::internal
