// File: spool/broker/broker.h
// Broker: a RocketMQ 4.9.7 broker in-process (BrokerController's role): the message store, a RemotingServer
// answering the client and admin codes (spec broker.md), long polling, client registrations, offsets, queue
// locks, and registration with the name servers.
//
//   BrokerOptions options;
//   options.config = DefaultBrokerConfig();
//   options.config.listen_port = 0;                          // tests: any free port
//   options.config.broker_ip1 = "127.0.0.1";
//   options.config.store.store_path_root_dir = dir;
//   options.config.namesrv_addr = "127.0.0.1:9876";
//   Broker broker(std::move(options));
//   SPOOL_RETURN_IF_ERROR(broker.Start());                   // opens the store, binds, registers
//   ...
//   broker.Shutdown();
//
// Listeners: listenPort serves every code; the "fast" (VIP) port listenPort - 2 serves the same ones except
// PULL_MESSAGE (answered REQUEST_CODE_NOT_SUPPORTED there), as BrokerController's fastRemotingServer does. Older
// Java clients with vipChannelEnabled send their sends, queries and admin calls there. RocketMQ 4.9.7 has no key
// to turn it off, so neither do we; with listenPort 0 (tests) the fast port is an ephemeral one too.
//
// Thread safety: Start/Shutdown from one thread, not from a request handler. port()/fast_port()/broker_addr() from
// any thread.
//
// Lifecycle: Start() once: opens the store (kFailedPrecondition-like errors from the store lock when another
// broker owns the directory), creates the system topics, starts serving, registers with every name server and
// starts the periodic work (registration every registerNameServerPeriod, offsets persisted every
// flushConsumerOffsetInterval, idle clients dropped every 10 s). Shutdown() (also run by the destructor), in
// order: stop accepting and close connections, answer held pulls, stop the periodic work, unregister from the
// name servers, persist offsets and topics, close the store. A Broker cannot be restarted; make a new one.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "spool/broker/broker_config.h"

namespace spool::store {
class MessageStore;
}

namespace spool::broker {

struct BrokerOptions {
  BrokerConfig config;
  // Interface to bind (RocketMQ binds every one). Tests use "127.0.0.1".
  std::string listen_host = "0.0.0.0";
  // Wall clock, ms since the epoch (heartbeat ages, lock expiry). Null: the system clock.
  std::function<int64_t()> now_millis;
  // Long polling's periodic re-check (PullRequestHoldService: 5 s; shortPollingTimeMills without long polling).
  absl::Duration hold_check_interval = absl::Seconds(5);
  // First registration after Start's own one (RocketMQ: 10 s), then every registerNameServerPeriod.
  absl::Duration register_initial_delay = absl::Seconds(10);
};

class Broker {
 public:
  explicit Broker(BrokerOptions options);
  ~Broker();

  Broker(const Broker&) = delete;
  Broker& operator=(const Broker&) = delete;

  absl::Status Start();
  // See the file comment. Idempotent.
  void Shutdown();

  // The bound port (the ephemeral one when listenPort was 0); 0 before Start.
  uint16_t port() const;
  // The bound fast (VIP) port: listenPort - 2, or an ephemeral one when listenPort was 0; 0 before Start.
  uint16_t fast_port() const;
  // brokerIP1:port, the address registered and embedded in offsetMsgIds.
  std::string broker_addr() const;

  // The open store (null before Start and after Shutdown), for tests and tools.
  store::MessageStore* store();

  // Test hooks. Pulls parked by long polling right now, and a condition wait (with deadline) for at least `n`.
  size_t held_pull_count() const;
  bool WaitForHeldPulls(size_t n, absl::Duration timeout);
  // Registers with the name servers now (what the periodic task does).
  absl::Status RegisterBrokerAll();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace spool::broker
