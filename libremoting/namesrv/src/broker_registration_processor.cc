#include "broker_registration_processor.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "logging.h"
#include "spool/protocol/body_crc32.h"
#include "spool/protocol/kv_table.h"
#include "spool/protocol/namesrv_headers.h"
#include "spool/protocol/register_broker_body.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "spool/remoting/version.h"
#include "spool/status_macros.h"

namespace spool::namesrv::internal {

using remoting::ProcessResult;
using remoting::RemotingCommand;
namespace request_code = remoting::request_code;
namespace response_code = remoting::response_code;

BrokerRegistrationProcessor::BrokerRegistrationProcessor(RouteInfoManager* routes, KvConfigManager* kv,
                                                         std::function<int64_t()> now_millis)
    : routes_(routes), kv_(kv), now_millis_(std::move(now_millis)) {}

std::vector<int32_t> BrokerRegistrationProcessor::Codes() {
  return {request_code::kRegisterBroker, request_code::kUnregisterBroker, request_code::kQueryDataVersion};
}

ProcessResult BrokerRegistrationProcessor::Process(const remoting::RequestContext& ctx, RemotingCommand request) {
  LogRequest(ctx, request);
  switch (request.code()) {
    case request_code::kRegisterBroker: return RegisterBroker(ctx, request);
    case request_code::kUnregisterBroker: return UnregisterBroker(request);
    case request_code::kQueryDataVersion: return QueryDataVersion(request);
    default:
      return RemotingCommand::CreateResponse(request, response_code::kRequestCodeNotSupported,
                                             absl::StrCat(" request type ", request.code(), " not supported"));
  }
}

ProcessResult BrokerRegistrationProcessor::RegisterBroker(const remoting::RequestContext& ctx,
                                                          const RemotingCommand& request) {
  SPOOL_ASSIGN_OR_RETURN(protocol::RegisterBrokerRequestHeader header,
                         protocol::RegisterBrokerRequestHeader::DecodeFrom(request));
  if (header.body_crc32 != 0 && protocol::BodyCrc32(request.body()) != header.body_crc32) {
    NamesrvLog().warn("REGISTER_BROKER of {}: crc32 not match, body ignored", header.broker_addr);
    return RemotingCommand::CreateResponse(request, response_code::kSystemError, "crc32 not match");
  }

  BrokerRegistration reg{.cluster_name = header.cluster_name,
                         .broker_addr = header.broker_addr,
                         .broker_name = header.broker_name,
                         .broker_id = header.broker_id,
                         .ha_server_addr = header.ha_server_addr,
                         .channel = ctx.channel()};
  if (request.version() >= remoting::mq_version::kV3_0_11) {
    protocol::RegisterBrokerBody body;  // no body: an empty table at data version {0, 0}
    if (!request.body().empty()) {
      absl::StatusOr<protocol::RegisterBrokerBody> decoded =
          protocol::RegisterBrokerBody::Decode(request.body(), header.compressed);
      if (!decoded.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("Failed to decode RegisterBrokerBody: ", decoded.status().message()));
      }
      body = *std::move(decoded);
    }
    reg.topic_config_wrapper = std::move(body.topic_config_serialize_wrapper);
    reg.filter_server_list = std::move(body.filter_server_list);
  } else {
    // Brokers older than 3.0.11 send a bare TopicConfigSerializeWrapper and know nothing of filter servers.
    protocol::TopicConfigSerializeWrapper wrapper;
    if (!request.body().empty()) {
      SPOOL_ASSIGN_OR_RETURN(wrapper, protocol::TopicConfigSerializeWrapper::Decode(request.body()));
    }
    reg.topic_config_wrapper = std::move(wrapper);
  }

  protocol::RegisterBrokerResult result = routes_->RegisterBroker(reg, now_millis_());

  RemotingCommand response = RemotingCommand::CreateResponse(request, response_code::kSuccess);
  protocol::RegisterBrokerResponseHeader{.ha_server_addr = std::move(result.ha_server_addr),
                                         .master_addr = std::move(result.master_addr)}
      .EncodeTo(&response);
  // The broker sets the `order` flag of its topics from this table.
  if (std::optional<protocol::KvTable> order = kv_->GetKvListByNamespace(protocol::kNamespaceOrderTopicConfig);
      order.has_value()) {
    response.set_body(order->Encode());
  }
  return response;
}

ProcessResult BrokerRegistrationProcessor::UnregisterBroker(const RemotingCommand& request) {
  SPOOL_ASSIGN_OR_RETURN(protocol::UnregisterBrokerRequestHeader header,
                         protocol::UnregisterBrokerRequestHeader::DecodeFrom(request));
  routes_->UnregisterBroker(header.cluster_name, header.broker_addr, header.broker_name, header.broker_id);
  return RemotingCommand::CreateResponse(request, response_code::kSuccess);
}

ProcessResult BrokerRegistrationProcessor::QueryDataVersion(const RemotingCommand& request) {
  SPOOL_ASSIGN_OR_RETURN(protocol::QueryDataVersionRequestHeader header,
                         protocol::QueryDataVersionRequestHeader::DecodeFrom(request));
  if (request.body().empty()) return absl::InvalidArgumentError("QUERY_DATA_VERSION without a DataVersion body");
  SPOOL_ASSIGN_OR_RETURN(protocol::DataVersion version, protocol::DataVersion::Decode(request.body()));

  DataVersionCheck check = routes_->QueryDataVersion(header.broker_addr, version, now_millis_());
  RemotingCommand response = RemotingCommand::CreateResponse(request, response_code::kSuccess);
  protocol::QueryDataVersionResponseHeader{.changed = check.changed}.EncodeTo(&response);
  if (check.stored.has_value()) response.set_body(check.stored->Encode());
  return response;
}

}  // namespace spool::namesrv::internal
