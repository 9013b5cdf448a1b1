// File: apps/mqadmin/admin_client.h
// AdminClient: what DefaultMQAdminExt does underneath for mqadmin, as a thin layer over RemotingClient: requests
// to the name servers of `-n` (or NAMESRV_ADDR), tried in order until one answers, and to brokers by address;
// JSON headers, version 407 (V4_9_7), 5 s per call (spec clients.md §6). Route, cluster and topic-list lookups
// decode their bodies.
//
// A response whose code is not the one expected becomes an error in RocketMQ's MQBrokerException/MQClientException
// spelling, "CODE: 17  DESC: No topic route info in name server for the topic: T", so a user sees the broker's
// remark. A name server or broker that cannot be reached is kUnavailable naming the address.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "spool/protocol/cluster_info.h"
#include "spool/protocol/topic_list.h"
#include "spool/protocol/topic_route_data.h"
#include "spool/remoting/remoting_client.h"
#include "spool/remoting/remoting_command.h"

namespace spool::mqadmin {

class AdminClient {
 public:
  // `namesrv_flag` is the -n value ("host:port;host:port"); empty falls back to the NAMESRV_ADDR environment
  // variable. kInvalidArgument when neither names a server.
  static absl::StatusOr<std::unique_ptr<AdminClient>> Create(const std::string& namesrv_flag,
                                                             absl::Duration timeout = absl::Seconds(5));
  ~AdminClient();

  const std::vector<std::string>& namesrv_addrs() const { return namesrv_addrs_; }

  // Sends to the first name server that answers (any code).
  absl::StatusOr<remoting::RemotingCommand> InvokeNamesrv(remoting::RemotingCommand request);
  // Sends to one name server.
  absl::StatusOr<remoting::RemotingCommand> InvokeNamesrvAt(const std::string& addr,
                                                            remoting::RemotingCommand request);
  absl::StatusOr<remoting::RemotingCommand> InvokeBroker(const std::string& addr, remoting::RemotingCommand request);

  // As above, but only a SUCCESS response is OK; any other code is an error carrying the remark.
  absl::StatusOr<remoting::RemotingCommand> CallNamesrv(remoting::RemotingCommand request);
  absl::StatusOr<remoting::RemotingCommand> CallBroker(const std::string& addr, remoting::RemotingCommand request);

  // GET_ROUTEINFO_BY_TOPIC. An unknown topic is the name server's TOPIC_NOT_EXIST error (kNotFound).
  absl::StatusOr<protocol::TopicRouteData> GetRoute(const std::string& topic);
  // GET_BROKER_CLUSTER_INFO.
  absl::StatusOr<protocol::ClusterInfo> GetClusterInfo();
  // GET_ALL_TOPIC_LIST_FROM_NAMESERVER.
  absl::StatusOr<protocol::TopicList> GetAllTopics();

  // CommandUtil.fetchMasterAddrByClusterName: the master address of every broker of `cluster`.
  // kNotFound when the cluster is unknown or has no master.
  absl::StatusOr<std::vector<std::string>> MasterAddrsOfCluster(const std::string& cluster);
  // The broker name registered at `addr`, from the cluster info.
  absl::StatusOr<std::string> BrokerNameOfAddr(const std::string& addr);

 private:
  AdminClient(std::vector<std::string> namesrv_addrs, absl::Duration timeout);

  std::vector<std::string> namesrv_addrs_;
  absl::Duration timeout_;
  remoting::RemotingClient client_;
};

// A new request with mqadmin's header defaults (JSON, version 407, language JAVA).
remoting::RemotingCommand NewRequest(int32_t code);

// The error for a response with an unexpected code: RocketMQ's "CODE: <code>  DESC: <remark>". The absl code is
// kNotFound for TOPIC_NOT_EXIST / QUERY_NOT_FOUND / CONSUMER_NOT_ONLINE, else kFailedPrecondition.
absl::Status ResponseError(const remoting::RemotingCommand& response);

// The route's master address of `broker_name`, else any address of it (reads may go to a slave).
std::string PickBrokerAddr(const protocol::BrokerData& broker, bool master_only);

}  // namespace spool::mqadmin
