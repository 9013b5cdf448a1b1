// File: broker_test_fixture.h
// Test fixture: an in-process name server and broker on 127.0.0.1 (ports picked at run time) over a temp store,
// and a RemotingClient speaking to them with the protocol types. Everything is stopped by the destructor.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "spool/broker/broker.h"
#include "spool/namesrv/name_server.h"
#include "spool/protocol/broker_headers.h"
#include "spool/protocol/message_batch_codec.h"
#include "spool/protocol/message_properties.h"
#include "spool/protocol/pull_sys_flag.h"
#include "spool/remoting/remoting_client.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "spool/store/message.h"
#include "spool/store/message_store.h"
#include "temp_dir.h"

namespace spool::broker::testing {

namespace request_code = remoting::request_code;
namespace response_code = remoting::response_code;
using remoting::RemotingCommand;

inline BrokerConfig TestBrokerConfig(const std::string& store_dir, const std::string& namesrv) {
  BrokerConfig c = DefaultBrokerConfig();
  c.listen_port = 0;
  c.broker_ip1 = "127.0.0.1";
  c.broker_ip2 = "127.0.0.1";
  c.broker_name = "broker-a";
  c.namesrv_addr = namesrv;
  c.send_message_thread_pool_nums = 2;
  c.pull_message_thread_pool_nums = 4;
  c.query_message_thread_pool_nums = 2;
  c.admin_broker_thread_pool_nums = 2;
  c.client_manage_thread_pool_nums = 2;
  c.consumer_manage_thread_pool_nums = 2;
  c.heartbeat_thread_pool_nums = 1;
  c.server_selector_threads = 1;
  c.store.store_path_root_dir = store_dir;
  c.store.mapped_file_size_commit_log = 4 << 20;
  c.store.mapped_file_size_consume_queue = 20 * 1000;
  c.store.max_message_size = 256 * 1024;
  c.store.max_index_num = 1000;
  c.store.max_hash_slot_num = 100;
  return c;
}

class BrokerFixture {
 public:
  BrokerFixture() {
    namesrv::NameServerOptions ns;
    ns.config.listen_port = 0;
    ns.config.kv_config_path = dir_.Sub("namesrv/kvConfig.json");
    ns.listen_host = "127.0.0.1";
    namesrv_ = std::make_unique<namesrv::NameServer>(std::move(ns));
    REQUIRE(namesrv_->Start().ok());
    REQUIRE(client_.Start().ok());
    StartBroker();
  }
  ~BrokerFixture() {
    client_.Shutdown();
    if (broker_ != nullptr) broker_->Shutdown();
    namesrv_->Shutdown();
  }

  void StartBroker(std::function<void(BrokerConfig*)> tweak = nullptr) {
    BrokerOptions options;
    options.config = TestBrokerConfig(dir_.Sub("store"), namesrv_addr());
    if (tweak) tweak(&options.config);
    options.listen_host = "127.0.0.1";
    broker_ = std::make_unique<Broker>(std::move(options));
    absl::Status s = broker_->Start();
    INFO(s.ToString());
    REQUIRE(s.ok());
  }
  void StopBroker() {
    broker_->Shutdown();
    broker_.reset();
  }

  std::string namesrv_addr() const { return "127.0.0.1:" + std::to_string(namesrv_->port()); }
  std::string addr() const { return broker_->broker_addr(); }
  // The fast (VIP) listener, listenPort - 2's stand-in.
  std::string fast_addr() const { return "127.0.0.1:" + std::to_string(broker_->fast_port()); }
  Broker& broker() { return *broker_; }
  remoting::RemotingClient& client() { return client_; }
  const spool::testing::TempDir& dir() const { return dir_; }

  RemotingCommand Invoke(RemotingCommand request, absl::Duration timeout = absl::Seconds(5)) {
    return InvokeAt(addr(), std::move(request), timeout);
  }
  RemotingCommand InvokeAt(const std::string& address, RemotingCommand request,
                           absl::Duration timeout = absl::Seconds(5)) {
    absl::StatusOr<RemotingCommand> r = client_.InvokeSync(address, std::move(request), timeout);
    INFO(r.status().ToString());
    REQUIRE(r.ok());
    return *std::move(r);
  }

  static protocol::SendMessageRequestHeader SendHeader(const std::string& topic, int32_t queue_id,
                                                       const std::string& tags = "") {
    protocol::SendMessageRequestHeader h;
    h.producer_group = "PG";
    h.topic = topic;
    h.queue_id = queue_id;
    h.born_timestamp = 1700000000000;
    protocol::MessagePropertyList props = {{"UNIQ_KEY", "UNIQ-" + topic + "-" + std::to_string(queue_id)}};
    if (!tags.empty()) props.emplace_back("TAGS", tags);
    h.properties = protocol::EncodeMessageProperties(props);
    return h;
  }

  RemotingCommand SendV2(const std::string& topic, int32_t queue_id, std::string body, const std::string& tags = "") {
    RemotingCommand request = RemotingCommand::CreateRequest(request_code::kSendMessageV2);
    protocol::EncodeHeader(protocol::SendMessageRequestHeaderV2::FromV1(SendHeader(topic, queue_id, tags)), &request);
    request.set_body(std::move(body));
    return Invoke(std::move(request));
  }

  static RemotingCommand PullRequest(const std::string& group, const std::string& topic, int32_t queue_id,
                                     int64_t offset, int32_t sys_flag, int64_t suspend_ms = 0,
                                     const std::string& subscription = "*") {
    protocol::PullMessageRequestHeader h;
    h.consumer_group = group;
    h.topic = topic;
    h.queue_id = queue_id;
    h.queue_offset = offset;
    h.max_msg_nums = 32;
    h.sys_flag = sys_flag;
    h.suspend_timeout_millis = suspend_ms;
    h.subscription = subscription;
    h.expression_type = "TAG";
    RemotingCommand request = RemotingCommand::CreateRequest(request_code::kPullMessage);
    protocol::EncodeHeader(h, &request);
    return request;
  }

  RemotingCommand Pull(const std::string& group, const std::string& topic, int32_t queue_id, int64_t offset,
                       const std::string& subscription = "*") {
    return Invoke(PullRequest(group, topic, queue_id, offset, protocol::kPullSysFlagSubscription, 0, subscription));
  }

  // Waits (on the store's dispatch signal) until `count` messages of the queue are in its ConsumeQueue: puts are
  // acknowledged before the asynchronous dispatch, as in RocketMQ.
  void WaitDispatched(const std::string& topic, int32_t queue_id, int64_t count) {
    REQUIRE(broker_->store()->WaitForMessages(topic, queue_id, count - 1, absl::Seconds(5)));
  }

  // Splits a pull body into records by their totalSize.
  static std::vector<store::MessageRecord> DecodeRecords(const std::string& body) {
    std::vector<store::MessageRecord> out;
    size_t pos = 0;
    while (pos < body.size()) {
      absl::StatusOr<store::MessageRecord> rec = store::DecodeMessageRecord(std::string_view(body).substr(pos));
      REQUIRE(rec.ok());
      REQUIRE(rec->total_size > 0);
      pos += static_cast<size_t>(rec->total_size);
      out.push_back(*std::move(rec));
    }
    return out;
  }

 private:
  spool::testing::TempDir dir_;
  std::unique_ptr<namesrv::NameServer> namesrv_;
  std::unique_ptr<Broker> broker_;
  remoting::RemotingClient client_;
};

}  // namespace spool::broker::testing
