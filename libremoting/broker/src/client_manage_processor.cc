#include "client_manage_processor.h"

#include "absl/strings/str_cat.h"
#include "logging.h"
#include "spool/protocol/broker_headers.h"
#include "spool/protocol/consumer_list_body.h"
#include "spool/protocol/heartbeat_data.h"
#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"

namespace spool::broker::internal {

namespace request_code = remoting::request_code;
namespace response_code = remoting::response_code;
using remoting::RemotingCommand;

remoting::ProcessResult ClientManageProcessor::Process(const remoting::RequestContext& ctx, RemotingCommand request) {
  switch (request.code()) {
    case request_code::kHeartBeat:
      return HeartBeat(ctx, request);
    case request_code::kUnregisterClient:
      return Unregister(ctx, request);
    case request_code::kCheckClientConfig:
      return CheckClientConfig(request);
    case request_code::kGetConsumerListByGroup:
      return ConsumerList(request);
    case request_code::kQueryConsumerOffset:
      return QueryOffset(request);
    case request_code::kUpdateConsumerOffset:
      return UpdateOffset(request);
    default:
      return ErrorResponse(request, response_code::kRequestCodeNotSupported,
                           absl::StrCat(" request type ", request.code(), " not supported"));
  }
}

RemotingCommand ClientManageProcessor::HeartBeat(const remoting::RequestContext& ctx, const RemotingCommand& request) {
  absl::StatusOr<protocol::HeartbeatData> hb = protocol::HeartbeatData::Decode(request.body());
  if (!hb.ok()) {
    return ErrorResponse(request, response_code::kSystemError,
                         absl::StrCat("bad heartbeat body: ", std::string(hb.status().message())));
  }
  ClientChannelInfo client;
  client.channel = ctx.channel();
  client.client_id = hb->client_id;
  client.language = request.language();
  client.version = request.version();
  client.last_update_ms = ctx_->now_ms();
  for (const protocol::ConsumerData& data : hb->consumer_data_set) {
    std::optional<SubscriptionGroupConfig> group = ctx_->groups->FindOrCreate(data.group_name);
    bool notify = true;
    if (group.has_value()) {
      notify = group->notify_consumer_ids_changed_enable;
      const int32_t sys_flag = data.unit_mode ? kTopicSysFlagUnitSub : 0;
      ctx_->topics->CreateTopicInSendMessageBackMethod(RetryTopic(data.group_name), group->retry_queue_nums,
                                                       store::kPermRead | store::kPermWrite, sys_flag);
    }
    if (ctx_->consumers->RegisterConsumer(data, client, notify)) {
      BrokerLog().info("consumer group {} changed: client {} from {}", data.group_name, hb->client_id,
                       ctx.channel()->remote_address());
    }
  }
  for (const protocol::ProducerData& data : hb->producer_data_set) {
    ctx_->producers->RegisterProducer(data.group_name, client);
  }
  // version stays mq_version::kCurrent: Java clients refuse SQL92 pulls from brokers answering < V4_1_0.
  return RemotingCommand::CreateResponse(request, response_code::kSuccess);
}

RemotingCommand ClientManageProcessor::Unregister(const remoting::RequestContext& ctx,
                                                  const RemotingCommand& request) {
  auto h = protocol::UnregisterClientRequestHeader::FromExtFields(request);
  if (!h.ok()) return ErrorResponse(request, response_code::kSystemError, std::string(h.status().message()));
  const uint64_t channel_id = ctx.channel()->id();
  if (h->producer_group.has_value() && !h->producer_group->empty()) {
    ctx_->producers->UnregisterProducer(*h->producer_group, channel_id);
  }
  if (h->consumer_group.has_value() && !h->consumer_group->empty()) {
    std::optional<SubscriptionGroupConfig> group = ctx_->groups->Find(*h->consumer_group);
    ctx_->consumers->UnregisterConsumer(*h->consumer_group, channel_id,
                                        !group.has_value() || group->notify_consumer_ids_changed_enable);
  }
  return RemotingCommand::CreateResponse(request, response_code::kSuccess);
}

RemotingCommand ClientManageProcessor::CheckClientConfig(const RemotingCommand& request) {
  absl::StatusOr<protocol::JsonValue> body = protocol::ParseJson(request.body());
  std::string type = protocol::kExpressionTypeTag;
  if (body.ok()) {
    if (const protocol::JsonValue* sub = body->Find("subscriptionData"); sub != nullptr && !sub->is_null()) {
      auto data = protocol::SubscriptionData::FromJson(*sub);
      if (data.ok()) type = data->expression_type;
    }
  }
  if (type == protocol::kExpressionTypeTag) return RemotingCommand::CreateResponse(request, response_code::kSuccess);
  if (!ctx_->config.enable_property_filter) {
    return ErrorResponse(request, response_code::kSystemError,
                         "The broker does not support consumer to filter message by " + type);
  }
  return ErrorResponse(request, response_code::kSubscriptionParseFailed,
                       "SQL92 filtering is not implemented by this broker");
}

RemotingCommand ClientManageProcessor::ConsumerList(const RemotingCommand& request) {
  auto h = protocol::GetConsumerListByGroupRequestHeader::FromExtFields(request);
  if (!h.ok()) return ErrorResponse(request, response_code::kSystemError, std::string(h.status().message()));
  std::vector<std::string> ids = ctx_->consumers->ConsumerIds(h->consumer_group);
  if (ids.empty()) {
    return ErrorResponse(request, response_code::kSystemError,
                         absl::StrCat("no consumer for this group, ", h->consumer_group));
  }
  RemotingCommand response = RemotingCommand::CreateResponse(request, response_code::kSuccess);
  response.set_body(protocol::ConsumerListBody{.consumer_id_list = std::move(ids)}.Encode());
  return response;
}

RemotingCommand ClientManageProcessor::QueryOffset(const RemotingCommand& request) {
  auto h = protocol::QueryConsumerOffsetRequestHeader::FromExtFields(request);
  if (!h.ok()) return ErrorResponse(request, response_code::kSystemError, std::string(h.status().message()));
  int64_t offset = ctx_->store->consumer_offsets().Query(h->consumer_group, h->topic, h->queue_id);
  if (offset < 0) {
    // A new group on a queue whose first message is still at offset 0 (and in memory) starts from 0.
    const int64_t min = ctx_->store->GetMinOffsetInQueue(h->topic, h->queue_id);
    if (min > 0) {
      return ErrorResponse(request, response_code::kQueryNotFound,
                           "Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first");
    }
    offset = 0;
  }
  RemotingCommand response = RemotingCommand::CreateResponse(request, response_code::kSuccess);
  protocol::EncodeHeader(protocol::QueryConsumerOffsetResponseHeader{.offset = offset}, &response);
  return response;
}

RemotingCommand ClientManageProcessor::UpdateOffset(const RemotingCommand& request) {
  auto h = protocol::UpdateConsumerOffsetRequestHeader::FromExtFields(request);
  if (!h.ok()) return ErrorResponse(request, response_code::kSystemError, std::string(h.status().message()));
  ctx_->store->consumer_offsets().Commit(h->consumer_group, h->topic, h->queue_id, h->commit_offset);
  return RemotingCommand::CreateResponse(request, response_code::kSuccess);
}

}  // namespace spool::broker::internal
