// File: route_query_processor.h
// Answers route and topic questions from clients and tools (spec namesrv.md §6-§10): GET_ROUTEINFO_BY_TOPIC (105),
// GET_BROKER_CLUSTER_INFO (106), WIPE/ADD_WRITE_PERM_OF_BROKER (205/327), GET_ALL_TOPIC_LIST_FROM_NAMESERVER (206),
// DELETE_TOPIC_IN_NAMESRV (216), GET_TOPICS_BY_CLUSTER (224), GET_SYSTEM_TOPIC_LIST_FROM_NS (304) and the unit
// topic lists (311-313).
//
// Thread safety: Process may run concurrently on several executor threads.
#pragma once

#include <cstdint>
#include <vector>

#include "live_config.h"
#include "spool/namesrv/kv_config_manager.h"
#include "spool/namesrv/route_info_manager.h"
#include "spool/remoting/request_processor.h"

namespace spool::namesrv::internal {

// DefaultRequestProcessor's remark for an unknown topic, FAQ link included.
std::string TopicNotExistRemark(std::string_view topic);

class RouteQueryProcessor : public remoting::RequestProcessor {
 public:
  // Everything passed in must outlive the processor.
  RouteQueryProcessor(RouteInfoManager* routes, KvConfigManager* kv, LiveConfig* config);

  static std::vector<int32_t> Codes();

  remoting::ProcessResult Process(const remoting::RequestContext& ctx, remoting::RemotingCommand request) override;

 private:
  remoting::ProcessResult GetRouteInfoByTopic(const remoting::RemotingCommand& request);
  remoting::ProcessResult ChangeWritePerm(const remoting::RemotingCommand& request, bool wipe);
  remoting::ProcessResult DeleteTopic(const remoting::RemotingCommand& request);
  remoting::ProcessResult GetTopicsByCluster(const remoting::RemotingCommand& request);

  RouteInfoManager* routes_;
  KvConfigManager* kv_;
  LiveConfig* config_;
};

}  // namespace spool::namesrv::internal
