// Topic commands: updateTopic, deleteTopic, topicList, topicRoute, topicStatus (RocketMQ tools
// command/topic/*SubCommand.java; requests per spec clients.md §6).
#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "command_common.h"
#include "spool/protocol/admin_headers.h"
#include "spool/protocol/group_list.h"
#include "spool/protocol/json_reader.h"
#include "spool/protocol/kv_table.h"
#include "spool/protocol/namesrv_headers.h"
#include "spool/protocol/perm.h"
#include "spool/protocol/topic_config.h"
#include "spool/protocol/topic_stats_table.h"
#include "spool/protocol/topic_sys_flag.h"
#include "spool/remoting/request_code.h"

namespace spool::mqadmin {
namespace {

namespace request_code = remoting::request_code;
using protocol::TopicConfig;
using remoting::RemotingCommand;

// TopicConfig.toString of RocketMQ 4.9.7.
std::string TopicConfigToString(const TopicConfig& c) {
  return absl::StrCat("TopicConfig [topicName=", c.topic_name, ", readQueueNums=", c.read_queue_nums,
                      ", writeQueueNums=", c.write_queue_nums, ", perm=", protocol::PermToString(c.perm),
                      ", topicFilterType=", c.topic_filter_type, ", topicSysFlag=", c.topic_sys_flag,
                      ", order=", c.order ? "true" : "false", "]");
}

// ---- updateTopic ----

struct UpdateTopicFlags {
  std::string broker_addr;
  std::string cluster_name;
  std::string topic;
  std::string read_queue_nums;
  std::string write_queue_nums;
  std::string perm;
  std::string order;
  std::string unit;
  std::string has_unit_sub;
};

absl::Status PutOrderConf(AdminClient* admin, const std::string& topic, const std::string& conf) {
  for (const std::string& ns : admin->namesrv_addrs()) {
    RemotingCommand request = NewRequest(request_code::kPutKvConfig);
    protocol::PutKvConfigRequestHeader{.namespace_ = std::string(protocol::kNamespaceOrderTopicConfig),
                                       .key = topic,
                                       .value = conf}
        .EncodeTo(&request);
    absl::StatusOr<RemotingCommand> response = admin->InvokeNamesrvAt(ns, std::move(request));
    if (!response.ok()) return response.status();
    if (response->code() != 0) return ResponseError(*response);
  }
  return absl::OkStatus();
}

absl::Status CreateTopicAt(AdminClient* admin, const std::string& addr, const TopicConfig& config) {
  RemotingCommand request = NewRequest(request_code::kUpdateAndCreateTopic);
  protocol::EncodeHeader(protocol::CreateTopicRequestHeader::FromTopicConfig(config), &request);
  return admin->CallBroker(addr, std::move(request)).status();
}

absl::Status RunUpdateTopic(const CommandContext& ctx, const UpdateTopicFlags& f) {
  TopicConfig config{.topic_name = f.topic, .read_queue_nums = 8, .write_queue_nums = 8};
  if (absl::Status s = ValidateTopic(config.topic_name); !s.ok()) return s;
  if (!f.read_queue_nums.empty()) {
    absl::StatusOr<int64_t> v = ParseIntFlag("-r", f.read_queue_nums);
    if (!v.ok()) return v.status();
    config.read_queue_nums = static_cast<int32_t>(*v);
  }
  if (!f.write_queue_nums.empty()) {
    absl::StatusOr<int64_t> v = ParseIntFlag("-w", f.write_queue_nums);
    if (!v.ok()) return v.status();
    config.write_queue_nums = static_cast<int32_t>(*v);
  }
  if (!f.perm.empty()) {
    absl::StatusOr<int64_t> v = ParseIntFlag("-p", f.perm);
    if (!v.ok()) return v.status();
    config.perm = static_cast<int32_t>(*v);
  }
  config.topic_sys_flag = (ParseJavaBoolean(f.unit) ? protocol::kTopicSysFlagUnit : 0) |
                          (ParseJavaBoolean(f.has_unit_sub) ? protocol::kTopicSysFlagUnitSub : 0);
  config.order = ParseJavaBoolean(f.order);
  if (f.broker_addr.empty() && f.cluster_name.empty()) {
    return absl::InvalidArgumentError("updateTopic needs -b brokerAddr or -c clusterName (see mqadmin help updateTopic)");
  }

  absl::StatusOr<std::unique_ptr<AdminClient>> admin = Connect(ctx);
  if (!admin.ok()) return admin.status();
  if (!f.broker_addr.empty()) {
    if (absl::Status s = CreateTopicAt(admin->get(), f.broker_addr, config); !s.ok()) return s;
    if (config.order) {
      absl::StatusOr<std::string> broker_name = (*admin)->BrokerNameOfAddr(f.broker_addr);
      if (!broker_name.ok()) return broker_name.status();
      const std::string conf = absl::StrCat(*broker_name, ":", config.write_queue_nums);
      if (absl::Status s = PutOrderConf(admin->get(), config.topic_name, conf); !s.ok()) return s;
      Print(absl::StrFormat("set broker orderConf. isOrder=%s, orderConf=[%s]", "true", conf));
    }
    Print(absl::StrFormat("create topic to %s success.\n", f.broker_addr));
    Print(TopicConfigToString(config) + "\n");
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<std::string>> masters = (*admin)->MasterAddrsOfCluster(f.cluster_name);
  if (!masters.ok()) return masters.status();
  for (const std::string& addr : *masters) {
    if (absl::Status s = CreateTopicAt(admin->get(), addr, config); !s.ok()) return s;
    Print(absl::StrFormat("create topic to %s success.\n", addr));
  }
  if (config.order) {
    absl::StatusOr<protocol::ClusterInfo> info = (*admin)->GetClusterInfo();
    if (!info.ok()) return info.status();
    std::vector<std::string> parts;
    for (const std::string& name : info->cluster_addr_table[f.cluster_name]) {
      parts.push_back(absl::StrCat(name, ":", config.write_queue_nums));
    }
    const std::string conf = absl::StrJoin(parts, ";");
    if (absl::Status s = PutOrderConf(admin->get(), config.topic_name, conf); !s.ok()) return s;
    Print(absl::StrFormat("set cluster orderConf. isOrder=%s, orderConf=[%s]", "true", conf));
  }
  Print(TopicConfigToString(config) + "\n");
  return absl::OkStatus();
}

// ---- deleteTopic ----

struct DeleteTopicFlags {
  std::string topic;
  std::string cluster_name;
};

absl::Status RunDeleteTopic(const CommandContext& ctx, const DeleteTopicFlags& f) {
  absl::StatusOr<std::unique_ptr<AdminClient>> admin = Connect(ctx);
  if (!admin.ok()) return admin.status();
  absl::StatusOr<std::vector<std::string>> masters = (*admin)->MasterAddrsOfCluster(f.cluster_name);
  if (!masters.ok()) return masters.status();
  for (const std::string& addr : *masters) {
    RemotingCommand request = NewRequest(request_code::kDeleteTopicInBroker);
    protocol::EncodeHeader(protocol::DeleteTopicRequestHeader{.topic = f.topic}, &request);
    if (absl::Status s = (*admin)->CallBroker(addr, std::move(request)).status(); !s.ok()) return s;
  }
  Print(absl::StrFormat("delete topic [%s] from cluster [%s] success.\n", f.topic, f.cluster_name));
  for (const std::string& ns : (*admin)->namesrv_addrs()) {
    RemotingCommand request = NewRequest(request_code::kDeleteTopicInNamesrv);
    protocol::DeleteTopicFromNamesrvRequestHeader{.topic = f.topic, .cluster_name = f.cluster_name}.EncodeTo(&request);
    absl::StatusOr<RemotingCommand> response = (*admin)->InvokeNamesrvAt(ns, std::move(request));
    if (!response.ok()) return response.status();
    if (response->code() != 0) return ResponseError(*response);
  }
  Print(absl::StrFormat("delete topic [%s] from NameServer success.\n", f.topic));
  return absl::OkStatus();
}

// ---- topicList ----

struct TopicListFlags {
  bool cluster_model = false;
};

// DefaultMQAdminExtImpl.queryTopicConsumeByWho: asks the first broker of the topic's route.
absl::StatusOr<protocol::GroupList> QueryTopicConsumeByWho(AdminClient* admin, const protocol::TopicRouteData& route,
                                                           const std::string& topic) {
  for (const protocol::BrokerData& b : route.broker_datas) {
    const std::string addr = PickBrokerAddr(b, false);
    if (addr.empty()) continue;
    RemotingCommand request = NewRequest(request_code::kQueryTopicConsumeByWho);
    protocol::EncodeHeader(protocol::QueryTopicConsumeByWhoRequestHeader{.topic = topic}, &request);
    absl::StatusOr<RemotingCommand> response = admin->CallBroker(addr, std::move(request));
    if (!response.ok()) return response.status();
    return protocol::GroupList::Decode(response->body());
  }
  return protocol::GroupList{};
}

absl::Status RunTopicList(const CommandContext& ctx, const TopicListFlags& f) {
  absl::StatusOr<std::unique_ptr<AdminClient>> admin = Connect(ctx);
  if (!admin.ok()) return admin.status();
  absl::StatusOr<protocol::TopicList> topics = (*admin)->GetAllTopics();
  if (!topics.ok()) return topics.status();
  if (!f.cluster_model) {
    for (const std::string& t : topics->topic_list) Print(t + "\n");
    return absl::OkStatus();
  }
  absl::StatusOr<protocol::ClusterInfo> info = (*admin)->GetClusterInfo();
  if (!info.ok()) return info.status();
  Print(absl::StrFormat("%-20s  %-48s  %-48s\n", "#Cluster Name", "#Topic", "#Consumer Group"));
  for (const std::string& topic : topics->topic_list) {
    if (topic.starts_with(kRetryGroupTopicPrefix) || topic.starts_with(kDlqGroupTopicPrefix)) continue;
    std::string cluster;
    std::set<std::string> groups;
    // As RocketMQ: a topic whose route or consumers cannot be read is still listed, with blanks.
    absl::StatusOr<protocol::TopicRouteData> route = (*admin)->GetRoute(topic);
    if (route.ok() && !route->broker_datas.empty()) {
      const std::string& broker_name = route->broker_datas.front().broker_name;
      for (const auto& [name, brokers] : info->cluster_addr_table) {
        if (brokers.count(broker_name) > 0) {
          cluster = name;
          break;
        }
      }
      absl::StatusOr<protocol::GroupList> g = QueryTopicConsumeByWho(admin->get(), *route, topic);
      if (g.ok()) groups = g->group_list;
    }
    if (groups.empty()) groups.insert("");
    for (const std::string& group : groups) {
      Print(absl::StrFormat("%-20s  %-48s  %-48s\n", FrontStringAtLeast(cluster, 20), FrontStringAtLeast(topic, 48),
                            FrontStringAtLeast(group, 48)));
    }
  }
  return absl::OkStatus();
}

// ---- topicRoute ----

struct TopicRouteFlags {
  std::string topic;
  bool list_format = false;
};

// Java's HashMap.toString of brokerAddrs: {0=127.0.0.1:10911, 1=...}.
std::string BrokerAddrsToString(const std::map<int64_t, std::string>& addrs) {
  std::vector<std::string> parts;
  for (const auto& [id, addr] : addrs) parts.push_back(absl::StrCat(id, "=", addr));
  return absl::StrCat("{", absl::StrJoin(parts, ", "), "}");
}

absl::Status RunTopicRoute(const CommandContext& ctx, const TopicRouteFlags& f) {
  absl::StatusOr<std::unique_ptr<AdminClient>> admin = Connect(ctx);
  if (!admin.ok()) return admin.status();
  absl::StatusOr<protocol::TopicRouteData> route = (*admin)->GetRoute(f.topic);
  if (!route.ok()) return route.status();
  std::sort(route->broker_datas.begin(), route->broker_datas.end(),
            [](const auto& a, const auto& b) { return a.broker_name < b.broker_name; });
  std::sort(route->queue_datas.begin(), route->queue_datas.end(),
            [](const auto& a, const auto& b) { return a.broker_name < b.broker_name; });
  if (!f.list_format) {
    // What TopicRouteData.toJson(true) prints: fastjson's default style (broker ids unquoted), pretty.
    absl::StatusOr<protocol::JsonValue> doc = protocol::ParseJson(route->Encode(protocol::JsonStyle::kFastjson));
    if (!doc.ok()) return doc.status();
    Print(PrettyJson(*doc) + "\n");
    return absl::OkStatus();
  }
  constexpr char kFormat[] = "%-45s %-32s %-50s %-10s %-11s %-5s\n";
  Print(absl::StrFormat(kFormat, "#ClusterName", "#BrokerName", "#BrokerAddrs", "#ReadQueue", "#WriteQueue", "#Perm"));
  int64_t total_read = 0;
  int64_t total_write = 0;
  for (const protocol::BrokerData& b : route->broker_datas) {
    auto q = std::find_if(route->queue_datas.begin(), route->queue_datas.end(),
                          [&](const auto& qd) { return qd.broker_name == b.broker_name; });
    if (q == route->queue_datas.end()) continue;
    total_read += q->read_queue_nums;
    total_write += q->write_queue_nums;
    Print(absl::StrFormat(kFormat, b.cluster, b.broker_name, BrokerAddrsToString(b.broker_addrs),
                          absl::StrCat(q->read_queue_nums), absl::StrCat(q->write_queue_nums), absl::StrCat(q->perm)));
  }
  Print(std::string(158, '-') + "\n");
  Print(absl::StrFormat(kFormat, "Total:", absl::StrCat(route->queue_datas.size()), "", absl::StrCat(total_read),
                        absl::StrCat(total_write), ""));
  return absl::OkStatus();
}

// ---- topicStatus ----

struct TopicStatusFlags {
  std::string topic;
};

absl::Status RunTopicStatus(const CommandContext& ctx, const TopicStatusFlags& f) {
  absl::StatusOr<std::unique_ptr<AdminClient>> admin = Connect(ctx);
  if (!admin.ok()) return admin.status();
  absl::StatusOr<protocol::TopicRouteData> route = (*admin)->GetRoute(f.topic);
  if (!route.ok()) return route.status();
  protocol::TopicStatsTable all;
  for (const protocol::BrokerData& b : route->broker_datas) {
    const std::string addr = PickBrokerAddr(b, false);
    if (addr.empty()) continue;
    RemotingCommand request = NewRequest(request_code::kGetTopicStatsInfo);
    protocol::EncodeHeader(protocol::GetTopicStatsInfoRequestHeader{.topic = f.topic}, &request);
    absl::StatusOr<RemotingCommand> response = (*admin)->CallBroker(addr, std::move(request));
    if (!response.ok()) return response.status();
    absl::StatusOr<protocol::TopicStatsTable> table = protocol::TopicStatsTable::Decode(response->body());
    if (!table.ok()) return table.status();
    all.offset_table.insert(table->offset_table.begin(), table->offset_table.end());
  }
  Print(absl::StrFormat("%-32s  %-4s  %-20s  %-20s    %s\n", "#Broker Name", "#QID", "#Min Offset", "#Max Offset",
                        "#Last Updated"));
  for (const auto& [mq, offset] : all.offset_table) {
    const std::string human =
        offset.last_update_timestamp > 0 ? TimeMillisToHumanString2(offset.last_update_timestamp) : "";
    Print(absl::StrFormat("%-32s  %-4d  %-20d  %-20d    %s\n", FrontStringAtLeast(mq.broker_name, 32), mq.queue_id,
                          offset.min_offset, offset.max_offset, human));
  }
  return absl::OkStatus();
}

}  // namespace

void AddTopicCommands(CLI::App* app, CommandContext* ctx) {
  {
    CLI::App* sub = AddCommand(app, ctx, "updateTopic", "Update or create topic");
    auto f = std::make_shared<UpdateTopicFlags>();
    sub->add_option("-b,--brokerAddr", f->broker_addr, "create topic to which broker");
    sub->add_option("-c,--clusterName", f->cluster_name, "create topic to which cluster");
    sub->add_option("-t,--topic", f->topic, "topic name")->required();
    sub->add_option("-r,--readQueueNums", f->read_queue_nums, "set read queue nums");
    sub->add_option("-w,--writeQueueNums", f->write_queue_nums, "set write queue nums");
    sub->add_option("-p,--perm", f->perm, "set topic's permission(2|4|6), intro[2:W 4:R; 6:RW]");
    sub->add_option("-o,--order", f->order, "set topic's order(true|false)");
    sub->add_option("-u,--unit", f->unit, "is unit topic (true|false)");
    sub->add_option("-s,--hasUnitSub", f->has_unit_sub, "has unit sub (true|false)");
    sub->callback([ctx, f] { ctx->action = [ctx, f] { return RunUpdateTopic(*ctx, *f); }; });
  }
  {
    CLI::App* sub = AddCommand(app, ctx, "deleteTopic", "Delete topic from broker and NameServer.");
    auto f = std::make_shared<DeleteTopicFlags>();
    sub->add_option("-t,--topic", f->topic, "topic name")->required();
    sub->add_option("-c,--clusterName", f->cluster_name, "delete topic from which cluster")->required();
    sub->callback([ctx, f] { ctx->action = [ctx, f] { return RunDeleteTopic(*ctx, *f); }; });
  }
  {
    CLI::App* sub = AddCommand(app, ctx, "topicRoute", "Examine topic route info");
    auto f = std::make_shared<TopicRouteFlags>();
    sub->add_option("-t,--topic", f->topic, "topic name")->required();
    sub->add_flag("-l,--list", f->list_format, "Use list format to print data");
    sub->callback([ctx, f] { ctx->action = [ctx, f] { return RunTopicRoute(*ctx, *f); }; });
  }
  {
    CLI::App* sub = AddCommand(app, ctx, "topicStatus", "Examine topic Status info");
    auto f = std::make_shared<TopicStatusFlags>();
    sub->add_option("-t,--topic", f->topic, "topic name")->required();
    sub->callback([ctx, f] { ctx->action = [ctx, f] { return RunTopicStatus(*ctx, *f); }; });
  }
  {
    CLI::App* sub = AddCommand(app, ctx, "topicList", "Fetch all topic list from name server");
    auto f = std::make_shared<TopicListFlags>();
    sub->add_flag("-c,--clusterModel", f->cluster_model, "clusterModel");
    sub->callback([ctx, f] { ctx->action = [ctx, f] { return RunTopicList(*ctx, *f); }; });
  }
}

}  // namespace spool::mqadmin
