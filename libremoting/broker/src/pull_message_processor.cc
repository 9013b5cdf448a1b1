#include "pull_message_processor.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "logging.h"
#include "pull_request_hold_service.h"
#include "spool/protocol/broker_headers.h"
#include "spool/protocol/heartbeat_data.h"
#include "spool/protocol/json_writer.h"
#include "spool/protocol/message_properties.h"
#include "spool/protocol/message_queue.h"
#include "spool/protocol/pull_sys_flag.h"
#include "spool/remoting/response_code.h"

namespace spool::broker::internal {

namespace response_code = remoting::response_code;
using remoting::RemotingCommand;
using store::GetMessageStatus;

namespace {

int32_t PullCode(GetMessageStatus status, int64_t request_offset) {
  switch (status) {
    case GetMessageStatus::kFound:
      return response_code::kSuccess;
    case GetMessageStatus::kMessageWasRemoving:
    case GetMessageStatus::kNoMatchedMessage:
      return response_code::kPullRetryImmediately;
    case GetMessageStatus::kNoMatchedLogicQueue:
    case GetMessageStatus::kNoMessageInQueue:
      return request_offset != 0 ? response_code::kPullOffsetMoved : response_code::kPullNotFound;
    case GetMessageStatus::kOffsetFoundNull:
    case GetMessageStatus::kOffsetOverflowOne:
      return response_code::kPullNotFound;
    case GetMessageStatus::kOffsetOverflowBadly:
    case GetMessageStatus::kOffsetTooSmall:
      return response_code::kPullOffsetMoved;
  }
  return response_code::kSystemError;
}

// The store's tag expression for a TAG subscription: empty (all) or the tags joined by "||".
std::string TagExpression(const protocol::SubscriptionData& sub) {
  if (sub.SubscribesAll()) return {};
  return absl::StrJoin(sub.tags_set, "||");
}

}  // namespace

void PullMessageProcessor::Rerun(const remoting::RequestContext& ctx, RemotingCommand request) {
  std::optional<RemotingCommand> response = ProcessRequest(ctx, std::move(request), /*broker_allow_suspend=*/false);
  if (!response.has_value()) return;
  if (absl::Status s = ctx.Respond(*std::move(response)); !s.ok()) {
    BrokerLog().debug("answering a held pull failed: {}", s.ToString());
  }
}

std::optional<RemotingCommand> PullMessageProcessor::ProcessRequest(const remoting::RequestContext& ctx,
                                                                    RemotingCommand request,
                                                                    bool broker_allow_suspend) {
  const BrokerConfig& config = ctx_->config;
  absl::StatusOr<protocol::PullMessageRequestHeader> decoded = protocol::PullMessageRequestHeader::FromExtFields(request);
  if (!decoded.ok()) {
    return ErrorResponse(request, response_code::kSystemError, std::string(decoded.status().message()));
  }
  const protocol::PullMessageRequestHeader& h = *decoded;
  if (!protocol::IsReadable(config.broker_permission)) {
    return ErrorResponse(request, response_code::kNoPermission,
                         absl::StrCat("the broker[", config.broker_ip1, "] pulling message is forbidden"));
  }
  std::optional<SubscriptionGroupConfig> group = ctx_->groups->FindOrCreate(h.consumer_group);
  if (!group.has_value()) {
    return ErrorResponse(request, response_code::kSubscriptionGroupNotExist,
                         absl::StrCat("subscription group [", h.consumer_group, "] does not exist"));
  }
  if (!group->consume_enable) {
    return ErrorResponse(request, response_code::kNoPermission,
                         absl::StrCat("subscription group no permission, ", h.consumer_group));
  }
  const bool has_suspend = protocol::HasPullSysFlag(h.sys_flag, protocol::kPullSysFlagSuspend);
  const bool has_commit = protocol::HasPullSysFlag(h.sys_flag, protocol::kPullSysFlagCommitOffset);
  const bool has_subscription = protocol::HasPullSysFlag(h.sys_flag, protocol::kPullSysFlagSubscription);

  std::optional<store::TopicConfig> topic = ctx_->topics->Find(h.topic);
  if (!topic.has_value()) {
    return ErrorResponse(request, response_code::kTopicNotExist,
                         absl::StrCat("topic[", h.topic, "] not exist, apply first please!"));
  }
  if (!protocol::IsReadable(topic->perm)) {
    return ErrorResponse(request, response_code::kNoPermission,
                         absl::StrCat("the topic[", h.topic, "] pulling message is forbidden"));
  }
  if (h.queue_id < 0 || h.queue_id >= topic->read_queue_nums) {
    return ErrorResponse(request, response_code::kSystemError,
                         absl::StrCat("queueId[", h.queue_id, "] is illegal, topic:[", h.topic,
                                      "] topicConfig.readQueueNums:[", topic->read_queue_nums, "] consumer:[",
                                      ctx.channel()->remote_address(), "]"));
  }

  protocol::SubscriptionData sub;
  if (has_subscription) {
    sub = protocol::BuildSubscriptionData(h.topic, h.subscription.value_or(""), h.sub_version,
                                          h.expression_type.value_or(protocol::kExpressionTypeTag));
  } else {
    std::optional<ConsumerGroupInfo> info = ctx_->consumers->Find(h.consumer_group);
    if (!info.has_value()) {
      return ErrorResponse(request, response_code::kSubscriptionNotExist, "the consumer's group info not exist");
    }
    if (!group->consume_broadcast_enable && info->message_model == protocol::MessageModel::kBroadcasting) {
      return ErrorResponse(request, response_code::kNoPermission,
                           absl::StrCat("the consumer group[", h.consumer_group, "] can not consume by broadcast way"));
    }
    auto it = info->subscriptions.find(h.topic);
    if (it == info->subscriptions.end()) {
      return ErrorResponse(request, response_code::kSubscriptionNotExist, "the consumer's subscription not exist");
    }
    if (it->second.sub_version < h.sub_version) {
      return ErrorResponse(request, response_code::kSubscriptionNotLatest, "the consumer's subscription not latest");
    }
    sub = it->second;
  }
  if (sub.expression_type != protocol::kExpressionTypeTag) {
    if (!config.enable_property_filter) {
      return ErrorResponse(request, response_code::kSystemError,
                           "The broker does not support consumer to filter message by " + sub.expression_type);
    }
    return ErrorResponse(request, response_code::kSubscriptionParseFailed,
                         "SQL92 filtering is not implemented by this broker");
  }

  store::GetRequest get;
  get.topic = h.topic;
  get.queue_id = h.queue_id;
  get.offset = h.queue_offset;
  get.max_messages = h.max_msg_nums;
  get.tag_expression = TagExpression(sub);
  get.decode = false;
  store::GetResult got = ctx_->store->GetMessages(get);

  RemotingCommand response = RemotingCommand::CreateResponse(request, PullCode(got.status, h.queue_offset),
                                                             std::string(store::ToString(got.status)));
  protocol::PullMessageResponseHeader rh;
  rh.suggest_which_broker_id = 0;
  rh.next_begin_offset = got.next_begin_offset;
  rh.min_offset = got.min_offset;
  rh.max_offset = got.max_offset;
  protocol::EncodeHeader(rh, &response);

  // Committed whatever the result, but only by the original request (a re-run of a parked pull carries a stale
  // commit offset).
  if (broker_allow_suspend && has_commit && config.store.broker_role != store::BrokerRole::kSlave) {
    ctx_->store->consumer_offsets().Commit(h.consumer_group, h.topic, h.queue_id, h.commit_offset);
  }

  switch (response.code()) {
    case response_code::kSuccess: {
      std::string body;
      for (const std::string& raw : got.raw) body += raw;
      response.set_body(std::move(body));
      ctx_->get_total += static_cast<int64_t>(got.raw.size());
      break;
    }
    case response_code::kPullNotFound:
      if (broker_allow_suspend && has_suspend) {
        const int64_t hold_ms =
            config.long_polling_enable ? h.suspend_timeout_millis : config.short_polling_time_mills;
        ctx_->hold->Suspend(h.topic, h.queue_id, h.queue_offset, absl::Milliseconds(hold_ms), ctx,
                            std::move(request));
        return std::nullopt;
      }
      break;
    case response_code::kPullOffsetMoved:
      if (config.store.broker_role != store::BrokerRole::kSlave) {
        // OffsetMovedEvent: lets operators see consumers whose offsets were corrected.
        protocol::JsonWriter w;
        w.BeginObject();
        w.Key("consumerGroup");
        w.String(h.consumer_group);
        w.Key("messageQueue");
        protocol::MessageQueue{.topic = h.topic, .broker_name = config.broker_name, .queue_id = h.queue_id}
            .WriteJson(&w);
        w.Key("offsetNew");
        w.Int(got.next_begin_offset);
        w.Key("offsetRequest");
        w.Int(h.queue_offset);
        w.EndObject();
        store::Message event;
        event.topic = kOffsetMovedEventTopic;
        event.queue_id = 0;
        event.body = w.Take();
        event.properties.Set(protocol::kPropertyTags, h.consumer_group);
        event.properties.Set(protocol::kPropertyKeys, h.consumer_group);
        event.store_host = ctx_->store_host();
        (void)ctx_->store->PutMessage(event);
      }
      break;
    default:
      break;
  }
  return response;
}

}  // namespace spool::broker::internal
