// Cluster commands: clusterList, brokerStatus (RocketMQ tools command/cluster/ClusterListSubCommand.java,
// command/broker/BrokerStatusSubCommand.java).
#include <chrono>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "command_common.h"
#include "spool/protocol/kv_table.h"
#include "spool/remoting/request_code.h"

namespace spool::mqadmin {
namespace {

namespace request_code = remoting::request_code;
using protocol::KvTable;

// GET_BROKER_RUNTIME_INFO (DefaultMQAdminExt.fetchBrokerRuntimeStats).
absl::StatusOr<KvTable> FetchBrokerRuntimeStats(AdminClient* admin, const std::string& addr) {
  absl::StatusOr<remoting::RemotingCommand> response =
      admin->CallBroker(addr, NewRequest(request_code::kGetBrokerRuntimeInfo));
  if (!response.ok()) return response.status();
  return KvTable::Decode(response->body());
}

std::string Get(const KvTable& t, const std::string& key) {
  auto it = t.table.find(key);
  return it == t.table.end() ? "" : it->second;
}

int64_t GetLong(const KvTable& t, const std::string& key) {
  int64_t v = 0;
  return absl::SimpleAtoi(Get(t, key), &v) ? v : 0;
}

// The first of the space-separated numbers of a TPS entry ("12.5 10.1 9.8").
double FirstDouble(const std::string& s) {
  std::vector<std::string> parts = absl::StrSplit(s, ' ', absl::SkipEmpty());
  double v = 0;
  return !parts.empty() && absl::SimpleAtod(parts[0], &v) ? v : 0;
}

struct ClusterListFlags {
  bool more_stats = false;
  int64_t interval_seconds = 0;
};

void PrintClusterBaseInfo(AdminClient* admin, const protocol::ClusterInfo& info) {
  constexpr char kFormat[] = "%-16s  %-22s  %-4s  %-22s %-16s %19s %19s %10s %5s %6s\n";
  Print(absl::StrFormat(kFormat, "#Cluster Name", "#Broker Name", "#BID", "#Addr", "#Version", "#InTPS(LOAD)",
                        "#OutTPS(LOAD)", "#PCWait(ms)", "#Hour", "#SPACE"));
  for (const auto& [cluster, broker_names] : info.cluster_addr_table) {
    for (const std::string& broker_name : broker_names) {
      auto b = info.broker_addr_table.find(broker_name);
      if (b == info.broker_addr_table.end()) continue;
      for (const auto& [id, addr] : b->second.broker_addrs) {
        KvTable kv;
        if (absl::StatusOr<KvTable> fetched = FetchBrokerRuntimeStats(admin, addr); fetched.ok()) {
          kv = std::move(*fetched);
        } else {
          std::fprintf(stderr, "mqadmin: %s\n", std::string(fetched.status().message()).c_str());
        }
        double hour = 0;
        if (const std::string earliest = Get(kv, "earliestMessageTimeStamp"); !earliest.empty()) {
          const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
          hour = static_cast<double>(now - GetLong(kv, "earliestMessageTimeStamp")) / 1000.0 / 60.0 / 60.0;
        }
        double space = 0;
        if (const std::string ratio = Get(kv, "commitLogDiskRatio"); !ratio.empty()) {
          if (!absl::SimpleAtod(ratio, &space)) space = 0;
        }
        Print(absl::StrFormat(
            kFormat, cluster, broker_name, absl::StrCat(id), addr, Get(kv, "brokerVersionDesc"),
            absl::StrFormat("%9.2f(%s,%sms)", FirstDouble(Get(kv, "putTps")), Get(kv, "sendThreadPoolQueueSize"),
                            Get(kv, "sendThreadPoolQueueHeadWaitTimeMills")),
            absl::StrFormat("%9.2f(%s,%sms)", FirstDouble(Get(kv, "getTransferedTps")),
                            Get(kv, "pullThreadPoolQueueSize"), Get(kv, "pullThreadPoolQueueHeadWaitTimeMills")),
            Get(kv, "pageCacheLockTimeMills"), absl::StrFormat("%2.2f", hour), absl::StrFormat("%.4f", space)));
      }
    }
  }
}

void PrintClusterMoreStats(AdminClient* admin, const protocol::ClusterInfo& info) {
  Print(absl::StrFormat("%-16s  %-32s %14s %14s %14s %14s\n", "#Cluster Name", "#Broker Name", "#InTotalYest",
                        "#OutTotalYest", "#InTotalToday", "#OutTotalToday"));
  for (const auto& [cluster, broker_names] : info.cluster_addr_table) {
    for (const std::string& broker_name : broker_names) {
      auto b = info.broker_addr_table.find(broker_name);
      if (b == info.broker_addr_table.end()) continue;
      for (const auto& [id, addr] : b->second.broker_addrs) {
        KvTable kv;
        if (absl::StatusOr<KvTable> fetched = FetchBrokerRuntimeStats(admin, addr); fetched.ok()) kv = *fetched;
        Print(absl::StrFormat(
            "%-16s  %-32s %14d %14d %14d %14d\n", cluster, broker_name,
            GetLong(kv, "msgPutTotalTodayMorning") - GetLong(kv, "msgPutTotalYesterdayMorning"),
            GetLong(kv, "msgGetTotalTodayMorning") - GetLong(kv, "msgGetTotalYesterdayMorning"),
            GetLong(kv, "msgPutTotalTodayNow") - GetLong(kv, "msgPutTotalTodayMorning"),
            GetLong(kv, "msgGetTotalTodayNow") - GetLong(kv, "msgGetTotalTodayMorning")));
      }
    }
  }
}

absl::Status RunClusterList(const CommandContext& ctx, const ClusterListFlags& f) {
  absl::StatusOr<std::unique_ptr<AdminClient>> admin = Connect(ctx);
  if (!admin.ok()) return admin.status();
  // -i repeats until the user interrupts, as RocketMQ's does.
  for (int64_t round = 0;; ++round) {
    if (round > 0) std::this_thread::sleep_for(std::chrono::seconds(f.interval_seconds));
    absl::StatusOr<protocol::ClusterInfo> info = (*admin)->GetClusterInfo();
    if (!info.ok()) return info.status();
    if (f.more_stats) {
      PrintClusterMoreStats(admin->get(), *info);
    } else {
      PrintClusterBaseInfo(admin->get(), *info);
    }
    std::fflush(stdout);
    if (f.interval_seconds <= 0) return absl::OkStatus();
  }
}

struct BrokerStatusFlags {
  std::string broker_addr;
  std::string cluster_name;
};

absl::Status RunBrokerStatus(const CommandContext& ctx, const BrokerStatusFlags& f) {
  if (f.broker_addr.empty() && f.cluster_name.empty()) {
    return absl::InvalidArgumentError("brokerStatus needs -b brokerAddr or -c clusterName");
  }
  absl::StatusOr<std::unique_ptr<AdminClient>> admin = Connect(ctx);
  if (!admin.ok()) return admin.status();
  if (!f.broker_addr.empty()) {
    absl::StatusOr<KvTable> kv = FetchBrokerRuntimeStats(admin->get(), f.broker_addr);
    if (!kv.ok()) return kv.status();
    for (const auto& [k, v] : kv->table) Print(absl::StrFormat("%-32s: %s\n", k, v));
    return absl::OkStatus();
  }
  absl::StatusOr<protocol::ClusterInfo> info = (*admin)->GetClusterInfo();
  if (!info.ok()) return info.status();
  auto it = info->cluster_addr_table.find(f.cluster_name);
  if (it == info->cluster_addr_table.end()) {
    return absl::NotFoundError(absl::StrCat("cluster '", f.cluster_name, "' not found at the name server"));
  }
  for (const std::string& broker_name : it->second) {
    auto b = info->broker_addr_table.find(broker_name);
    if (b == info->broker_addr_table.end()) continue;
    for (const auto& [id, addr] : b->second.broker_addrs) {
      absl::StatusOr<KvTable> kv = FetchBrokerRuntimeStats(admin->get(), addr);
      if (!kv.ok()) return kv.status();
      for (const auto& [k, v] : kv->table) Print(absl::StrFormat("%-24s %-32s: %s\n", addr, k, v));
    }
  }
  return absl::OkStatus();
}

}  // namespace

void AddClusterCommands(CLI::App* app, CommandContext* ctx) {
  {
    CLI::App* sub = AddCommand(app, ctx, "clusterList", "List all of clusters");
    auto f = std::make_shared<ClusterListFlags>();
    sub->add_flag("-m,--moreStats", f->more_stats, "Print more stats");
    sub->add_option("-i,--interval", f->interval_seconds, "specify intervals numbers, it is in seconds")
        ->check(CLI::PositiveNumber);
    sub->callback([ctx, f] { ctx->action = [ctx, f] { return RunClusterList(*ctx, *f); }; });
  }
  {
    CLI::App* sub = AddCommand(app, ctx, "brokerStatus", "Fetch broker runtime status data");
    auto f = std::make_shared<BrokerStatusFlags>();
    sub->add_option("-b,--brokerAddr", f->broker_addr, "Broker address");
    sub->add_option("-c,--clusterName", f->cluster_name, "which cluster");
    sub->callback([ctx, f] { ctx->action = [ctx, f] { return RunBrokerStatus(*ctx, *f); }; });
  }
}

}  // namespace spool::mqadmin
