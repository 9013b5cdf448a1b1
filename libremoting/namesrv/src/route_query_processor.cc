#include "route_query_processor.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "logging.h"
#include "spool/protocol/kv_table.h"
#include "spool/protocol/namesrv_headers.h"
#include "spool/protocol/topic_route_data.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "spool/status_macros.h"

namespace spool::namesrv::internal {

using remoting::ProcessResult;
using remoting::RemotingCommand;
namespace request_code = remoting::request_code;
namespace response_code = remoting::response_code;

namespace {

RemotingCommand Success(const RemotingCommand& request, std::string body) {
  RemotingCommand response = RemotingCommand::CreateResponse(request, response_code::kSuccess);
  response.set_body(std::move(body));
  return response;
}

}  // namespace

std::string TopicNotExistRemark(std::string_view topic) {
  return absl::StrCat("No topic route info in name server for the topic: ", std::string(topic),
                      "\nSee http://rocketmq.apache.org/docs/faq/ for further details.");
}

RouteQueryProcessor::RouteQueryProcessor(RouteInfoManager* routes, KvConfigManager* kv, LiveConfig* config)
    : routes_(routes), kv_(kv), config_(config) {}

std::vector<int32_t> RouteQueryProcessor::Codes() {
  return {request_code::kGetRouteinfoByTopic,         request_code::kGetBrokerClusterInfo,
          request_code::kWipeWritePermOfBroker,       request_code::kAddWritePermOfBroker,
          request_code::kGetAllTopicListFromNameserver, request_code::kDeleteTopicInNamesrv,
          request_code::kGetTopicsByCluster,          request_code::kGetSystemTopicListFromNs,
          request_code::kGetUnitTopicList,            request_code::kGetHasUnitSubTopicList,
          request_code::kGetHasUnitSubUnunitTopicList};
}

ProcessResult RouteQueryProcessor::Process(const remoting::RequestContext& ctx, RemotingCommand request) {
  LogRequest(ctx, request);
  switch (request.code()) {
    case request_code::kGetRouteinfoByTopic: return GetRouteInfoByTopic(request);
    case request_code::kGetBrokerClusterInfo:
      // Always fastjson's default style, whatever the client's version (spec namesrv.md §7).
      return Success(request, routes_->GetAllClusterInfo().Encode(protocol::JsonStyle::kFastjson));
    case request_code::kWipeWritePermOfBroker: return ChangeWritePerm(request, /*wipe=*/true);
    case request_code::kAddWritePermOfBroker: return ChangeWritePerm(request, /*wipe=*/false);
    case request_code::kGetAllTopicListFromNameserver: return Success(request, routes_->GetAllTopicList().Encode());
    case request_code::kDeleteTopicInNamesrv: return DeleteTopic(request);
    case request_code::kGetTopicsByCluster: return GetTopicsByCluster(request);
    case request_code::kGetSystemTopicListFromNs: return Success(request, routes_->GetSystemTopicList().Encode());
    case request_code::kGetUnitTopicList: return Success(request, routes_->GetUnitTopics().Encode());
    case request_code::kGetHasUnitSubTopicList: return Success(request, routes_->GetHasUnitSubTopicList().Encode());
    case request_code::kGetHasUnitSubUnunitTopicList:
      return Success(request, routes_->GetHasUnitSubUnUnitTopicList().Encode());
    default:
      return RemotingCommand::CreateResponse(request, response_code::kRequestCodeNotSupported,
                                             absl::StrCat(" request type ", request.code(), " not supported"));
  }
}

ProcessResult RouteQueryProcessor::GetRouteInfoByTopic(const RemotingCommand& request) {
  SPOOL_ASSIGN_OR_RETURN(protocol::GetRouteInfoRequestHeader header,
                         protocol::GetRouteInfoRequestHeader::DecodeFrom(request));
  std::optional<protocol::TopicRouteData> route = routes_->PickupTopicRouteData(header.topic);
  if (!route.has_value()) {
    return RemotingCommand::CreateResponse(request, response_code::kTopicNotExist, TopicNotExistRemark(header.topic));
  }
  if (config_->Get().order_message_enable) {
    route->order_topic_conf = kv_->Get(protocol::kNamespaceOrderTopicConfig, header.topic);
  }
  const protocol::JsonStyle style =
      protocol::RouteJsonStyle(request.version(), header.accept_standard_json_only.value_or(false));
  return Success(request, route->Encode(style));
}

ProcessResult RouteQueryProcessor::ChangeWritePerm(const RemotingCommand& request, bool wipe) {
  SPOOL_ASSIGN_OR_RETURN(protocol::BrokerNameHeader header, protocol::BrokerNameHeader::DecodeFrom(request));
  RemotingCommand response = RemotingCommand::CreateResponse(request, response_code::kSuccess);
  if (wipe) {
    const int count = routes_->WipeWritePermOfBroker(header.broker_name);
    NamesrvLog().info("wiped write permission of broker {} on {} topics", header.broker_name, count);
    protocol::WipeWritePermOfBrokerResponseHeader{.wipe_topic_count = count}.EncodeTo(&response);
  } else {
    const int count = routes_->AddWritePermOfBroker(header.broker_name);
    NamesrvLog().info("added write permission of broker {} on {} topics", header.broker_name, count);
    protocol::AddWritePermOfBrokerResponseHeader{.add_topic_count = count}.EncodeTo(&response);
  }
  return response;
}

ProcessResult RouteQueryProcessor::DeleteTopic(const RemotingCommand& request) {
  SPOOL_ASSIGN_OR_RETURN(protocol::DeleteTopicFromNamesrvRequestHeader header,
                         protocol::DeleteTopicFromNamesrvRequestHeader::DecodeFrom(request));
  if (header.cluster_name.has_value() && !header.cluster_name->empty()) {
    routes_->DeleteTopic(header.topic, *header.cluster_name);
  } else {
    routes_->DeleteTopic(header.topic);
  }
  NamesrvLog().info("deleted topic {}{}", header.topic,
                    header.cluster_name.has_value() ? " in cluster " + *header.cluster_name : std::string());
  return RemotingCommand::CreateResponse(request, response_code::kSuccess);
}

ProcessResult RouteQueryProcessor::GetTopicsByCluster(const RemotingCommand& request) {
  SPOOL_ASSIGN_OR_RETURN(protocol::GetTopicsByClusterRequestHeader header,
                         protocol::GetTopicsByClusterRequestHeader::DecodeFrom(request));
  return Success(request, routes_->GetTopicsByCluster(header.cluster).Encode());
}

}  // namespace spool::namesrv::internal
