#include "loopback_cluster.h"

#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "spool/store/file_system.h"

namespace spool::mqbench {

absl::StatusOr<std::unique_ptr<LoopbackCluster>> LoopbackCluster::Start(broker::BrokerConfig config,
                                                                        const std::string& dir) {
  std::unique_ptr<LoopbackCluster> cluster(new LoopbackCluster());

  namesrv::NameServerOptions ns;
  ns.config = namesrv::DefaultNamesrvConfig();
  ns.config.listen_port = 0;
  ns.config.kv_config_path = store::JoinPath(dir, "namesrv/kvConfig.json");
  ns.config.config_store_path.clear();
  ns.listen_host = "127.0.0.1";
  cluster->namesrv_ = std::make_unique<namesrv::NameServer>(std::move(ns));
  if (absl::Status s = cluster->namesrv_->Start(); !s.ok()) {
    return absl::Status(s.code(), "name server: " + std::string(s.message()));
  }

  broker::BrokerOptions options;
  options.config = std::move(config);
  broker::BrokerConfig& c = options.config;
  c.listen_port = 0;
  c.broker_ip1 = "127.0.0.1";
  c.broker_ip2 = "127.0.0.1";
  c.namesrv_addr = cluster->namesrv_addr();
  c.store.store_path_root_dir = store::JoinPath(dir, "store");
  // Derived from the root (a -c storePathCommitLog would point both runs of the sweep at one directory).
  c.store.store_path_commit_log.clear();
  options.listen_host = "127.0.0.1";
  cluster->broker_ = std::make_unique<broker::Broker>(std::move(options));
  if (absl::Status s = cluster->broker_->Start(); !s.ok()) {
    return absl::Status(s.code(), "broker: " + std::string(s.message()));
  }
  if (absl::Status s = cluster->admin_.Start(); !s.ok()) return s;
  return cluster;
}

LoopbackCluster::~LoopbackCluster() { Shutdown(); }

void LoopbackCluster::Shutdown() {
  admin_.Shutdown();
  if (broker_) broker_->Shutdown();
  if (namesrv_) namesrv_->Shutdown();
}

std::string LoopbackCluster::namesrv_addr() const { return "127.0.0.1:" + std::to_string(namesrv_->port()); }

absl::Status LoopbackCluster::CreateTopic(const std::string& topic, int queues) {
  remoting::RemotingCommand request =
      remoting::RemotingCommand::CreateRequest(remoting::request_code::kUpdateAndCreateTopic);
  request.SetExtField("topic", topic);
  request.SetExtFieldInt("readQueueNums", queues);
  request.SetExtFieldInt("writeQueueNums", queues);
  request.SetExtFieldInt("perm", 6);
  absl::StatusOr<remoting::RemotingCommand> r = admin_.InvokeSync(broker_->broker_addr(), request, absl::Seconds(5));
  if (!r.ok()) return r.status();
  if (r->code() != remoting::response_code::kSuccess) {
    return absl::InternalError("UPDATE_AND_CREATE_TOPIC " + topic + ": code " + std::to_string(r->code()) + " " +
                               r->remark().value_or(""));
  }
  return broker_->RegisterBrokerAll();
}

}  // namespace spool::mqbench
