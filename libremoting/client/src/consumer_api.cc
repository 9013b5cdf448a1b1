#include "consumer_api.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "record_decoder.h"
#include "spool/protocol/lock_batch_body.h"
#include "spool/protocol/pull_sys_flag.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "spool/status_macros.h"

namespace spool::client::internal {

namespace rc = remoting::request_code;
namespace resp = remoting::response_code;

namespace {

absl::StatusOr<std::string> AddrOf(ClientInstance& instance, const std::string& broker_name, bool master_only) {
  std::optional<std::string> addr = master_only ? instance.MasterAddr(broker_name) : instance.AnyAddr(broker_name);
  if (addr.has_value()) return *addr;
  return absl::UnavailableError(absl::StrCat("no address known for broker ", broker_name));
}

remoting::RemotingCommand BuildPullRequest(ClientInstance& instance, const PullParams& p) {
  protocol::PullMessageRequestHeader h;
  h.consumer_group = p.group;
  h.topic = p.queue.topic;
  h.queue_id = p.queue.queue_id;
  h.queue_offset = p.offset;
  h.max_msg_nums = p.max_nums;
  h.sys_flag = protocol::BuildPullSysFlag(p.commit_offset > 0, p.suspend, p.post_subscription, false);
  h.commit_offset = p.commit_offset;
  h.suspend_timeout_millis = absl::ToInt64Milliseconds(p.suspend_time);
  if (p.post_subscription) h.subscription = p.subscription.sub_string;
  h.sub_version = p.subscription.sub_version;
  h.expression_type = p.subscription.expression_type;
  remoting::RemotingCommand request = instance.NewRequest(rc::kPullMessage);
  protocol::EncodeHeader(h, &request);
  return request;
}

absl::StatusOr<int64_t> OffsetCall(ClientInstance& instance, const std::string& addr,
                                   remoting::RemotingCommand request, std::string_view what) {
  SPOOL_ASSIGN_OR_RETURN(remoting::RemotingCommand response,
                         instance.remoting().InvokeSync(addr, std::move(request), instance.config().api_timeout));
  if (response.code() != resp::kSuccess) return ResponseToStatus(response, what);
  SPOOL_ASSIGN_OR_RETURN(protocol::OffsetResponseHeader h, protocol::OffsetResponseHeader::FromExtFields(response));
  return h.offset;
}

}  // namespace

absl::StatusOr<PullResult> ProcessPullResponse(const remoting::RemotingCommand& response, const MessageQueue& queue,
                                               const protocol::SubscriptionData& subscription) {
  PullResult result;
  switch (response.code()) {
    case resp::kSuccess: result.status = PullStatus::kFound; break;
    case resp::kPullNotFound: result.status = PullStatus::kNoNewMsg; break;
    case resp::kPullRetryImmediately: result.status = PullStatus::kNoMatchedMsg; break;
    case resp::kPullOffsetMoved: result.status = PullStatus::kOffsetIllegal; break;
    default: return ResponseToStatus(response, absl::StrCat("pull from ", ToString(queue)));
  }
  SPOOL_ASSIGN_OR_RETURN(protocol::PullMessageResponseHeader h,
                         protocol::PullMessageResponseHeader::FromExtFields(response));
  result.next_begin_offset = h.next_begin_offset;
  result.min_offset = h.min_offset;
  result.max_offset = h.max_offset;
  if (result.status != PullStatus::kFound) return result;
  SPOOL_ASSIGN_OR_RETURN(std::vector<MessageExt> msgs, DecodePulledRecords(response.body(), queue.broker_name));
  // The broker filters by tag hash code; colliding tags are filtered here by name, as PullAPIWrapper does.
  const bool filter = !subscription.tags_set.empty() && !subscription.class_filter_mode &&
                      subscription.expression_type == protocol::kExpressionTypeTag && !subscription.SubscribesAll();
  for (MessageExt& m : msgs) {
    if (filter && std::find(subscription.tags_set.begin(), subscription.tags_set.end(), m.tags()) ==
                      subscription.tags_set.end()) {
      continue;
    }
    result.messages.push_back(std::move(m));
  }
  return result;
}

absl::StatusOr<PullResult> PullSync(ClientInstance& instance, const PullParams& params) {
  SPOOL_ASSIGN_OR_RETURN(std::string addr, AddrOf(instance, params.queue.broker_name, false));
  SPOOL_ASSIGN_OR_RETURN(remoting::RemotingCommand response,
                         instance.remoting().InvokeSync(addr, BuildPullRequest(instance, params), params.timeout));
  return ProcessPullResponse(response, params.queue, params.subscription);
}

absl::Status PullAsync(ClientInstance& instance, const PullParams& params,
                       std::function<void(absl::StatusOr<PullResult>)> done) {
  SPOOL_ASSIGN_OR_RETURN(std::string addr, AddrOf(instance, params.queue.broker_name, false));
  return instance.remoting().InvokeAsync(
      addr, BuildPullRequest(instance, params), params.timeout,
      [queue = params.queue, subscription = params.subscription,
       done = std::move(done)](absl::StatusOr<remoting::RemotingCommand> response) {
        if (!response.ok()) return done(response.status());
        done(ProcessPullResponse(*response, queue, subscription));
      });
}

absl::StatusOr<int64_t> QueryConsumerOffset(ClientInstance& instance, const std::string& group,
                                            const MessageQueue& queue) {
  SPOOL_ASSIGN_OR_RETURN(std::string addr, AddrOf(instance, queue.broker_name, false));
  remoting::RemotingCommand request = instance.NewRequest(rc::kQueryConsumerOffset);
  protocol::EncodeHeader(
      protocol::QueryConsumerOffsetRequestHeader{.consumer_group = group, .topic = queue.topic,
                                                 .queue_id = queue.queue_id},
      &request);
  return OffsetCall(instance, addr, std::move(request), absl::StrCat("query offset of ", ToString(queue)));
}

absl::Status UpdateConsumerOffset(ClientInstance& instance, const std::string& group, const MessageQueue& queue,
                                  int64_t offset, bool oneway) {
  SPOOL_ASSIGN_OR_RETURN(std::string addr, AddrOf(instance, queue.broker_name, true));
  remoting::RemotingCommand request = instance.NewRequest(rc::kUpdateConsumerOffset);
  protocol::EncodeHeader(protocol::UpdateConsumerOffsetRequestHeader{.consumer_group = group, .topic = queue.topic,
                                                                     .queue_id = queue.queue_id,
                                                                     .commit_offset = offset},
                         &request);
  if (oneway) return instance.remoting().InvokeOneway(addr, std::move(request));
  SPOOL_ASSIGN_OR_RETURN(remoting::RemotingCommand response,
                         instance.remoting().InvokeSync(addr, std::move(request), instance.config().api_timeout));
  if (response.code() != resp::kSuccess) {
    return ResponseToStatus(response, absl::StrCat("update offset of ", ToString(queue)));
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> GetMaxOffset(ClientInstance& instance, const MessageQueue& queue) {
  SPOOL_ASSIGN_OR_RETURN(std::string addr, AddrOf(instance, queue.broker_name, false));
  remoting::RemotingCommand request = instance.NewRequest(rc::kGetMaxOffset);
  protocol::EncodeHeader(protocol::TopicQueueRequestHeader{.topic = queue.topic, .queue_id = queue.queue_id},
                         &request);
  return OffsetCall(instance, addr, std::move(request), absl::StrCat("max offset of ", ToString(queue)));
}

absl::StatusOr<int64_t> GetMinOffset(ClientInstance& instance, const MessageQueue& queue) {
  SPOOL_ASSIGN_OR_RETURN(std::string addr, AddrOf(instance, queue.broker_name, false));
  remoting::RemotingCommand request = instance.NewRequest(rc::kGetMinOffset);
  protocol::EncodeHeader(protocol::TopicQueueRequestHeader{.topic = queue.topic, .queue_id = queue.queue_id},
                         &request);
  return OffsetCall(instance, addr, std::move(request), absl::StrCat("min offset of ", ToString(queue)));
}

absl::StatusOr<int64_t> SearchOffset(ClientInstance& instance, const MessageQueue& queue, int64_t timestamp) {
  SPOOL_ASSIGN_OR_RETURN(std::string addr, AddrOf(instance, queue.broker_name, false));
  remoting::RemotingCommand request = instance.NewRequest(rc::kSearchOffsetByTimestamp);
  protocol::EncodeHeader(
      protocol::SearchOffsetRequestHeader{.topic = queue.topic, .queue_id = queue.queue_id, .timestamp = timestamp},
      &request);
  return OffsetCall(instance, addr, std::move(request), absl::StrCat("search offset of ", ToString(queue)));
}

absl::StatusOr<std::set<MessageQueue>> LockBatch(ClientInstance& instance, const std::string& group,
                                                 const std::string& broker_name, const std::set<MessageQueue>& mqs) {
  SPOOL_ASSIGN_OR_RETURN(std::string addr, AddrOf(instance, broker_name, true));
  protocol::LockBatchRequestBody body{.consumer_group = group, .client_id = instance.client_id(), .mq_set = mqs};
  remoting::RemotingCommand request = instance.NewRequest(rc::kLockBatchMq);
  request.set_body(body.Encode());
  SPOOL_ASSIGN_OR_RETURN(remoting::RemotingCommand response,
                         instance.remoting().InvokeSync(addr, std::move(request), absl::Seconds(1)));
  if (response.code() != resp::kSuccess) {
    return ResponseToStatus(response, absl::StrCat("lock queues on ", broker_name));
  }
  SPOOL_ASSIGN_OR_RETURN(protocol::LockBatchResponseBody locked,
                         protocol::LockBatchResponseBody::Decode(response.body()));
  return locked.lock_ok_mq_set;
}

absl::Status UnlockBatch(ClientInstance& instance, const std::string& group, const std::string& broker_name,
                         const std::set<MessageQueue>& mqs) {
  SPOOL_ASSIGN_OR_RETURN(std::string addr, AddrOf(instance, broker_name, true));
  protocol::UnlockBatchRequestBody body{.consumer_group = group, .client_id = instance.client_id(), .mq_set = mqs};
  remoting::RemotingCommand request = instance.NewRequest(rc::kUnlockBatchMq);
  request.set_body(body.Encode());
  SPOOL_ASSIGN_OR_RETURN(remoting::RemotingCommand response,
                         instance.remoting().InvokeSync(addr, std::move(request), absl::Seconds(1)));
  if (response.code() != resp::kSuccess) {
    return ResponseToStatus(response, absl::StrCat("unlock queues on ", broker_name));
  }
  return absl::OkStatus();
}

absl::Status SendMessageBack(ClientInstance& instance, const std::string& group, const MessageExt& msg,
                             int32_t delay_level, int32_t max_reconsume_times) {
  SPOOL_ASSIGN_OR_RETURN(std::string addr, AddrOf(instance, msg.broker_name, true));
  protocol::ConsumerSendMsgBackRequestHeader h;
  h.offset = msg.commit_log_offset;
  h.group = group;
  h.delay_level = delay_level;
  h.origin_msg_id = msg.msg_id();
  h.origin_topic = msg.topic();
  h.max_reconsume_times = max_reconsume_times;
  remoting::RemotingCommand request = instance.NewRequest(rc::kConsumerSendMsgBack);
  protocol::EncodeHeader(h, &request);
  SPOOL_ASSIGN_OR_RETURN(remoting::RemotingCommand response,
                         instance.remoting().InvokeSync(addr, std::move(request), absl::Seconds(5)));
  if (response.code() != resp::kSuccess) {
    return ResponseToStatus(response, absl::StrCat("send back message ", msg.msg_id()));
  }
  return absl::OkStatus();
}

}  // namespace spool::client::internal
