// mqbroker: a RocketMQ 4.x broker (RocketMQ's bin/mqbroker).
//
//   mqbroker [-c broker.properties] [-n "host:port;host:port"] [-p]
//
// -c applies a properties file (BrokerConfig, NettyServerConfig and MessageStoreConfig keys; see
// spool/broker/broker_config.h); unknown keys are warned about. -n sets namesrvAddr (wins over the file). -p prints
// the effective config and exits. SIGINT or SIGTERM shut the broker down cleanly (exit 0). Exit codes: 0 ok,
// 1 failure (bad config, store locked by another broker, port in use), 2 bad command line.
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "server_startup.h"
#include "spdlog/spdlog.h"
#include "spool/broker/broker.h"
#include "spool/broker/broker_config.h"

namespace apps = spool::apps;

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);

  CLI::App app{"mqbroker: a RocketMQ 4.x broker"};
  std::string config_file;
  std::string namesrv_addr;
  bool print_config = false;
  app.add_option("-c,--configFile", config_file, "Broker config properties file");
  app.add_option("-n,--namesrvAddr", namesrv_addr, "Name server address list, eg: '192.168.0.1:9876;192.168.0.2:9876'");
  app.add_flag("-p,--printConfigItem", print_config, "Print all config items and exit");
  if (std::optional<int> exit_code = apps::ParseCommandLine(app, argc, argv)) return *exit_code;

  spool::broker::BrokerConfig config = spool::broker::DefaultBrokerConfig();
  std::vector<std::string> unknown_keys;
  if (!config_file.empty()) {
    absl::Status s = apps::LoadPropertiesInto(
        config_file,
        [&config](const spool::store::Properties& props, std::vector<std::string>* unknown) {
          return spool::broker::ApplyBrokerProperties(props, &config, unknown);
        },
        &unknown_keys);
    if (!s.ok()) {
      apps::PrintError("mqbroker", std::string(s.message()));
      return apps::kExitFailure;
    }
  }
  if (!namesrv_addr.empty()) config.namesrv_addr = namesrv_addr;

  if (print_config) {
    std::fputs(spool::broker::DescribeBrokerConfig(config).c_str(), stdout);
    return std::fflush(stdout) == 0 ? apps::kExitOk : apps::kExitFailure;
  }

  apps::SetUpServerLogging({"spool.broker", "spool.store", "spool.remoting", "mqbroker"});
  for (const std::string& key : unknown_keys) spdlog::warn("{}: unknown key {} ignored", config_file, key);

  apps::StopSignals stop_signals;  // before the broker starts any thread
  spool::broker::BrokerOptions options;
  options.config = config;
  spool::broker::Broker broker(std::move(options));
  if (absl::Status s = broker.Start(); !s.ok()) {
    apps::PrintError("mqbroker", "cannot start: " + std::string(s.message()));
    broker.Shutdown();
    return apps::kExitFailure;
  }
  std::printf("The broker[%s, %s] boot success. serializeType=JSON and name server is %s\n",
              config.broker_name.c_str(), broker.broker_addr().c_str(), config.namesrv_addr.c_str());
  std::fflush(stdout);

  spdlog::info("received signal {}, shutting down", stop_signals.Wait());
  broker.Shutdown();
  return apps::kExitOk;
}
