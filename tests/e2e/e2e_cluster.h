// File: tests/e2e/e2e_cluster.h
// An in-process name server and broker on 127.0.0.1 (ports picked at run time) over a temp store, for the client
// SDK's end-to-end tests, plus small waiting helpers (condition waits with a deadline, never plain sleeps).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "spool/broker/broker.h"
#include "spool/client/client_config.h"
#include "spool/client/message.h"
#include "spool/namesrv/name_server.h"
#include "spool/remoting/remoting_client.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "spool/store/options.h"
#include "temp_dir.h"

namespace spool::e2e {

class Cluster {
 public:
  // `tweak` adjusts the first broker's config before it starts (e.g. shorter delay levels).
  using ConfigTweak = std::function<void(broker::BrokerConfig*)>;

  explicit Cluster(store::FlushDiskType flush = store::FlushDiskType::kAsyncFlush,
                   absl::Duration hold_check_interval = absl::Seconds(5), ConfigTweak tweak = nullptr) {
    namesrv::NameServerOptions ns;
    ns.config.listen_port = 0;
    ns.config.kv_config_path = dir_.Sub("namesrv/kvConfig.json");
    ns.listen_host = "127.0.0.1";
    namesrv_ = std::make_unique<namesrv::NameServer>(std::move(ns));
    REQUIRE(namesrv_->Start().ok());

    broker_ = StartBroker("broker-a", hold_check_interval, flush, tweak);
    REQUIRE(admin_.Start().ok());
  }

  ~Cluster() {
    admin_.Shutdown();
    for (auto& extra : extra_brokers_) extra->Shutdown();
    broker_->Shutdown();
    namesrv_->Shutdown();
  }

  // Another broker (its own store) registered with the same name server; shut down with the cluster.
  broker::Broker& AddBroker(const std::string& name) {
    extra_brokers_.push_back(StartBroker(name, absl::Seconds(5), store::FlushDiskType::kAsyncFlush));
    return *extra_brokers_.back();
  }

  std::string namesrv_addr() const { return "127.0.0.1:" + std::to_string(namesrv_->port()); }
  broker::Broker& broker() { return *broker_; }
  const testing::TempDir& dir() const { return dir_; }

  client::ClientConfig ClientConfigFor() const {
    client::ClientConfig config;
    config.namesrv_addr = namesrv_addr();
    config.client_ip = "127.0.0.1";
    return config;
  }

  // UPDATE_AND_CREATE_TOPIC on a broker (the first one by default); it registers the route with the name server.
  void CreateTopic(const std::string& topic, int queues, broker::Broker* on = nullptr) {
    broker::Broker& target = on != nullptr ? *on : *broker_;
    remoting::RemotingCommand request =
        remoting::RemotingCommand::CreateRequest(remoting::request_code::kUpdateAndCreateTopic);
    request.SetExtField("topic", topic);
    request.SetExtFieldInt("readQueueNums", queues);
    request.SetExtFieldInt("writeQueueNums", queues);
    request.SetExtFieldInt("perm", 6);
    absl::StatusOr<remoting::RemotingCommand> r = admin_.InvokeSync(target.broker_addr(), request, absl::Seconds(5));
    REQUIRE(r.ok());
    REQUIRE(r->code() == remoting::response_code::kSuccess);
    REQUIRE(target.RegisterBrokerAll().ok());
  }

 private:
  std::unique_ptr<broker::Broker> StartBroker(const std::string& name, absl::Duration hold_check_interval,
                                              store::FlushDiskType flush, const ConfigTweak& tweak = nullptr) {
    broker::BrokerOptions options;
    broker::BrokerConfig& c = options.config;
    c = broker::DefaultBrokerConfig();
    c.listen_port = 0;
    c.broker_ip1 = "127.0.0.1";
    c.broker_ip2 = "127.0.0.1";
    c.broker_name = name;
    c.namesrv_addr = namesrv_addr();
    c.send_message_thread_pool_nums = 2;
    c.pull_message_thread_pool_nums = 8;
    c.query_message_thread_pool_nums = 2;
    c.admin_broker_thread_pool_nums = 2;
    c.client_manage_thread_pool_nums = 2;
    c.consumer_manage_thread_pool_nums = 2;
    c.heartbeat_thread_pool_nums = 1;
    c.server_selector_threads = 1;
    c.store.store_path_root_dir = dir_.Sub("store-" + name);
    c.store.flush_disk_type = flush;
    c.store.mapped_file_size_commit_log = 4 << 20;
    c.store.mapped_file_size_consume_queue = 20 * 1000;
    c.store.max_index_num = 1000;
    c.store.max_hash_slot_num = 100;
    if (tweak) tweak(&c);
    options.listen_host = "127.0.0.1";
    options.hold_check_interval = hold_check_interval;
    auto broker = std::make_unique<broker::Broker>(std::move(options));
    absl::Status s = broker->Start();
    INFO(s.ToString());
    REQUIRE(s.ok());
    return broker;
  }

  testing::TempDir dir_;
  std::unique_ptr<namesrv::NameServer> namesrv_;
  std::unique_ptr<broker::Broker> broker_;
  std::vector<std::unique_ptr<broker::Broker>> extra_brokers_;
  remoting::RemotingClient admin_;
};

// What a listener saw, with waits that wake on every new message.
class Received {
 public:
  void Add(const client::MessageExt& m) {
    absl::MutexLock lock(&mu_);
    msgs_.push_back(m);
  }
  size_t size() const {
    absl::MutexLock lock(&mu_);
    return msgs_.size();
  }
  std::vector<client::MessageExt> msgs() const {
    absl::MutexLock lock(&mu_);
    return msgs_;
  }
  // True once `pred(msgs)` holds; false at the deadline.
  bool WaitFor(std::function<bool(const std::vector<client::MessageExt>&)> pred, absl::Duration timeout) const {
    absl::MutexLock lock(&mu_);
    struct Args {
      const std::vector<client::MessageExt>* msgs;
      std::function<bool(const std::vector<client::MessageExt>&)>* pred;
    } args{&msgs_, &pred};
    return mu_.AwaitWithTimeout(
        absl::Condition(+[](Args* a) { return (*a->pred)(*a->msgs); }, &args), timeout);
  }
  bool WaitForCount(size_t n, absl::Duration timeout) const {
    return WaitFor([n](const std::vector<client::MessageExt>& m) { return m.size() >= n; }, timeout);
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<client::MessageExt> msgs_;
};

// Polls a state that has no notification hook (a consumer's rebalance outcome) until it holds or the deadline.
inline bool Eventually(const std::function<bool()>& pred, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (pred()) return true;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return pred();
}

}  // namespace spool::e2e
