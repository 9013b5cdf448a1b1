// File: spool/namesrv/name_server.h
// NameServer: a RocketMQ 4.9.7 name server in-process (NamesrvController's role): a RemotingServer answering the
// name-server codes (spec namesrv.md), the route tables, the persisted KV config, the 10 s scan that expires
// brokers silent for 120 s, and the connection listener that drops a broker whose connection closed.
//
//   NameServerOptions options;
//   options.config = DefaultNamesrvConfig();        // listenPort 9876, ~/namesrv/kvConfig.json
//   NameServer server(std::move(options));
//   SPOOL_RETURN_IF_ERROR(server.Start());           // loads the KV config, binds, serves
//   ...
//   server.Shutdown();
//
// Codes answered: 100-106, 205, 206, 216, 219, 224, 304, 311-313, 318, 319, 322, 327. Any other code gets
// REQUEST_CODE_NOT_SUPPORTED (3) from the transport, where a Java name server would stay silent and let the
// caller time out: an answer is kinder and no stock client depends on the silence.
//
// Thread safety: Start/Shutdown from one thread (not from a request handler or listener); everything else from
// any thread.
//
// Lifecycle: Start() once. Shutdown() (also run by the destructor) stops the scan thread, then the server (which
// closes every connection, joins its I/O threads and drains the request executor). The route tables stay
// readable afterwards. A NameServer cannot be restarted.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "spool/namesrv/kv_config_manager.h"
#include "spool/namesrv/namesrv_config.h"
#include "spool/namesrv/route_info_manager.h"
#include "spool/remoting/channel_event_listener.h"

namespace spool::namesrv {

struct NameServerOptions {
  // The RocketMQ settings (listen port, threads, KV path, orderMessageEnable, ...). The default-constructed
  // struct has empty paths; use DefaultNamesrvConfig() for RocketMQ's.
  NamesrvConfig config;
  // Interface to bind (RocketMQ binds every one). Tests use "127.0.0.1" with config.listen_port = 0.
  std::string listen_host = "0.0.0.0";
  // Wall clock in milliseconds since the epoch, for broker liveness. Null: the system clock. Tests pass a fake
  // and call ScanNotActiveBrokers() themselves.
  std::function<int64_t()> now_millis;
  // The expiry scan runs first after `scan_initial_delay`, then every `scan_interval` (RocketMQ: 5 s, 10 s). A
  // zero or negative interval runs no scan thread.
  absl::Duration scan_initial_delay = absl::Seconds(5);
  absl::Duration scan_interval = absl::Seconds(10);
  // Told about connections after the name server has handled the event (a closed broker connection is already
  // removed from the routes when OnChannelClosed arrives). Optional.
  std::shared_ptr<remoting::ChannelEventListener> channel_listener;
};

class NameServer {
 public:
  explicit NameServer(NameServerOptions options);
  ~NameServer();

  NameServer(const NameServer&) = delete;
  NameServer& operator=(const NameServer&) = delete;

  // Loads the KV config (an unparsable file is an error: nothing is started), then binds and starts serving and
  // scanning. kUnavailable when the port cannot be bound; kFailedPrecondition when called twice.
  absl::Status Start();

  // See the file comment. Idempotent.
  void Shutdown();

  // The bound port (the ephemeral one when listen_port was 0); 0 before Start.
  uint16_t port() const;

  // Runs one expiry scan now, at now_millis(); returns how many brokers were removed.
  int ScanNotActiveBrokers();

  // The current config (UPDATE_NAMESRV_CONFIG may have changed it).
  NamesrvConfig config() const;

  RouteInfoManager& route_info();
  KvConfigManager& kv_config();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace spool::namesrv
