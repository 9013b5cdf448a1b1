#include "config_processor.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "logging.h"
#include "spool/protocol/namesrv_headers.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "spool/store/options.h"
#include "spool/status_macros.h"

namespace spool::namesrv::internal {

using remoting::ProcessResult;
using remoting::RemotingCommand;
namespace request_code = remoting::request_code;
namespace response_code = remoting::response_code;

ConfigProcessor::ConfigProcessor(KvConfigManager* kv, LiveConfig* config) : kv_(kv), config_(config) {}

std::vector<int32_t> ConfigProcessor::Codes() {
  return {request_code::kPutKvConfig,          request_code::kGetKvConfig,          request_code::kDeleteKvConfig,
          request_code::kGetKvlistByNamespace, request_code::kUpdateNamesrvConfig, request_code::kGetNamesrvConfig};
}

ProcessResult ConfigProcessor::Process(const remoting::RequestContext& ctx, RemotingCommand request) {
  LogRequest(ctx, request);
  switch (request.code()) {
    case request_code::kPutKvConfig: return PutKvConfig(request);
    case request_code::kGetKvConfig: return GetKvConfig(request);
    case request_code::kDeleteKvConfig: return DeleteKvConfig(request);
    case request_code::kGetKvlistByNamespace: return GetKvListByNamespace(request);
    case request_code::kUpdateNamesrvConfig: return UpdateNamesrvConfig(request);
    case request_code::kGetNamesrvConfig: {
      RemotingCommand response = RemotingCommand::CreateResponse(request, response_code::kSuccess);
      response.set_body(config_->Describe());
      return response;
    }
    default:
      return RemotingCommand::CreateResponse(request, response_code::kRequestCodeNotSupported,
                                             absl::StrCat(" request type ", request.code(), " not supported"));
  }
}

ProcessResult ConfigProcessor::PutKvConfig(const RemotingCommand& request) {
  // RocketMQ answers SYSTEM_ERROR "namespace or key is null" for either missing; the value is required too.
  if (!request.HasExtField("namespace") || !request.HasExtField("key")) {
    return RemotingCommand::CreateResponse(request, response_code::kSystemError, "namespace or key is null");
  }
  SPOOL_ASSIGN_OR_RETURN(protocol::PutKvConfigRequestHeader header,
                         protocol::PutKvConfigRequestHeader::DecodeFrom(request));
  if (absl::Status s = kv_->Put(header.namespace_, header.key, header.value); !s.ok()) {
    return RemotingCommand::CreateResponse(request, response_code::kSystemError,
                                           absl::StrCat("KV config not persisted: ", s.message()));
  }
  return RemotingCommand::CreateResponse(request, response_code::kSuccess);
}

ProcessResult ConfigProcessor::GetKvConfig(const RemotingCommand& request) {
  SPOOL_ASSIGN_OR_RETURN(protocol::GetKvConfigRequestHeader header,
                         protocol::GetKvConfigRequestHeader::DecodeFrom(request));
  std::optional<std::string> value = kv_->Get(header.namespace_, header.key);
  if (!value.has_value()) {
    return RemotingCommand::CreateResponse(
        request, response_code::kQueryNotFound,
        absl::StrCat("No config item, Namespace: ", header.namespace_, " Key: ", header.key));
  }
  RemotingCommand response = RemotingCommand::CreateResponse(request, response_code::kSuccess);
  protocol::GetKvConfigResponseHeader{.value = std::move(value)}.EncodeTo(&response);
  return response;
}

ProcessResult ConfigProcessor::DeleteKvConfig(const RemotingCommand& request) {
  SPOOL_ASSIGN_OR_RETURN(protocol::DeleteKvConfigRequestHeader header,
                         protocol::DeleteKvConfigRequestHeader::DecodeFrom(request));
  if (absl::Status s = kv_->Delete(header.namespace_, header.key); !s.ok()) {
    return RemotingCommand::CreateResponse(request, response_code::kSystemError,
                                           absl::StrCat("KV config not persisted: ", s.message()));
  }
  return RemotingCommand::CreateResponse(request, response_code::kSuccess);
}

ProcessResult ConfigProcessor::GetKvListByNamespace(const RemotingCommand& request) {
  SPOOL_ASSIGN_OR_RETURN(protocol::GetKvListByNamespaceRequestHeader header,
                         protocol::GetKvListByNamespaceRequestHeader::DecodeFrom(request));
  std::optional<protocol::KvTable> table = kv_->GetKvListByNamespace(header.namespace_);
  if (!table.has_value()) {
    return RemotingCommand::CreateResponse(request, response_code::kQueryNotFound,
                                           absl::StrCat("No config item, Namespace: ", header.namespace_));
  }
  RemotingCommand response = RemotingCommand::CreateResponse(request, response_code::kSuccess);
  response.set_body(table->Encode());
  return response;
}

ProcessResult ConfigProcessor::UpdateNamesrvConfig(const RemotingCommand& request) {
  if (request.body().empty()) return RemotingCommand::CreateResponse(request, response_code::kSuccess);
  absl::StatusOr<spool::store::Properties> props = spool::store::ParseProperties(request.body());
  if (!props.ok()) {
    return RemotingCommand::CreateResponse(request, response_code::kSystemError,
                                           absl::StrCat("string2Properties error: ", props.status().message()));
  }
  if (props->contains("kvConfigPath") || props->contains("configStorePath")) {
    return RemotingCommand::CreateResponse(request, response_code::kNoPermission, "Can not update config path");
  }
  if (absl::Status s = config_->Update(*props); !s.ok()) {
    return RemotingCommand::CreateResponse(request, response_code::kSystemError, std::string(s.message()));
  }
  return RemotingCommand::CreateResponse(request, response_code::kSuccess);
}

}  // namespace spool::namesrv::internal
