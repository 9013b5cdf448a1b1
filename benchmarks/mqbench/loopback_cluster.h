// File: loopback_cluster.h
// LoopbackCluster: an in-process NameServer and Broker on 127.0.0.1 with ports picked by the kernel, the broker's
// store in a directory of the caller's, and topic creation as mqadmin does it (UPDATE_AND_CREATE_TOPIC to the
// broker, which registers the new route with the name server).
//
//   SPOOL_ASSIGN_OR_RETURN(std::unique_ptr<LoopbackCluster> cluster, LoopbackCluster::Start(config, "/tmp/d"));
//   SPOOL_RETURN_IF_ERROR(cluster->CreateTopic("BenchmarkTest", 8));
//   client.namesrv_addr = cluster->namesrv_addr();
//   ...
//   cluster->Shutdown();     // broker first (it unregisters), then the name server; also run by the destructor
//
// Thread safety: Start/Shutdown from one thread; CreateTopic from any thread.
#pragma once

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "spool/broker/broker.h"
#include "spool/broker/broker_config.h"
#include "spool/namesrv/name_server.h"
#include "spool/remoting/remoting_client.h"

namespace spool::mqbench {

class LoopbackCluster {
 public:
  // `config` is used as given except for what makes it a loopback cluster: listen port (free), brokerIP1/2 and
  // the bind address (127.0.0.1), namesrvAddr (the new name server), storePathRootDir (`dir`/store; the name
  // server's kvConfig goes to `dir`/namesrv).
  static absl::StatusOr<std::unique_ptr<LoopbackCluster>> Start(broker::BrokerConfig config, const std::string& dir);

  ~LoopbackCluster();
  LoopbackCluster(const LoopbackCluster&) = delete;
  LoopbackCluster& operator=(const LoopbackCluster&) = delete;

  // Idempotent.
  void Shutdown();

  std::string namesrv_addr() const;
  broker::Broker& broker() { return *broker_; }

  // Read and write queues `queues`, perm 6; returns once the name server has the route.
  absl::Status CreateTopic(const std::string& topic, int queues);

 private:
  LoopbackCluster() = default;

  std::unique_ptr<namesrv::NameServer> namesrv_;
  std::unique_ptr<broker::Broker> broker_;
  remoting::RemotingClient admin_;
};

}  // namespace spool::mqbench
