// Consumer commands: consumerProgress, consumerConnection (RocketMQ tools command/consumer/
// ConsumerProgressSubCommand.java, command/connection/ConsumerConnectionSubCommand.java).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "command_common.h"
#include "consumer_queries.h"
#include "spool/protocol/admin_headers.h"
#include "spool/remoting/request_code.h"

namespace spool::mqadmin {

namespace request_code = remoting::request_code;
using remoting::RemotingCommand;

absl::StatusOr<protocol::ConsumeStats> ExamineConsumeStats(AdminClient* admin, const std::string& group,
                                                           const std::optional<std::string>& topic) {
  absl::StatusOr<protocol::TopicRouteData> route = admin->GetRoute(absl::StrCat(kRetryGroupTopicPrefix, group));
  if (!route.ok()) return route.status();
  protocol::ConsumeStats all;
  for (const protocol::BrokerData& b : route->broker_datas) {
    const std::string addr = PickBrokerAddr(b, true);
    if (addr.empty()) continue;
    RemotingCommand request = NewRequest(request_code::kGetConsumeStats);
    protocol::EncodeHeader(protocol::GetConsumeStatsRequestHeader{.consumer_group = group, .topic = topic}, &request);
    absl::StatusOr<RemotingCommand> response = admin->CallBroker(addr, std::move(request));
    if (!response.ok()) return response.status();
    absl::StatusOr<protocol::ConsumeStats> stats = protocol::ConsumeStats::Decode(response->body());
    if (!stats.ok()) return stats.status();
    all.Merge(*stats);
  }
  if (all.offset_table.empty()) {
    return absl::NotFoundError(
        "Not found the consumer group consume stats, because return offset table is empty, maybe the consumer not "
        "consume any message");
  }
  return all;
}

absl::StatusOr<protocol::ConsumerConnection> ExamineConsumerConnection(AdminClient* admin, const std::string& group) {
  absl::StatusOr<protocol::TopicRouteData> route = admin->GetRoute(absl::StrCat(kRetryGroupTopicPrefix, group));
  if (!route.ok()) return route.status();
  for (const protocol::BrokerData& b : route->broker_datas) {
    const std::string addr = PickBrokerAddr(b, false);
    if (addr.empty()) continue;
    RemotingCommand request = NewRequest(request_code::kGetConsumerConnectionList);
    protocol::EncodeHeader(protocol::GetConsumerConnectionListRequestHeader{.consumer_group = group}, &request);
    absl::StatusOr<RemotingCommand> response = admin->CallBroker(addr, std::move(request));
    if (!response.ok()) return response.status();
    absl::StatusOr<protocol::ConsumerConnection> cc = protocol::ConsumerConnection::Decode(response->body());
    if (!cc.ok()) return cc.status();
    if (!cc->connection_set.empty()) return cc;
  }
  return absl::NotFoundError(absl::StrCat("CODE: 206  DESC: Not found the consumer group connection: ", group));
}

namespace {

struct ConsumerProgressFlags {
  std::string group;
};

absl::Status PrintGroupProgress(AdminClient* admin, const std::string& group) {
  absl::StatusOr<protocol::ConsumeStats> stats = ExamineConsumeStats(admin, group, std::nullopt);
  if (!stats.ok()) return stats.status();
  Print(absl::StrFormat("%-32s  %-32s  %-4s  %-20s  %-20s  %-20s  %s\n", "#Topic", "#Broker Name", "#QID",
                        "#Broker Offset", "#Consumer Offset", "#Diff", "#LastTime"));
  int64_t diff_total = 0;
  for (const auto& [mq, w] : stats->offset_table) {
    const int64_t diff = w.broker_offset - w.consumer_offset;
    diff_total += diff;
    Print(absl::StrFormat("%-32s  %-32s  %-4d  %-20d  %-20d  %-20d  %s\n", FrontStringAtLeast(mq.topic, 32),
                          FrontStringAtLeast(mq.broker_name, 32), mq.queue_id, w.broker_offset, w.consumer_offset,
                          diff, FormatDate(w.last_timestamp)));
  }
  Print("\n");
  Print(absl::StrFormat("Consume TPS: %s\n", absl::StrFormat("%.1f", stats->consume_tps)));
  Print(absl::StrFormat("Diff Total: %d\n", diff_total));
  return absl::OkStatus();
}

// MQVersion.getVersionDesc for the 4.x ordinals this project knows; others as the raw number.
std::string VersionDesc(int32_t version) {
  if (version == 407) return "V4_9_7";
  if (version == 405) return "V4_9_5";
  if (version == 401) return "V4_9_4";
  if (version == 399) return "V4_9_3";
  return absl::StrCat(version);
}

void PrintAllGroups(AdminClient* admin, const protocol::TopicList& topics) {
  Print(absl::StrFormat("%-32s  %-6s  %-24s %-5s  %-14s  %-7s  %s\n", "#Group", "#Count", "#Version", "#Type",
                        "#Model", "#TPS", "#Diff Total"));
  for (const std::string& topic : topics.topic_list) {
    if (!topic.starts_with(kRetryGroupTopicPrefix)) continue;
    const std::string group = topic.substr(std::string(kRetryGroupTopicPrefix).size());
    absl::StatusOr<protocol::ConsumeStats> stats = ExamineConsumeStats(admin, group, std::nullopt);
    absl::StatusOr<protocol::ConsumerConnection> cc = ExamineConsumerConnection(admin, group);
    const int count = cc.ok() ? static_cast<int>(cc->connection_set.size()) : 0;
    std::string type, model;
    if (count > 0) {
      type = cc->consume_type == protocol::ConsumeType::kConsumeActively ? "PULL" : "PUSH";
      if (cc->consume_type == protocol::ConsumeType::kConsumePassively) {
        model = std::string(protocol::ToString(cc->message_model));
      }
    }
    Print(absl::StrFormat("%-32s  %-6d  %-24s %-5s  %-14s  %-7d  %d\n", FrontStringAtLeast(group, 32), count,
                          count > 0 ? VersionDesc(cc->ComputeMinVersion()) : "OFFLINE", type, model,
                          stats.ok() ? static_cast<int>(stats->consume_tps) : 0,
                          stats.ok() ? stats->ComputeTotalDiff() : 0));
  }
}

absl::Status RunConsumerProgress(const CommandContext& ctx, const ConsumerProgressFlags& f) {
  absl::StatusOr<std::unique_ptr<AdminClient>> admin = Connect(ctx);
  if (!admin.ok()) return admin.status();
  if (!f.group.empty()) return PrintGroupProgress(admin->get(), f.group);
  absl::StatusOr<protocol::TopicList> topics = (*admin)->GetAllTopics();
  if (!topics.ok()) return topics.status();
  PrintAllGroups(admin->get(), *topics);
  return absl::OkStatus();
}

struct ConsumerConnectionFlags {
  std::string group;
};

absl::Status RunConsumerConnection(const CommandContext& ctx, const ConsumerConnectionFlags& f) {
  absl::StatusOr<std::unique_ptr<AdminClient>> admin = Connect(ctx);
  if (!admin.ok()) return admin.status();
  absl::StatusOr<protocol::ConsumerConnection> cc = ExamineConsumerConnection(admin->get(), f.group);
  if (!cc.ok()) return cc.status();
  int i = 1;
  for (const protocol::Connection& c : cc->connection_set) {
    Print(absl::StrFormat("%03d  %-32s %-22s %-8s %s\n", i++, c.client_id, c.client_addr, c.language,
                          VersionDesc(c.version)));
  }
  Print("\nBelow is subscription:");
  i = 1;
  for (const auto& [topic, sub] : cc->subscription_table) {
    Print(absl::StrFormat("\n%03d  Topic: %-40s SubExpression: %s", i++, topic, sub.sub_string));
  }
  Print("\n\n");
  Print(absl::StrFormat("ConsumeType: %s\n", protocol::ToString(cc->consume_type)));
  Print(absl::StrFormat("MessageModel: %s\n", protocol::ToString(cc->message_model)));
  Print(absl::StrFormat("ConsumeFromWhere: %s\n", protocol::ToString(cc->consume_from_where)));
  return absl::OkStatus();
}

}  // namespace

void AddConsumerCommands(CLI::App* app, CommandContext* ctx) {
  {
    CLI::App* sub = AddCommand(app, ctx, "consumerProgress", "Query consumers's progress, speed");
    auto f = std::make_shared<ConsumerProgressFlags>();
    sub->add_option("-g,--groupName", f->group, "consumer group name");
    sub->callback([ctx, f] { ctx->action = [ctx, f] { return RunConsumerProgress(*ctx, *f); }; });
  }
  {
    CLI::App* sub = AddCommand(app, ctx, "consumerConnection", "Query consumer's socket connection, client version and subscription");
    auto f = std::make_shared<ConsumerConnectionFlags>();
    sub->add_option("-g,--consumerGroup", f->group, "consumer group name")->required();
    sub->callback([ctx, f] { ctx->action = [ctx, f] { return RunConsumerConnection(*ctx, *f); }; });
  }
}

}  // namespace spool::mqadmin
