// File: config_processor.h
// Answers the KV config and name-server config codes (spec namesrv.md §11): PUT_KV_CONFIG (100), GET_KV_CONFIG
// (101), DELETE_KV_CONFIG (102), GET_KVLIST_BY_NAMESPACE (219), UPDATE_NAMESRV_CONFIG (318) and GET_NAMESRV_CONFIG
// (319).
//
// Thread safety: Process may run concurrently on several executor threads.
#pragma once

#include <cstdint>
#include <vector>

#include "live_config.h"
#include "spool/namesrv/kv_config_manager.h"
#include "spool/remoting/request_processor.h"

namespace spool::namesrv::internal {

class ConfigProcessor : public remoting::RequestProcessor {
 public:
  // Everything passed in must outlive the processor.
  ConfigProcessor(KvConfigManager* kv, LiveConfig* config);

  static std::vector<int32_t> Codes();

  remoting::ProcessResult Process(const remoting::RequestContext& ctx, remoting::RemotingCommand request) override;

 private:
  remoting::ProcessResult PutKvConfig(const remoting::RemotingCommand& request);
  remoting::ProcessResult GetKvConfig(const remoting::RemotingCommand& request);
  remoting::ProcessResult DeleteKvConfig(const remoting::RemotingCommand& request);
  remoting::ProcessResult GetKvListByNamespace(const remoting::RemotingCommand& request);
  remoting::ProcessResult UpdateNamesrvConfig(const remoting::RemotingCommand& request);

  KvConfigManager* kv_;
  LiveConfig* config_;
};

}  // namespace spool::namesrv::internal
