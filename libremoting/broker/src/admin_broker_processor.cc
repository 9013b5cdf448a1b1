#include "admin_broker_processor.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "spool/protocol/broker_headers.h"
#include "spool/protocol/consume_stats.h"
#include "spool/protocol/consumer_connection.h"
#include "spool/protocol/kv_table.h"
#include "spool/protocol/group_list.h"
#include "spool/protocol/lock_batch_body.h"
#include "spool/protocol/producer_connection.h"
#include "spool/protocol/subscription_group_config.h"
#include "spool/protocol/topic_stats_table.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "spool/remoting/version.h"
#include "spool/status_macros.h"

namespace spool::broker::internal {

namespace request_code = remoting::request_code;
namespace response_code = remoting::response_code;
using remoting::RemotingCommand;

namespace {

RemotingCommand Success(const RemotingCommand& request) {
  return RemotingCommand::CreateResponse(request, response_code::kSuccess);
}

}  // namespace

remoting::ProcessResult AdminBrokerProcessor::Process(const remoting::RequestContext& ctx, RemotingCommand request) {
  (void)ctx;
  switch (request.code()) {
    case request_code::kSearchOffsetByTimestamp:
    case request_code::kGetMaxOffset:
    case request_code::kGetMinOffset:
    case request_code::kGetEarliestMsgStoretime:
      return QueueOffsets(request);
    case request_code::kLockBatchMq:
    case request_code::kUnlockBatchMq:
      return Locks(request);
    case request_code::kUpdateAndCreateTopic:
      return UpdateAndCreateTopic(request);
    case request_code::kDeleteTopicInBroker:
      return DeleteTopic(request);
    case request_code::kGetAllTopicConfig: {
      RemotingCommand response = Success(request);
      response.set_body(ctx_->topics->BuildSerializeWrapper().Encode());
      return response;
    }
    case request_code::kGetBrokerConfig: {
      RemotingCommand response = Success(request);
      response.set_body(DescribeBrokerConfig(ctx_->config));
      return response;
    }
    case request_code::kGetBrokerRuntimeInfo:
      return RuntimeInfo(request);
    case request_code::kGetTopicStatsInfo:
      return TopicStats(request);
    case request_code::kGetConsumeStats:
      return ConsumeStats(request);
    case request_code::kGetConsumerConnectionList:
      return ConsumerConnections(request);
    case request_code::kGetAllConsumerOffset:
      return AllConsumerOffsets(request);
    case request_code::kUpdateAndCreateSubscriptiongroup:
      return UpdateAndCreateSubscriptionGroup(request);
    case request_code::kGetAllSubscriptiongroupConfig: {
      RemotingCommand response = Success(request);
      response.set_body(ctx_->groups->Snapshot().Encode());
      return response;
    }
    case request_code::kDeleteSubscriptiongroup:
      return DeleteSubscriptionGroup(request);
    case request_code::kGetProducerConnectionList:
      return ProducerConnections(request);
    case request_code::kQueryTopicConsumeByWho:
      return TopicConsumeByWho(request);
    default:
      return ErrorResponse(request, response_code::kRequestCodeNotSupported,
                           absl::StrCat(" request type ", request.code(), " not supported"));
  }
}

remoting::ProcessResult AdminBrokerProcessor::QueueOffsets(const RemotingCommand& request) {
  store::MessageStore* store = ctx_->store;
  RemotingCommand response = Success(request);
  if (request.code() == request_code::kSearchOffsetByTimestamp) {
    SPOOL_ASSIGN_OR_RETURN(auto h, protocol::SearchOffsetRequestHeader::FromExtFields(request));
    const int64_t offset = store->GetOffsetInQueueByTime(h.topic, h.queue_id, h.timestamp);
    protocol::EncodeHeader(protocol::SearchOffsetResponseHeader{.offset = offset}, &response);
    return response;
  }
  SPOOL_ASSIGN_OR_RETURN(auto h, protocol::TopicQueueRequestHeader::FromExtFields(request));
  switch (request.code()) {
    case request_code::kGetMaxOffset:
      protocol::EncodeHeader(protocol::OffsetResponseHeader{.offset = store->GetMaxOffsetInQueue(h.topic, h.queue_id)},
                             &response);
      break;
    case request_code::kGetMinOffset:
      protocol::EncodeHeader(protocol::OffsetResponseHeader{.offset = store->GetMinOffsetInQueue(h.topic, h.queue_id)},
                             &response);
      break;
    default: {
      const int64_t min = store->GetMinOffsetInQueue(h.topic, h.queue_id);
      protocol::EncodeHeader(protocol::GetEarliestMsgStoretimeResponseHeader{
                                 .timestamp = store->GetMessageStoreTimestamp(h.topic, h.queue_id, min)},
                             &response);
      break;
    }
  }
  return response;
}

remoting::ProcessResult AdminBrokerProcessor::Locks(const RemotingCommand& request) {
  absl::StatusOr<protocol::LockBatchRequestBody> body = protocol::LockBatchRequestBody::Decode(request.body());
  if (!body.ok()) {
    return ErrorResponse(request, response_code::kSystemError,
                         absl::StrCat("bad lock body: ", std::string(body.status().message())));
  }
  RemotingCommand response = Success(request);
  if (request.code() == request_code::kUnlockBatchMq) {
    ctx_->locks->UnlockBatch(body->consumer_group, body->mq_set, body->client_id);
    return response;
  }
  protocol::LockBatchResponseBody out;
  out.lock_ok_mq_set = ctx_->locks->TryLockBatch(body->consumer_group, body->mq_set, body->client_id, ctx_->now_ms());
  response.set_body(out.Encode());
  return response;
}

remoting::ProcessResult AdminBrokerProcessor::UpdateAndCreateTopic(const RemotingCommand& request) {
  SPOOL_ASSIGN_OR_RETURN(std::string topic, request.GetString("topic"));
  if (std::string why = ValidateTopicName(topic); !why.empty()) {
    return ErrorResponse(request, response_code::kSystemError, why);
  }
  if (ctx_->topics->IsSystemTopic(topic)) {
    return ErrorResponse(request, response_code::kSystemError,
                         absl::StrCat("The topic[", topic, "] is conflict with system topic."));
  }
  store::TopicConfig t;
  t.topic_name = topic;
  SPOOL_ASSIGN_OR_RETURN(t.read_queue_nums, request.GetInt32("readQueueNums"));
  SPOOL_ASSIGN_OR_RETURN(t.write_queue_nums, request.GetInt32("writeQueueNums"));
  SPOOL_ASSIGN_OR_RETURN(t.perm, request.GetInt32("perm"));
  SPOOL_ASSIGN_OR_RETURN(t.topic_filter_type, request.GetStringOr("topicFilterType", "SINGLE_TAG"));
  SPOOL_ASSIGN_OR_RETURN(t.topic_sys_flag, request.GetInt32Or("topicSysFlag", 0));
  SPOOL_ASSIGN_OR_RETURN(t.order, request.GetBoolOr("order", false));
  if (t.read_queue_nums < 0 || t.write_queue_nums < 0) {
    return ErrorResponse(request, response_code::kSystemError, "queue numbers must not be negative");
  }
  ctx_->topics->Upsert(t);
  if (register_topic_) register_topic_();
  return Success(request);
}

remoting::ProcessResult AdminBrokerProcessor::DeleteTopic(const RemotingCommand& request) {
  SPOOL_ASSIGN_OR_RETURN(std::string topic, request.GetString("topic"));
  if (std::string why = ValidateTopicName(topic); !why.empty()) {
    return ErrorResponse(request, response_code::kSystemError, why);
  }
  if (ctx_->topics->IsSystemTopic(topic)) {
    return ErrorResponse(request, response_code::kSystemError,
                         absl::StrCat("The topic[", topic, "] is conflict with system topic."));
  }
  ctx_->topics->Erase(topic);
  return Success(request);
}

remoting::ProcessResult AdminBrokerProcessor::RuntimeInfo(const RemotingCommand& request) {
  const store::StoreStats stats = ctx_->store->Stats();
  protocol::KvTable kv;
  auto& t = kv.table;
  t["brokerVersionDesc"] = "V4_9_7";
  t["brokerVersion"] = absl::StrCat(remoting::mq_version::kCurrent);
  const std::string put = absl::StrCat(ctx_->put_total.load());
  const std::string get = absl::StrCat(ctx_->get_total.load());
  t["msgPutTotalYesterdayMorning"] = "0";
  t["msgPutTotalTodayMorning"] = "0";
  t["msgPutTotalTodayNow"] = put;
  t["msgGetTotalYesterdayMorning"] = "0";
  t["msgGetTotalTodayMorning"] = "0";
  t["msgGetTotalTodayNow"] = get;
  t["putTps"] = "0.0 0.0 0.0";
  t["getTransferedTps"] = "0.0 0.0 0.0";
  t["sendThreadPoolQueueSize"] = "0";
  t["pullThreadPoolQueueSize"] = "0";
  t["sendThreadPoolQueueHeadWaitTimeMills"] = "0";
  t["pullThreadPoolQueueHeadWaitTimeMills"] = "0";
  t["pageCacheLockTimeMills"] = "0";
  t["earliestMessageTimeStamp"] = "0";
  t["commitLogDiskRatio"] = "0.0";
  t["commitLogMinOffset"] = absl::StrCat(stats.commit_log_min_offset);
  t["commitLogMaxOffset"] = absl::StrCat(stats.commit_log_max_offset);
  t["dispatchBehindBytes"] = absl::StrCat(stats.commit_log_max_offset - stats.dispatched_offset);
  t["bootTimestamp"] = absl::StrCat(ctx_->start_time_ms);
  t["runtime"] = absl::StrCat("[ ", (ctx_->now_ms() - ctx_->start_time_ms) / 1000, " s ]");
  t["sendThreadPoolQueueCapacity"] = absl::StrCat(ctx_->config.send_thread_pool_queue_capacity);
  t["pullThreadPoolQueueCapacity"] = absl::StrCat(ctx_->config.pull_thread_pool_queue_capacity);
  t["queryThreadPoolQueueCapacity"] = absl::StrCat(ctx_->config.query_thread_pool_queue_capacity);
  RemotingCommand response = Success(request);
  response.set_body(kv.Encode());
  return response;
}

remoting::ProcessResult AdminBrokerProcessor::TopicStats(const RemotingCommand& request) {
  SPOOL_ASSIGN_OR_RETURN(std::string topic, request.GetString("topic"));
  std::optional<store::TopicConfig> config = ctx_->topics->Find(topic);
  if (!config.has_value()) {
    return ErrorResponse(request, response_code::kTopicNotExist, absl::StrCat("topic[", topic, "] not exist"));
  }
  protocol::TopicStatsTable table;
  for (int32_t q = 0; q < config->write_queue_nums; ++q) {
    const int64_t max = std::max<int64_t>(0, ctx_->store->GetMaxOffsetInQueue(topic, q));
    const int64_t last = max > 0 ? std::max<int64_t>(0, ctx_->store->GetMessageStoreTimestamp(topic, q, max - 1)) : 0;
    table.offset_table[{.topic = topic, .broker_name = ctx_->config.broker_name, .queue_id = q}] = {
        .min_offset = std::max<int64_t>(0, ctx_->store->GetMinOffsetInQueue(topic, q)),
        .max_offset = max,
        .last_update_timestamp = last};
  }
  RemotingCommand response = Success(request);
  response.set_body(table.Encode());
  return response;
}

remoting::ProcessResult AdminBrokerProcessor::ConsumeStats(const RemotingCommand& request) {
  SPOOL_ASSIGN_OR_RETURN(std::string group, request.GetString("consumerGroup"));
  SPOOL_ASSIGN_OR_RETURN(std::string topic_filter, request.GetStringOr("topic", ""));
  std::vector<std::string> topics;
  if (!topic_filter.empty()) {
    topics.push_back(topic_filter);
  } else {
    const std::string suffix = "@" + group;
    for (const auto& [key, queues] : ctx_->store->consumer_offsets().Snapshot()) {
      if (key.size() > suffix.size() && absl::EndsWith(key, suffix)) {
        topics.push_back(key.substr(0, key.size() - suffix.size()));
      }
    }
  }
  protocol::ConsumeStats stats;
  for (const std::string& topic : topics) {
    std::optional<store::TopicConfig> config = ctx_->topics->Find(topic);
    if (!config.has_value()) continue;
    for (int32_t q = 0; q < config->read_queue_nums; ++q) {
      const int64_t consumer_offset = std::max<int64_t>(0, ctx_->store->consumer_offsets().Query(group, topic, q));
      const int64_t last =
          consumer_offset > 0
              ? std::max<int64_t>(0, ctx_->store->GetMessageStoreTimestamp(topic, q, consumer_offset - 1))
              : 0;
      stats.offset_table[{.topic = topic, .broker_name = ctx_->config.broker_name, .queue_id = q}] = {
          .broker_offset = std::max<int64_t>(0, ctx_->store->GetMaxOffsetInQueue(topic, q)),
          .consumer_offset = consumer_offset,
          .last_timestamp = last};
    }
  }
  RemotingCommand response = Success(request);
  response.set_body(stats.Encode());
  return response;
}

remoting::ProcessResult AdminBrokerProcessor::ConsumerConnections(const RemotingCommand& request) {
  SPOOL_ASSIGN_OR_RETURN(std::string group, request.GetString("consumerGroup"));
  std::optional<ConsumerGroupInfo> info = ctx_->consumers->Find(group);
  if (!info.has_value()) {
    return ErrorResponse(request, response_code::kConsumerNotOnline,
                         absl::StrCat("the consumer group[", group, "] not online"));
  }
  protocol::ConsumerConnection body;
  for (const auto& [id, c] : info->channels) {
    body.connection_set.push_back({.client_id = c.client_id,
                                   .client_addr = c.channel->remote_address(),
                                   .language = std::string(remoting::LanguageCodeName(c.language)),
                                   .version = c.version});
  }
  body.subscription_table = info->subscriptions;
  body.consume_type = info->consume_type;
  body.message_model = info->message_model;
  body.consume_from_where = info->consume_from_where;
  RemotingCommand response = Success(request);
  response.set_body(body.Encode());
  return response;
}

remoting::ProcessResult AdminBrokerProcessor::AllConsumerOffsets(const RemotingCommand& request) {
  RemotingCommand response = Success(request);
  response.set_body(ctx_->store->consumer_offsets().Encode());
  return response;
}

}  // namespace spool::broker::internal

namespace spool::broker::internal {

// No slave check: 4.9.7's AdminBrokerProcessor has none for subscription groups (unlike topics).
remoting::ProcessResult AdminBrokerProcessor::UpdateAndCreateSubscriptionGroup(const RemotingCommand& request) {
  absl::StatusOr<protocol::SubscriptionGroupConfig> config = protocol::SubscriptionGroupConfig::Decode(request.body());
  if (!config.ok()) {
    return ErrorResponse(request, response_code::kSystemError,
                         absl::StrCat("bad subscription group body: ", std::string(config.status().message())));
  }
  if (config->group_name.empty()) {
    return ErrorResponse(request, response_code::kSystemError, "the subscription group has no groupName");
  }
  if (absl::Status s = ctx_->groups->Update(*config); !s.ok()) {
    return ErrorResponse(request, response_code::kSystemError,
                         absl::StrCat("subscription group updated but not persisted: ", std::string(s.message())));
  }
  return Success(request);
}

remoting::ProcessResult AdminBrokerProcessor::DeleteSubscriptionGroup(const RemotingCommand& request) {
  SPOOL_ASSIGN_OR_RETURN(std::string group, request.GetString("groupName"));
  SPOOL_ASSIGN_OR_RETURN(bool remove_offset, request.GetBoolOr("removeOffset", false));
  // Deleting an unknown group succeeds, as in RocketMQ (which only logs it).
  absl::StatusOr<bool> deleted = ctx_->groups->Delete(group);
  if (!deleted.ok()) {
    return ErrorResponse(request, response_code::kSystemError,
                         absl::StrCat("subscription group deleted but not persisted: ",
                                      std::string(deleted.status().message())));
  }
  if (remove_offset) {
    // ConsumerOffsetManager.removeOffset: every topic@group key of the group.
    const std::string suffix = "@" + group;
    store::ConsumerOffsetTable& offsets = ctx_->store->consumer_offsets();
    for (const auto& [key, queues] : offsets.Snapshot()) {
      if (key.size() > suffix.size() && absl::EndsWith(key, suffix)) {
        offsets.RemoveGroup(group, key.substr(0, key.size() - suffix.size()));
      }
    }
  }
  return Success(request);
}

}  // namespace spool::broker::internal

namespace spool::broker::internal {

remoting::ProcessResult AdminBrokerProcessor::ProducerConnections(const RemotingCommand& request) {
  SPOOL_ASSIGN_OR_RETURN(std::string group, request.GetString("producerGroup"));
  std::vector<ClientChannelInfo> channels = ctx_->producers->Channels(group);
  if (channels.empty()) {
    return ErrorResponse(request, response_code::kSystemError,
                         absl::StrCat("the producer group[", group, "] not exist"));
  }
  protocol::ProducerConnection body;
  for (const ClientChannelInfo& c : channels) {
    body.connection_set.push_back({.client_id = c.client_id,
                                   .client_addr = c.channel->remote_address(),
                                   .language = std::string(remoting::LanguageCodeName(c.language)),
                                   .version = c.version});
  }
  RemotingCommand response = Success(request);
  response.set_body(body.Encode());
  return response;
}

// Groups subscribed now (heartbeats) and groups with offsets on the topic (ConsumerOffsetManager.whichGroupByTopic).
remoting::ProcessResult AdminBrokerProcessor::TopicConsumeByWho(const RemotingCommand& request) {
  SPOOL_ASSIGN_OR_RETURN(std::string topic, request.GetString("topic"));
  protocol::GroupList groups;
  for (std::string& g : ctx_->consumers->GroupsSubscribing(topic)) groups.group_list.insert(std::move(g));
  const std::string prefix = topic + "@";
  for (const auto& [key, queues] : ctx_->store->consumer_offsets().Snapshot()) {
    if (key.size() > prefix.size() && absl::StartsWith(key, prefix)) {
      groups.group_list.insert(key.substr(prefix.size()));
    }
  }
  RemotingCommand response = Success(request);
  response.set_body(groups.Encode());
  return response;
}

}  // namespace spool::broker::internal
