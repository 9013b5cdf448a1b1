#include "send_message_processor.h"

#include <random>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "logging.h"
#include "pull_request_hold_service.h"
#include "spool/protocol/message_batch_codec.h"
#include "spool/protocol/message_properties.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "spool/remoting/version.h"

namespace spool::broker::internal {

namespace response_code = remoting::response_code;
using remoting::RemotingCommand;

namespace {

constexpr char kNoTopicLink[] = "\nSee http://rocketmq.apache.org/docs/faq/ for further details.";

int32_t RandomInt(int32_t bound) {
  thread_local std::mt19937 rng(std::random_device{}());
  return bound <= 0 ? 0 : static_cast<int32_t>(std::uniform_int_distribution<int32_t>(0, 99999998)(rng) % bound);
}

// PutMessageStatus -> response code and remark (spec broker.md §3 step 8). `stored` says whether the header is
// filled.
struct PutOutcome {
  int32_t code;
  std::string remark;
  bool stored;
};

PutOutcome MapPutStatus(const store::PutResult& put) {
  using store::PutMessageStatus;
  switch (put.status) {
    case PutMessageStatus::kPutOk:
      return {response_code::kSuccess, "", true};
    case PutMessageStatus::kFlushDiskTimeout:
      return {response_code::kFlushDiskTimeout, "", true};
    case PutMessageStatus::kFlushSlaveTimeout:
      return {response_code::kFlushSlaveTimeout, "", true};
    case PutMessageStatus::kSlaveNotAvailable:
      return {response_code::kSlaveNotAvailable, "", true};
    case PutMessageStatus::kCreateMappedFileFailed:
      return {response_code::kSystemError, "create mapped file failed, server is busy or broken.", false};
    case PutMessageStatus::kMessageIllegal:
    case PutMessageStatus::kPropertiesSizeExceeded:
      return {response_code::kMessageIllegal,
              put.remark.empty() ? "the message is illegal, maybe msg body or properties length not matched."
                                 : put.remark,
              false};
    case PutMessageStatus::kServiceNotAvailable:
      return {response_code::kServiceNotAvailable,
              put.remark.empty() ? "service not available now. It may be caused by one of the following reasons: "
                                   "the broker's disk is full, messages are put to the slave, message store has "
                                   "been shut down, etc."
                                 : put.remark,
              false};
    case PutMessageStatus::kOsPageCacheBusy:
      return {response_code::kSystemError, "[PC_SYNCHRONIZED]broker busy, start flow control for a while", false};
    default:
      return {response_code::kSystemError, absl::StrCat("UNKNOWN_ERROR ", put.remark), false};
  }
}

void CopyProperties(const protocol::MessagePropertyList& from, store::MessageProperties* to) {
  for (const auto& [k, v] : from) to->Set(k, v);
}

// RocketMQ leaves WAIT out of a plain single send's stored properties, whatever its value; the flush wait it asks
// for still applies, passed beside the properties. The paths that rebuild the property string from the message's
// map keep it: a delayed message (parked in SCHEDULE_TOPIC_XXXX) and a transaction half message, and batches
// (spec store.md, broker-side edits).
void MoveWaitOutOfProperties(store::Message* m) {
  const std::string* wait = m->properties.Find(protocol::kPropertyWaitStoreMsgOk);
  if (wait == nullptr) return;
  int32_t delay_level = 0;
  const std::string* delay = m->properties.Find(protocol::kPropertyDelayTimeLevel);
  if (delay != nullptr && absl::SimpleAtoi(*delay, &delay_level) && delay_level > 0) return;
  const std::string* tran = m->properties.Find(protocol::kPropertyTransactionPrepared);
  if (tran != nullptr && *tran == "true") return;
  m->wait_store_msg_ok = *wait != "false";
  m->properties.Erase(protocol::kPropertyWaitStoreMsgOk);
}

// Where a send's records went: the header's queue id (answered) and the topic and queue actually written (retry
// to DLQ and half messages are rerouted), whose parked pulls the put wakes.
struct SendTarget {
  int32_t reply_queue_id;
  std::string write_topic;
  int32_t write_queue;
};

// Completes the response from the put (spec broker.md §3 step 8) and sends it. Runs where the store answers the
// put: on the send thread, or on the store's group-commit thread, so it must not block.
void AnswerPut(BrokerContext* broker, const remoting::RequestContext& ctx, RemotingCommand response,
               const SendTarget& target, const store::PutResult& put) {
  const PutOutcome outcome = MapPutStatus(put);
  response.set_code(outcome.code);
  if (!outcome.remark.empty()) response.set_remark(outcome.remark);
  if (outcome.stored) {
    protocol::SendMessageResponseHeader rh;
    rh.msg_id = absl::StrJoin(put.offset_msg_ids, ",");
    rh.queue_id = target.reply_queue_id;
    rh.queue_offset = put.queue_offset;
    protocol::EncodeHeader(rh, &response);
    broker->put_total += std::max(1, put.message_count);
    broker->hold->NotifyMessageArriving(target.write_topic, target.write_queue,
                                        put.queue_offset + std::max(1, put.message_count) - 1);
  }
  if (absl::Status s = ctx.Respond(std::move(response)); !s.ok()) {
    BrokerLog().debug("answering a send failed: {}", s.ToString());
  }
}

store::MessageStore::PutCallback Answer(BrokerContext* broker, const remoting::RequestContext& ctx,
                                        RemotingCommand response, SendTarget target) {
  return [broker, ctx, response = std::move(response), target = std::move(target)](store::PutResult put) mutable {
    AnswerPut(broker, ctx, std::move(response), target, put);
  };
}

}  // namespace

remoting::ProcessResult SendMessageProcessor::Process(const remoting::RequestContext& ctx, RemotingCommand request) {
  if (request.code() == remoting::request_code::kConsumerSendMsgBack) return ConsumerSendMsgBack(ctx, request);
  return SendMessage(ctx, request);
}

std::optional<RemotingCommand> SendMessageProcessor::SendMessage(const remoting::RequestContext& ctx,
                                                                 const RemotingCommand& request) {
  const BrokerConfig& config = ctx_->config;
  RemotingCommand response = RemotingCommand::CreateResponse(request, response_code::kSystemError);
  // The Java client reads both from the extFields of every answer (and NPEs without extFields).
  response.SetExtField("MSG_REGION", config.region_id);
  response.SetExtField("TRACE_ON", config.trace_on ? "true" : "false");
  auto fail = [&](int32_t code, std::string remark) {
    response.set_code(code);
    response.set_remark(std::move(remark));
    return response;
  };

  absl::StatusOr<protocol::SendMessageRequestHeader> decoded = protocol::DecodeSendMessageRequestHeader(request);
  if (!decoded.ok()) return fail(response_code::kSystemError, std::string(decoded.status().message()));
  protocol::SendMessageRequestHeader h = *std::move(decoded);

  if (ctx_->now_ms() < config.start_accept_send_request_time_stamp) {
    return fail(response_code::kSystemError,
                absl::StrCat("broker unable to service, until ", config.start_accept_send_request_time_stamp));
  }

  // msgCheck.
  std::optional<store::TopicConfig> topic_config = ctx_->topics->Find(h.topic);
  if (!protocol::IsWriteable(config.broker_permission) && topic_config.has_value() && topic_config->order) {
    return fail(response_code::kNoPermission,
                absl::StrCat("the broker[", config.broker_ip1, "] sending message is forbidden"));
  }
  if (std::string why = ValidateTopicName(h.topic); !why.empty()) return fail(response_code::kSystemError, why);
  if (TopicConfigManager::IsNotAllowedSendTopic(h.topic)) {
    return fail(response_code::kNoPermission, absl::StrCat("Sending message to topic[", h.topic, "] is forbidden."));
  }
  if (!topic_config.has_value()) {
    const bool retry = absl::StartsWith(h.topic, kRetryGroupTopicPrefix);
    const int32_t sys_flag = h.unit_mode ? (retry ? kTopicSysFlagUnitSub : kTopicSysFlagUnit) : 0;
    topic_config = ctx_->topics->CreateTopicInSendMessageMethod(h.topic, h.default_topic,
                                                                h.default_topic_queue_nums, sys_flag);
    if (!topic_config.has_value() && retry) {
      topic_config = ctx_->topics->CreateTopicInSendMessageBackMethod(
          h.topic, 1, store::kPermRead | store::kPermWrite, sys_flag);
    }
    if (!topic_config.has_value()) {
      return fail(response_code::kTopicNotExist,
                  absl::StrCat("topic[", h.topic, "] not exist, apply first please!", kNoTopicLink));
    }
  }
  const int32_t queue_limit = std::max(topic_config->write_queue_nums, topic_config->read_queue_nums);
  if (h.queue_id >= queue_limit) {
    return fail(response_code::kSystemError,
                absl::StrCat("request queueId[", h.queue_id, "] is illegal, topic:", h.topic,
                             " topicConfig.writeQueueNums: ", topic_config->write_queue_nums,
                             " Producer: ", ctx.channel()->remote_address()));
  }
  if (h.queue_id < 0) {
    // A topic auto-created with defaultTopicQueueNums 0 has no queue to pick. Java's random pick divides by
    // writeQueueNums and answers SYSTEM_ERROR, which producers retry on another broker: answer the same.
    if (topic_config->write_queue_nums <= 0) {
      return fail(response_code::kSystemError,
                  absl::StrCat("topic[", h.topic, "] has no write queue to pick from (writeQueueNums ",
                               topic_config->write_queue_nums, ")"));
    }
    h.queue_id = RandomInt(topic_config->write_queue_nums);
  }

  store::Message base;
  base.topic = h.topic;
  base.queue_id = h.queue_id;
  base.sys_flag = h.sys_flag;
  if (topic_config->topic_filter_type == "MULTI_TAG") base.sys_flag |= store::kSysFlagMultiTags;
  base.born_timestamp = h.born_timestamp;
  if (auto born = ParseHostAddress(ctx.channel()->remote_address())) base.born_host = *born;
  base.store_host = ctx_->store_host();
  base.reconsume_times = h.reconsume_times.value_or(0);
  const protocol::MessagePropertyList header_props = protocol::DecodeMessageProperties(h.properties.value_or(""));

  std::string write_topic = h.topic;
  int32_t write_queue = h.queue_id;
  if (h.batch) {
    if ((h.sys_flag & store::kSysFlagTransactionMask) != 0) {
      return fail(response_code::kMessageIllegal, "batch message does not support transaction");
    }
    if (absl::StartsWith(h.topic, kRetryGroupTopicPrefix)) {
      return fail(response_code::kMessageIllegal, absl::StrCat("batch request does not support retry group ", h.topic));
    }
    if (request.body().size() > static_cast<size_t>(config.store.max_message_size)) {
      return fail(response_code::kMessageIllegal,
                  absl::StrCat("message body size exceeded, body size ", request.body().size(), ", max ",
                               config.store.max_message_size));
    }
    absl::StatusOr<std::vector<protocol::BatchMessage>> batch = protocol::DecodeMessageBatch(request.body());
    if (!batch.ok()) return fail(response_code::kMessageIllegal, std::string(batch.status().message()));
    if (batch->empty()) return fail(response_code::kMessageIllegal, "batch body holds no message");
    std::vector<store::Message> messages;
    for (const protocol::BatchMessage& bm : *batch) {
      store::Message m = base;
      m.flag = bm.flag;
      m.body = bm.body;
      CopyProperties(protocol::DecodeMessageProperties(bm.properties), &m.properties);
      CopyProperties(header_props, &m.properties);
      if (m.properties.Find(protocol::kPropertyDelayTimeLevel) != nullptr) {
        return fail(response_code::kMessageIllegal, "batch message does not support delay level");
      }
      m.properties.Set(protocol::kPropertyCluster, config.broker_cluster_name);
      messages.push_back(std::move(m));
    }
    ctx_->store->PutMessagesAsync(messages,
                                  Answer(ctx_, ctx, std::move(response), {h.queue_id, write_topic, write_queue}));
    return std::nullopt;
  } else {
    store::Message m = base;
    m.flag = h.flag;
    m.body = request.body();
    CopyProperties(header_props, &m.properties);
    // handleRetryAndDLQ.
    if (absl::StartsWith(h.topic, kRetryGroupTopicPrefix)) {
      const std::string group = h.topic.substr(std::string(kRetryGroupTopicPrefix).size());
      std::optional<SubscriptionGroupConfig> group_config = ctx_->groups->FindOrCreate(group);
      if (!group_config.has_value()) {
        return fail(response_code::kSubscriptionGroupNotExist,
                    absl::StrCat("subscription group not exist, ", group, kNoTopicLink));
      }
      int32_t max = group_config->retry_max_times;
      if (request.version() >= remoting::mq_version::kV3_4_9 && h.max_reconsume_times.has_value()) {
        max = *h.max_reconsume_times;
      }
      if (h.reconsume_times.value_or(0) >= max) {
        write_topic = DlqTopic(group);
        ctx_->topics->CreateTopicInSendMessageBackMethod(write_topic, 1, store::kPermRead | store::kPermWrite, 0);
        m.topic = write_topic;
        m.queue_id = 0;
        write_queue = 0;
        m.properties.Erase(protocol::kPropertyDelayTimeLevel);
      }
    }
    m.properties.Set(protocol::kPropertyCluster, config.broker_cluster_name);
    MoveWaitOutOfProperties(&m);
    const std::string* tran = m.properties.Find(protocol::kPropertyTransactionPrepared);
    if (tran != nullptr && *tran == "true") {
      if (config.reject_transaction_message) {
        return fail(response_code::kNoPermission,
                    absl::StrCat("the broker[", config.broker_ip1, "] sending transaction message is forbidden"));
      }
      // A half message: parked in the half topic, invisible to consumers until END_TRANSACTION.
      ctx_->topics->CreateTopicInSendMessageBackMethod(kTransHalfTopic, 1, store::kPermRead | store::kPermWrite, 0);
      m.properties.Set(protocol::kPropertyRealTopic, m.topic);
      m.properties.Set(protocol::kPropertyRealQueueId, absl::StrCat(m.queue_id));
      m.sys_flag &= ~store::kSysFlagTransactionMask;
      m.topic = kTransHalfTopic;
      m.queue_id = 0;
      write_topic = m.topic;
      write_queue = 0;
    }
    ctx_->store->PutMessageAsync(m, Answer(ctx_, ctx, std::move(response), {h.queue_id, write_topic, write_queue}));
    return std::nullopt;
  }
}

RemotingCommand SendMessageProcessor::ConsumerSendMsgBack(const remoting::RequestContext& ctx,
                                                          const RemotingCommand& request) {
  (void)ctx;
  const BrokerConfig& config = ctx_->config;
  absl::StatusOr<protocol::ConsumerSendMsgBackRequestHeader> decoded =
      protocol::ConsumerSendMsgBackRequestHeader::FromExtFields(request);
  if (!decoded.ok()) {
    return ErrorResponse(request, response_code::kSystemError, std::string(decoded.status().message()));
  }
  const protocol::ConsumerSendMsgBackRequestHeader& h = *decoded;
  std::optional<SubscriptionGroupConfig> group = ctx_->groups->FindOrCreate(h.group);
  if (!group.has_value()) {
    return ErrorResponse(request, response_code::kSubscriptionGroupNotExist,
                         absl::StrCat("subscription group not exist, ", h.group, kNoTopicLink));
  }
  if (!protocol::IsWriteable(config.broker_permission)) {
    return ErrorResponse(request, response_code::kNoPermission,
                         absl::StrCat("the broker[", config.broker_ip1, "] sending message is forbidden"));
  }
  if (group->retry_queue_nums <= 0) return RemotingCommand::CreateResponse(request, response_code::kSuccess);

  std::string topic = RetryTopic(h.group);
  int32_t queue_id = RandomInt(group->retry_queue_nums);
  const int32_t topic_sys_flag = h.unit_mode ? kTopicSysFlagUnitSub : 0;
  store::TopicConfig retry_config = ctx_->topics->CreateTopicInSendMessageBackMethod(
      topic, group->retry_queue_nums, store::kPermRead | store::kPermWrite, topic_sys_flag);
  if (!protocol::IsWriteable(retry_config.perm)) {
    return ErrorResponse(request, response_code::kNoPermission,
                         absl::StrCat("the topic[", topic, "] sending message is forbidden"));
  }
  absl::StatusOr<store::MessageRecord> original = ctx_->store->LookMessageByOffset(h.offset);
  if (!original.ok()) {
    return ErrorResponse(request, response_code::kSystemError,
                         absl::StrCat("look message by offset failed, ", h.offset));
  }
  store::Message m;
  m.properties = original->properties;
  if (m.properties.Find(protocol::kPropertyRetryTopic) == nullptr) {
    m.properties.Set(protocol::kPropertyRetryTopic, original->topic);
  }
  int32_t max = group->retry_max_times;
  if (request.version() >= remoting::mq_version::kV3_4_9 && h.max_reconsume_times.has_value()) {
    max = *h.max_reconsume_times;
  }
  m.properties.Erase(protocol::kPropertyDelayTimeLevel);
  if (original->reconsume_times >= max || h.delay_level < 0) {
    topic = DlqTopic(h.group);
    queue_id = 0;
    ctx_->topics->CreateTopicInSendMessageBackMethod(topic, 1, store::kPermRead | store::kPermWrite, 0);
  } else {
    const int32_t level = h.delay_level == 0 ? 3 + original->reconsume_times : h.delay_level;
    m.properties.Set(protocol::kPropertyDelayTimeLevel, absl::StrCat(level));
  }
  if (m.properties.Find(protocol::kPropertyOriginMessageId) == nullptr) {
    m.properties.Set(protocol::kPropertyOriginMessageId, original->OffsetMsgId());
  }
  m.topic = topic;
  m.queue_id = queue_id;
  m.flag = original->flag;
  m.body = original->body;
  m.sys_flag = original->sys_flag & ~(store::kSysFlagBornHostV6 | store::kSysFlagStoreHostV6);
  m.born_timestamp = original->born_timestamp;
  m.born_host = original->born_host;
  m.store_host = ctx_->store_host();
  m.reconsume_times = original->reconsume_times + 1;
  const store::PutResult put = ctx_->store->PutMessage(m);
  if (put.ok()) {
    ctx_->put_total += 1;
    ctx_->hold->NotifyMessageArriving(m.topic, m.queue_id, put.queue_offset);
    return RemotingCommand::CreateResponse(request, response_code::kSuccess);
  }
  return ErrorResponse(request, response_code::kSystemError, std::string(store::ToString(put.status)));
}

}  // namespace spool::broker::internal
