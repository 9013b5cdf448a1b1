// File: name_server_registrar.h
// NameServerRegistrar (BrokerOuterAPI's registration part): REGISTER_BROKER to every name server of namesrvAddr,
// in parallel, with the topic table and the 4.9 body CRC; UNREGISTER_BROKER at shutdown (spec broker.md §16).
// Thread-safe; owns its RemotingClient.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "spool/protocol/topic_config_serialize_wrapper.h"
#include "spool/remoting/remoting_client.h"

namespace spool::broker::internal {

struct BrokerIdentity {
  std::string cluster_name;
  std::string broker_name;
  std::string broker_addr;     // brokerIP1:listenPort
  std::string ha_server_addr;  // brokerIP2:haListenPort
  int64_t broker_id = 0;
};

class NameServerRegistrar {
 public:
  NameServerRegistrar(std::vector<std::string> namesrv_addrs, absl::Duration timeout, bool compressed);
  ~NameServerRegistrar();

  absl::Status Start();
  void Shutdown();

  bool has_name_servers() const { return !addrs_.empty(); }

  // Registers with every name server; waits for all answers (oneway=false) or only queues the requests
  // (oneway=true, after a lazy topic creation). The first failure is returned; the others are logged.
  absl::Status RegisterAll(const BrokerIdentity& id, const protocol::TopicConfigSerializeWrapper& topics, bool oneway);
  void UnregisterAll(const BrokerIdentity& id);

 private:
  const std::vector<std::string> addrs_;
  const absl::Duration timeout_;
  const bool compressed_;
  remoting::RemotingClient client_;
};

// "a:1;b:2" -> {"a:1", "b:2"}, blanks dropped.
std::vector<std::string> SplitNamesrvAddr(const std::string& namesrv_addr);

}  // namespace spool::broker::internal
