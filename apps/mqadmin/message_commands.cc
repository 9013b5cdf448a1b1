// Message commands: queryMsgById, queryMsgByKey, sendMessage, consumeMessage (RocketMQ tools command/message/*).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "command_common.h"
#include "consumer_queries.h"
#include "message_record.h"
#include "spool/protocol/admin_headers.h"
#include "spool/protocol/broker_headers.h"
#include "spool/protocol/group_list.h"
#include "spool/protocol/heartbeat_data.h"
#include "spool/protocol/message_id.h"
#include "spool/protocol/message_properties.h"
#include "spool/protocol/perm.h"
#include "spool/protocol/pull_sys_flag.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"

namespace spool::mqadmin {
namespace {

namespace request_code = remoting::request_code;
namespace response_code = remoting::response_code;
using remoting::RemotingCommand;

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Java's AbstractMap.toString of the properties: {KEYS=k, UNIQ_KEY=..., ...}.
std::string PropertiesToString(const protocol::MessagePropertyList& props) {
  std::vector<std::string> parts;
  for (const auto& [k, v] : props) parts.push_back(absl::StrCat(k, "=", v));
  return absl::StrCat("{", absl::StrJoin(parts, ", "), "}");
}

// QueryMsgByIdSubCommand.createBodyFile: the body is saved under /tmp/rocketmq/msgbodys/<msgId>.
std::string CreateBodyFile(const MessageRecord& m) {
  const std::string dir = "/tmp/rocketmq/msgbodys";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::string path = absl::StrCat(dir, "/", m.MsgId());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(m.body.data(), static_cast<std::streamsize>(m.body.size()));
  return out.good() ? path : "";
}

// ---- message track (DefaultMQAdminExtImpl.messageTrackDetail) ----

std::vector<std::string> MessageTracks(AdminClient* admin, const MessageRecord& m) {
  std::vector<std::string> tracks;
  absl::StatusOr<protocol::TopicRouteData> route = admin->GetRoute(m.topic);
  if (!route.ok()) return tracks;
  std::set<std::string> groups;
  for (const protocol::BrokerData& b : route->broker_datas) {
    const std::string addr = PickBrokerAddr(b, false);
    if (addr.empty()) continue;
    RemotingCommand request = NewRequest(request_code::kQueryTopicConsumeByWho);
    protocol::EncodeHeader(protocol::QueryTopicConsumeByWhoRequestHeader{.topic = m.topic}, &request);
    absl::StatusOr<RemotingCommand> response = admin->CallBroker(addr, std::move(request));
    if (!response.ok()) continue;
    if (absl::StatusOr<protocol::GroupList> g = protocol::GroupList::Decode(response->body()); g.ok()) {
      groups.insert(g->group_list.begin(), g->group_list.end());
    }
  }
  for (const std::string& group : groups) {
    std::string type;
    std::string exception_desc = "null";
    absl::StatusOr<protocol::ConsumerConnection> cc = ExamineConsumerConnection(admin, group);
    if (!cc.ok()) {
      type = "NOT_ONLINE";
      exception_desc = std::string(cc.status().message());
    } else if (cc->message_model == protocol::MessageModel::kBroadcasting) {
      type = "CONSUME_BROADCASTING";
    } else {
      absl::StatusOr<protocol::ConsumeStats> stats = ExamineConsumeStats(admin, group, m.topic);
      type = "NOT_CONSUME_YET";
      if (stats.ok()) {
        for (const auto& [mq, w] : stats->offset_table) {
          if (mq.topic == m.topic && mq.queue_id == m.queue_id && w.consumer_offset > m.queue_offset) {
            type = "CONSUMED";
          }
        }
      } else {
        type = "UNKNOWN";
        exception_desc = std::string(stats.status().message());
      }
    }
    tracks.push_back(absl::StrCat("MessageTrack [consumerGroup=", group, ", trackType=", type,
                                  ", exceptionDesc=", exception_desc, "]"));
  }
  return tracks;
}

void PrintMsg(AdminClient* admin, const MessageRecord& m, bool print_body) {
  auto line = [](const char* label, const std::string& value) {
    Print(absl::StrFormat("%-20s %s\n", label, value));
  };
  line("OffsetID:", m.offset_msg_id);
  line("Topic:", m.topic);
  line("Tags:", absl::StrCat("[", m.PropertyOrNull(protocol::kPropertyTags), "]"));
  line("Keys:", absl::StrCat("[", m.PropertyOrNull(protocol::kPropertyKeys), "]"));
  line("Queue ID:", absl::StrCat(m.queue_id));
  line("Queue Offset:", absl::StrCat(m.queue_offset));
  line("CommitLog Offset:", absl::StrCat(m.commit_log_offset));
  line("Reconsume Times:", absl::StrCat(m.reconsume_times));
  line("Born Timestamp:", TimeMillisToHumanString2(m.born_timestamp));
  line("Store Timestamp:", TimeMillisToHumanString2(m.store_timestamp));
  line("Born Host:", m.born_host);
  line("Store Host:", m.store_host);
  line("System Flag:", absl::StrCat(m.sys_flag));
  line("Properties:", PropertiesToString(m.properties));
  line("Message Body Path:", CreateBodyFile(m));
  if (print_body) line("Message Body:", m.body);
  std::vector<std::string> tracks = MessageTracks(admin, m);
  if (tracks.empty()) {
    Print("\n\nWARN: No Consumer\n");
  } else {
    Print("\n\n");
    for (const std::string& t : tracks) Print(t + "\n");
  }
}

// ---- QUERY_MESSAGE (MQAdminImpl.queryMessage) ----

// Every broker of `topic` is asked; records are kept when they belong to the topic and carry `key` among their
// KEYS (or, for a unique-key query, as their UNIQ_KEY). kNotFound when no broker has any.
absl::StatusOr<std::vector<MessageRecord>> QueryMessages(AdminClient* admin, const std::string& topic,
                                                         const std::string& key, bool unique_key, int64_t begin,
                                                         int64_t end) {
  absl::StatusOr<protocol::TopicRouteData> route = admin->GetRoute(topic);
  if (!route.ok()) return route.status();
  std::vector<MessageRecord> found;
  for (const protocol::BrokerData& b : route->broker_datas) {
    const std::string addr = PickBrokerAddr(b, false);
    if (addr.empty()) continue;
    RemotingCommand request = NewRequest(request_code::kQueryMessage);
    protocol::EncodeHeader(protocol::QueryMessageRequestHeader{.topic = topic, .key = key, .max_num = 64,
                                                               .begin_timestamp = begin, .end_timestamp = end},
                           &request);
    if (unique_key) request.SetExtField(protocol::kUniqueKeyQueryField, "true");
    absl::StatusOr<RemotingCommand> response = admin->InvokeBroker(addr, std::move(request));
    if (!response.ok()) return response.status();
    if (response->code() == response_code::kQueryNotFound) continue;
    if (response->code() != response_code::kSuccess) return ResponseError(*response);
    absl::StatusOr<std::vector<MessageRecord>> records = DecodeRecords(response->body());
    if (!records.ok()) return records.status();
    for (MessageRecord& m : *records) {
      if (m.topic != topic) continue;
      bool match = false;
      if (unique_key) {
        match = m.PropertyOrNull(protocol::kPropertyUniqClientMessageIdKey) == key;
      } else if (const std::string* keys = protocol::FindMessageProperty(m.properties, protocol::kPropertyKeys)) {
        for (absl::string_view k : absl::StrSplit(*keys, ' ', absl::SkipEmpty())) match = match || k == key;
      }
      if (match) found.push_back(std::move(m));
    }
  }
  if (found.empty()) return absl::NotFoundError("query message by key finished, but no message.");
  return found;
}

// ---- queryMsgById ----

struct QueryMsgByIdFlags {
  std::string msg_ids;
  std::string topic;
  std::string body_format;
};

// viewMessage: the offsetMsgId names the broker and commit-log offset.
absl::StatusOr<MessageRecord> ViewMessage(AdminClient* admin, const std::string& msg_id) {
  absl::StatusOr<protocol::OffsetMessageId> id = protocol::DecodeOffsetMessageId(msg_id);
  if (!id.ok()) return id.status();
  RemotingCommand request = NewRequest(request_code::kViewMessageById);
  protocol::EncodeHeader(protocol::ViewMessageRequestHeader{.offset = id->commit_log_offset}, &request);
  absl::StatusOr<RemotingCommand> response = admin->CallBroker(id->Address(), std::move(request));
  if (!response.ok()) return response.status();
  absl::StatusOr<std::vector<MessageRecord>> records = DecodeRecords(response->body());
  if (!records.ok()) return records.status();
  if (records->size() != 1) return absl::DataLossError("VIEW_MESSAGE_BY_ID answered without exactly one record");
  return std::move(records->front());
}

absl::Status RunQueryMsgById(const CommandContext& ctx, const QueryMsgByIdFlags& f) {
  absl::StatusOr<std::unique_ptr<AdminClient>> admin = Connect(ctx);
  if (!admin.ok()) return admin.status();
  for (absl::string_view part : absl::StrSplit(f.msg_ids, ',', absl::SkipWhitespace())) {
    const std::string msg_id(absl::StripAsciiWhitespace(part));
    absl::StatusOr<MessageRecord> m = ViewMessage(admin->get(), msg_id);
    // As DefaultMQAdminExtImpl.viewMessage(topic, msgId): an id that is not an offsetMsgId of a stored record may
    // be a client msgId (UNIQ_KEY), looked up in the index of the topic.
    if (!m.ok() && !f.topic.empty()) {
      absl::StatusOr<std::vector<MessageRecord>> by_key =
          QueryMessages(admin->get(), f.topic, msg_id, /*unique_key=*/true, 0, std::numeric_limits<int64_t>::max());
      if (by_key.ok()) {
        m = std::move(by_key->front());
      } else {
        m = absl::NotFoundError(absl::StrCat("message ", msg_id, " not found: ", std::string(m.status().message()),
                                             "; as a client msgId in topic ", f.topic, ": ",
                                             std::string(by_key.status().message())));
      }
    } else if (!m.ok()) {
      m = absl::NotFoundError(absl::StrCat("message ", msg_id, " not found: ", std::string(m.status().message()),
                                           " (pass -t <topic> to look a client msgId up by its UNIQ_KEY)"));
    }
    if (!m.ok()) return m.status();
    PrintMsg(admin->get(), *m, !f.body_format.empty());
  }
  return absl::OkStatus();
}

// ---- queryMsgByKey ----

struct QueryMsgByKeyFlags {
  std::string topic;
  std::string key;
  std::string begin;
  std::string end;
};

absl::Status RunQueryMsgByKey(const CommandContext& ctx, const QueryMsgByKeyFlags& f) {
  int64_t begin = 0;
  int64_t end = std::numeric_limits<int64_t>::max();
  if (!f.begin.empty()) {
    absl::StatusOr<int64_t> v = ParseIntFlag("-b", f.begin);
    if (!v.ok()) return v.status();
    begin = *v;
  }
  if (!f.end.empty()) {
    absl::StatusOr<int64_t> v = ParseIntFlag("-e", f.end);
    if (!v.ok()) return v.status();
    end = *v;
  }
  absl::StatusOr<std::unique_ptr<AdminClient>> admin = Connect(ctx);
  if (!admin.ok()) return admin.status();
  absl::StatusOr<std::vector<MessageRecord>> found =
      QueryMessages(admin->get(), f.topic, f.key, /*unique_key=*/false, begin, end);
  if (!found.ok()) return found.status();
  Print(absl::StrFormat("%-50s %4s %40s\n", "#Message ID", "#QID", "#Offset"));
  for (const MessageRecord& m : *found) {
    Print(absl::StrFormat("%-50s %4d %40d\n", m.MsgId(), m.queue_id, m.queue_offset));
  }
  return absl::OkStatus();
}

// ---- sendMessage ----

struct SendMessageFlags {
  std::string topic;
  std::string body;
  std::string keys;
  std::string tags;
  std::string broker_name;
  std::string queue_id;
  std::string trace;
};

// MessageClientIDSetter.createUniqID: ip (loopback stands in for the host's address) + pid + a random
// class-loader hash + ms since the start of the month + counter, uppercase hex.
std::string CreateUniqId() {
  std::string raw = {127, 0, 0, 1};
  const uint32_t pid = static_cast<uint32_t>(::getpid());
  raw.push_back(static_cast<char>((pid >> 8) & 0xFF));
  raw.push_back(static_cast<char>(pid & 0xFF));
  std::random_device rd;
  const uint32_t hash = rd();
  for (int s = 24; s >= 0; s -= 8) raw.push_back(static_cast<char>((hash >> s) & 0xFF));
  const time_t now = static_cast<time_t>(NowMillis() / 1000);
  struct tm t {};
  localtime_r(&now, &t);
  t.tm_mday = 1;
  t.tm_hour = t.tm_min = t.tm_sec = 0;
  t.tm_isdst = -1;
  const uint32_t since_month = static_cast<uint32_t>(NowMillis() - static_cast<int64_t>(mktime(&t)) * 1000);
  for (int s = 24; s >= 0; s -= 8) raw.push_back(static_cast<char>((since_month >> s) & 0xFF));
  raw.push_back(0);
  raw.push_back(0);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : raw) {
    out.push_back(kHex[(static_cast<uint8_t>(c) >> 4) & 0xF]);
    out.push_back(kHex[static_cast<uint8_t>(c) & 0xF]);
  }
  return out;
}

std::string ClientId() { return absl::StrCat("127.0.0.1@", ::getpid()); }

// HEART_BEAT / UNREGISTER_CLIENT around a send or pull, as the Java client instance does; their failures do not
// fail the command (a broker accepts sends and pulls without them).
void Heartbeat(AdminClient* admin, const std::string& addr, const protocol::HeartbeatData& hb) {
  RemotingCommand request = NewRequest(request_code::kHeartBeat);
  request.set_body(hb.Encode());
  (void)admin->InvokeBroker(addr, std::move(request));
}

void Unregister(AdminClient* admin, const std::string& addr, std::optional<std::string> producer_group,
                std::optional<std::string> consumer_group) {
  RemotingCommand request = NewRequest(request_code::kUnregisterClient);
  protocol::EncodeHeader(protocol::UnregisterClientRequestHeader{.client_id = ClientId(),
                                                                 .producer_group = std::move(producer_group),
                                                                 .consumer_group = std::move(consumer_group)},
                         &request);
  (void)admin->InvokeBroker(addr, std::move(request));
}

struct TargetQueue {
  std::string broker_name;
  std::string addr;
  int32_t queue_id = 0;
};

absl::StatusOr<protocol::TopicRouteData> RouteForSend(AdminClient* admin, const std::string& topic) {
  absl::StatusOr<protocol::TopicRouteData> route = admin->GetRoute(topic);
  // A topic unknown to the name server is sent through TBW102's route so the broker auto-creates it.
  if (!route.ok() && absl::IsNotFound(route.status())) {
    absl::StatusOr<protocol::TopicRouteData> fallback = admin->GetRoute(protocol::kAutoCreateTopicKeyTopic);
    if (fallback.ok()) return fallback;
  }
  return route;
}

absl::StatusOr<TargetQueue> PickQueue(const protocol::TopicRouteData& route, const std::string& broker_name,
                                      int32_t queue_id) {
  std::vector<TargetQueue> candidates;
  for (const protocol::QueueData& q : route.queue_datas) {
    if (!protocol::IsWriteable(q.perm)) continue;
    if (!broker_name.empty() && q.broker_name != broker_name) continue;
    auto b = std::find_if(route.broker_datas.begin(), route.broker_datas.end(),
                          [&](const auto& bd) { return bd.broker_name == q.broker_name; });
    if (b == route.broker_datas.end()) continue;
    const std::string addr = PickBrokerAddr(*b, true);
    if (addr.empty()) continue;
    for (int32_t i = 0; i < q.write_queue_nums; ++i) {
      if (queue_id < 0 || queue_id == i) candidates.push_back({q.broker_name, addr, i});
    }
  }
  if (candidates.empty()) {
    return absl::NotFoundError(broker_name.empty() ? "No writable queue in the topic route"
                                                   : absl::StrCat("No writable queue ", queue_id, " on broker ",
                                                                  broker_name, " in the topic route"));
  }
  std::random_device rd;
  return candidates[rd() % candidates.size()];
}

absl::Status RunSendMessage(const CommandContext& ctx, const SendMessageFlags& f) {
  int32_t queue_id = -1;
  if (!f.queue_id.empty()) {
    if (f.broker_name.empty()) return absl::InvalidArgumentError("Broker name must be set if the queue is chosen!");
    absl::StatusOr<int64_t> v = ParseIntFlag("-i", f.queue_id);
    if (!v.ok()) return v.status();
    queue_id = static_cast<int32_t>(*v);
  }
  const std::string topic(absl::StripAsciiWhitespace(f.topic));
  if (absl::Status s = ValidateTopic(topic); !s.ok()) return s;
  absl::StatusOr<std::unique_ptr<AdminClient>> admin = Connect(ctx);
  if (!admin.ok()) return admin.status();
  absl::StatusOr<protocol::TopicRouteData> route = RouteForSend(admin->get(), topic);
  if (!route.ok()) return route.status();
  absl::StatusOr<TargetQueue> target = PickQueue(*route, f.broker_name, queue_id);
  if (!target.ok()) return target.status();

  const std::string producer_group = absl::StrCat(NowMillis());
  protocol::HeartbeatData hb{.client_id = ClientId(), .producer_data_set = {{.group_name = producer_group}}};
  Heartbeat(admin->get(), target->addr, hb);

  protocol::MessagePropertyList props;
  if (!f.keys.empty()) props.emplace_back(protocol::kPropertyKeys, f.keys);
  if (!f.tags.empty()) props.emplace_back(protocol::kPropertyTags, f.tags);
  props.emplace_back(protocol::kPropertyWaitStoreMsgOk, "true");
  const std::string uniq_key = CreateUniqId();
  props.emplace_back(protocol::kPropertyUniqClientMessageIdKey, uniq_key);

  protocol::SendMessageRequestHeader header{.producer_group = producer_group,
                                            .topic = topic,
                                            .queue_id = target->queue_id,
                                            .born_timestamp = NowMillis(),
                                            .properties = protocol::EncodeMessageProperties(props),
                                            .reconsume_times = 0};
  RemotingCommand request = NewRequest(request_code::kSendMessageV2);
  protocol::EncodeHeader(protocol::SendMessageRequestHeaderV2::FromV1(header), &request);
  request.set_body(std::string(absl::StripAsciiWhitespace(f.body)));
  absl::StatusOr<RemotingCommand> response = (*admin)->InvokeBroker(target->addr, std::move(request));
  Unregister(admin->get(), target->addr, producer_group, std::nullopt);
  if (!response.ok()) return response.status();

  std::string send_status;
  switch (response->code()) {
    case response_code::kSuccess: send_status = "SEND_OK"; break;
    case response_code::kFlushDiskTimeout: send_status = "FLUSH_DISK_TIMEOUT"; break;
    case response_code::kFlushSlaveTimeout: send_status = "FLUSH_SLAVE_TIMEOUT"; break;
    case response_code::kSlaveNotAvailable: send_status = "SLAVE_NOT_AVAILABLE"; break;
    default: return ResponseError(*response);
  }
  absl::StatusOr<protocol::SendMessageResponseHeader> sent = protocol::SendMessageResponseHeader::FromExtFields(*response);
  if (!sent.ok()) return sent.status();
  Print(absl::StrFormat("%-32s  %-4s  %-20s    %s\n", "#Broker Name", "#QID", "#Send Result", "#MsgId"));
  Print(absl::StrFormat("%-32s  %-4s  %-20s    %s\n", target->broker_name, absl::StrCat(sent->queue_id), send_status,
                        uniq_key));
  return absl::OkStatus();
}

// ---- consumeMessage ----

struct ConsumeMessageFlags {
  std::string topic;
  std::string broker_name;
  std::string queue_id;
  std::string offset;
  std::string group = kToolsConsumerGroup;
  std::string begin;
  std::string end;
  std::string count;
};

struct QueueRef {
  protocol::MessageQueue mq;
  std::string addr;
};

std::string MessageQueueToString(const protocol::MessageQueue& mq) {
  return absl::StrCat("MessageQueue [topic=", mq.topic, ", brokerName=", mq.broker_name, ", queueId=", mq.queue_id,
                      "]");
}

absl::StatusOr<int64_t> QueueOffset(AdminClient* admin, const QueueRef& q, int32_t code,
                                    std::optional<int64_t> timestamp) {
  RemotingCommand request = NewRequest(code);
  if (timestamp.has_value()) {
    protocol::EncodeHeader(
        protocol::SearchOffsetRequestHeader{.topic = q.mq.topic, .queue_id = q.mq.queue_id, .timestamp = *timestamp},
        &request);
  } else {
    protocol::EncodeHeader(protocol::TopicQueueRequestHeader{.topic = q.mq.topic, .queue_id = q.mq.queue_id}, &request);
  }
  absl::StatusOr<RemotingCommand> response = admin->CallBroker(q.addr, std::move(request));
  if (!response.ok()) return response.status();
  absl::StatusOr<protocol::OffsetResponseHeader> h = protocol::OffsetResponseHeader::FromExtFields(*response);
  if (!h.ok()) return h.status();
  return h->offset;
}

// Java's MessageExt.toString, as PrintMessageByQueueCommand prints it.
std::string MessageExtToString(const MessageRecord& m, const std::string& broker_name) {
  std::vector<std::string> body_bytes;
  for (char c : m.body) body_bytes.push_back(absl::StrCat(static_cast<int>(static_cast<int8_t>(c))));
  return absl::StrCat(
      "MessageExt [brokerName=", broker_name, ", queueId=", m.queue_id, ", storeSize=", m.store_size,
      ", queueOffset=", m.queue_offset, ", sysFlag=", m.sys_flag, ", bornTimestamp=", m.born_timestamp,
      ", bornHost=/", m.born_host, ", storeTimestamp=", m.store_timestamp, ", storeHost=/", m.store_host,
      ", msgId=", m.offset_msg_id, ", commitLogOffset=", m.commit_log_offset, ", bodyCRC=", m.body_crc,
      ", reconsumeTimes=", m.reconsume_times, ", preparedTransactionOffset=", m.prepared_transaction_offset,
      ", toString()=Message{topic='", m.topic, "', flag=", m.flag, ", properties=", PropertiesToString(m.properties),
      ", body=[", absl::StrJoin(body_bytes, ", "), "], transactionId='null'}]");
}

// ConsumeMessageCommand.pullMessageByQueue: pulls [min, max] of one queue and prints what it finds.
absl::Status PullMessageByQueue(AdminClient* admin, const QueueRef& q, const std::string& group, int64_t min_offset,
                                int64_t max_offset) {
  int64_t offset = min_offset;
  while (offset <= max_offset) {
    RemotingCommand request = NewRequest(request_code::kPullMessage);
    const int64_t want = std::min<int64_t>(max_offset - offset + 1, 32);
    protocol::EncodeHeader(
        protocol::PullMessageRequestHeader{.consumer_group = group,
                                           .topic = q.mq.topic,
                                           .queue_id = q.mq.queue_id,
                                           .queue_offset = offset,
                                           .max_msg_nums = static_cast<int32_t>(std::max<int64_t>(want, 1)),
                                           .sys_flag = protocol::BuildPullSysFlag(false, false, true, false),
                                           .suspend_timeout_millis = 0,
                                           .subscription = std::string(protocol::kSubAll),
                                           .expression_type = std::string(protocol::kExpressionTypeTag)},
        &request);
    absl::StatusOr<RemotingCommand> response = admin->InvokeBroker(q.addr, std::move(request));
    if (!response.ok()) return response.status();
    absl::StatusOr<protocol::PullMessageResponseHeader> h = protocol::PullMessageResponseHeader::FromExtFields(*response);
    const int64_t next = h.ok() ? h->next_begin_offset : offset;
    std::string status;
    switch (response->code()) {
      case response_code::kSuccess: {
        absl::StatusOr<std::vector<MessageRecord>> msgs = DecodeRecords(response->body());
        if (!msgs.ok()) return msgs.status();
        Print("Consume ok\n");
        for (const MessageRecord& m : *msgs) {
          Print(absl::StrFormat("MSGID: %s %s BODY: %s\n", m.MsgId(), MessageExtToString(m, q.mq.broker_name),
                                m.body));
        }
        // A broker that does not move the offset forward would loop us forever.
        if (next <= offset) return absl::OkStatus();
        offset = next;
        continue;
      }
      case response_code::kPullRetryImmediately:
        Print(absl::StrFormat("%s no matched msg. status=%s, offset=%d\n", MessageQueueToString(q.mq),
                              "NO_MATCHED_MSG", next));
        if (next <= offset) return absl::OkStatus();
        offset = next;
        continue;
      case response_code::kPullNotFound: status = "NO_NEW_MSG"; break;
      case response_code::kPullOffsetMoved: status = "OFFSET_ILLEGAL"; break;
      default: return ResponseError(*response);
    }
    Print(absl::StrFormat("%s print msg finished. status=%s, offset=%d\n", MessageQueueToString(q.mq), status, next));
    return absl::OkStatus();
  }
  return absl::OkStatus();
}

absl::Status RunConsumeMessage(const CommandContext& ctx, const ConsumeMessageFlags& f) {
  int64_t count = 128;
  if (!f.count.empty()) {
    absl::StatusOr<int64_t> v = ParseIntFlag("-c", f.count);
    if (!v.ok()) return v.status();
    if (*v <= 0) return absl::InvalidArgumentError("please input a positive messageNumber!");
    count = *v;
  }
  std::optional<int32_t> queue_id;
  if (!f.queue_id.empty()) {
    if (f.broker_name.empty()) return absl::InvalidArgumentError("Please set the brokerName before queueId!");
    absl::StatusOr<int64_t> v = ParseIntFlag("-i", f.queue_id);
    if (!v.ok()) return v.status();
    queue_id = static_cast<int32_t>(*v);
  }
  std::optional<int64_t> start_offset;
  if (!f.offset.empty()) {
    if (!queue_id.has_value()) return absl::InvalidArgumentError("please set queueId before offset!");
    absl::StatusOr<int64_t> v = ParseIntFlag("-o", f.offset);
    if (!v.ok()) return v.status();
    start_offset = *v;
  }
  int64_t begin = 0;
  int64_t end = 0;
  if (!f.begin.empty()) {
    absl::StatusOr<int64_t> v = ParseTimestampFlag("-s", f.begin);
    if (!v.ok()) return v.status();
    begin = *v;
  }
  if (!f.end.empty()) {
    absl::StatusOr<int64_t> v = ParseTimestampFlag("-e", f.end);
    if (!v.ok()) return v.status();
    end = *v;
  }

  absl::StatusOr<std::unique_ptr<AdminClient>> admin = Connect(ctx);
  if (!admin.ok()) return admin.status();
  absl::StatusOr<protocol::TopicRouteData> route = (*admin)->GetRoute(f.topic);
  if (!route.ok()) return route.status();
  std::vector<QueueRef> queues;
  for (const protocol::QueueData& qd : route->queue_datas) {
    if (!protocol::IsReadable(qd.perm)) continue;
    if (!f.broker_name.empty() && qd.broker_name != f.broker_name) continue;
    auto b = std::find_if(route->broker_datas.begin(), route->broker_datas.end(),
                          [&](const auto& bd) { return bd.broker_name == qd.broker_name; });
    if (b == route->broker_datas.end()) continue;
    const std::string addr = PickBrokerAddr(*b, false);
    for (int32_t i = 0; i < qd.read_queue_nums; ++i) {
      if (queue_id.has_value() && *queue_id != i) continue;
      queues.push_back({{.topic = f.topic, .broker_name = qd.broker_name, .queue_id = i}, addr});
    }
  }
  if (queues.empty()) return absl::NotFoundError(absl::StrCat("no readable queue of topic ", f.topic, " matches"));
  std::sort(queues.begin(), queues.end(), [](const QueueRef& a, const QueueRef& b) { return a.mq < b.mq; });

  std::set<std::string> addrs;
  for (const QueueRef& q : queues) addrs.insert(q.addr);
  protocol::ConsumerData consumer{.group_name = f.group, .consume_type = protocol::ConsumeType::kConsumeActively};
  protocol::HeartbeatData hb{.client_id = ClientId(), .consumer_data_set = {consumer}};
  for (const std::string& addr : addrs) Heartbeat(admin->get(), addr, hb);

  absl::Status result = absl::OkStatus();
  int64_t left = count;
  for (const QueueRef& q : queues) {
    if (left <= 0) break;
    absl::StatusOr<int64_t> min = QueueOffset(admin->get(), q, request_code::kGetMinOffset, std::nullopt);
    absl::StatusOr<int64_t> max = QueueOffset(admin->get(), q, request_code::kGetMaxOffset, std::nullopt);
    if (!min.ok() || !max.ok()) {
      result = !min.ok() ? min.status() : max.status();
      break;
    }
    if (begin > 0) min = QueueOffset(admin->get(), q, request_code::kSearchOffsetByTimestamp, begin);
    if (end > 0) max = QueueOffset(admin->get(), q, request_code::kSearchOffsetByTimestamp, end);
    if (!min.ok() || !max.ok()) {
      result = !min.ok() ? min.status() : max.status();
      break;
    }
    int64_t lo = *min;
    int64_t hi = *max;
    if (start_offset.has_value()) {
      if (*start_offset > hi) {
        Print(absl::StrFormat("%s no matched msg, offset=%d\n", MessageQueueToString(q.mq), *start_offset));
        continue;
      }
      lo = std::max(lo, *start_offset);
    }
    if (hi - lo > left) {
      Print(absl::StrFormat("The older %d message of the %d queue will be provided\n", left, q.mq.queue_id));
      hi = lo + left - 1;
      left = 0;
    } else {
      left -= hi - lo + 1;
    }
    result = PullMessageByQueue(admin->get(), q, f.group, lo, hi);
    if (!result.ok()) break;
  }
  for (const std::string& addr : addrs) Unregister(admin->get(), addr, std::nullopt, f.group);
  return result;
}

}  // namespace

void AddMessageCommands(CLI::App* app, CommandContext* ctx) {
  {
    CLI::App* sub = AddCommand(app, ctx, "queryMsgById", "Query Message by Id");
    auto f = std::make_shared<QueryMsgByIdFlags>();
    sub->add_option("-i,--msgId", f->msg_ids, "Message Id")->required();
    sub->add_option("-t,--topic", f->topic, "topic name (to look a client msgId up by its UNIQ_KEY)");
    sub->add_option("-f,--bodyFormat", f->body_format, "print message body by the specified format");
    sub->callback([ctx, f] { ctx->action = [ctx, f] { return RunQueryMsgById(*ctx, *f); }; });
  }
  {
    CLI::App* sub = AddCommand(app, ctx, "queryMsgByKey", "Query Message by Key");
    auto f = std::make_shared<QueryMsgByKeyFlags>();
    sub->add_option("-t,--topic", f->topic, "topic name")->required();
    sub->add_option("-k,--msgKey", f->key, "Message Key")->required();
    sub->add_option("-b,--beginTimestamp", f->begin, "Begin timestamp (ms)");
    sub->add_option("-e,--endTimestamp", f->end, "End timestamp (ms)");
    sub->callback([ctx, f] { ctx->action = [ctx, f] { return RunQueryMsgByKey(*ctx, *f); }; });
  }
  {
    CLI::App* sub = AddCommand(app, ctx, "sendMessage", "Send a message");
    auto f = std::make_shared<SendMessageFlags>();
    sub->add_option("-t,--topic", f->topic, "Topic name")->required();
    sub->add_option("-p,--body", f->body, "UTF-8 string format of the message body")->required();
    sub->add_option("-k,--key", f->keys, "Message keys");
    sub->add_option("-c,--tags", f->tags, "Message tags");
    sub->add_option("-b,--broker", f->broker_name, "Send message to target broker");
    sub->add_option("-i,--qid", f->queue_id, "Send message to target queue");
    sub->add_option("-m,--msgTraceEnable", f->trace, "Message Trace Enable, Default: false (not supported)");
    sub->callback([ctx, f] { ctx->action = [ctx, f] { return RunSendMessage(*ctx, *f); }; });
  }
  {
    CLI::App* sub = AddCommand(app, ctx, "consumeMessage", "Consume message");
    auto f = std::make_shared<ConsumeMessageFlags>();
    sub->add_option("-t,--topic", f->topic, "Topic name")->required();
    sub->add_option("-b,--brokerName", f->broker_name, "Broker name");
    sub->add_option("-i,--queueId", f->queue_id, "Queue Id");
    sub->add_option("-o,--offset", f->offset, "Queue offset");
    sub->add_option("-g,--consumerGroup", f->group, "Consumer group name");
    sub->add_option("-s,--beginTimestamp", f->begin, "Begin timestamp[currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]");
    sub->add_option("-e,--endTimestamp", f->end, "End timestamp[currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]");
    sub->add_option("-c,--MessageNumber", f->count, "Number of message to be consumed");
    sub->callback([ctx, f] { ctx->action = [ctx, f] { return RunConsumeMessage(*ctx, *f); }; });
  }
}

}  // namespace spool::mqadmin
