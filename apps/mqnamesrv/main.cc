// mqnamesrv: a RocketMQ 4.x name server (RocketMQ's bin/mqnamesrv).
//
//   mqnamesrv [-c namesrv.properties] [-p]
//
// -c applies a properties file (listenPort, default 9876; kvConfigPath; orderMessageEnable; the NettyServerConfig
// keys; see spool/namesrv/namesrv_config.h) and makes it the configStorePath that UPDATE_NAMESRV_CONFIG rewrites;
// unknown keys are warned about. -p prints the effective config and exits. SIGINT or SIGTERM shut the server down
// cleanly (exit 0). Exit codes: 0 ok, 1 failure (bad config, port in use), 2 bad command line.
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "server_startup.h"
#include "spdlog/spdlog.h"
#include "spool/namesrv/name_server.h"
#include "spool/namesrv/namesrv_config.h"

namespace apps = spool::apps;

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);

  CLI::App app{"mqnamesrv: a RocketMQ 4.x name server"};
  std::string config_file;
  bool print_config = false;
  std::string namesrv_addr;
  app.add_option("-c,--configFile", config_file, "Name server config properties file");
  app.add_flag("-p,--printConfigItem", print_config, "Print all config items and exit");
  // Accepted because RocketMQ's shared option set has it; a name server has no use for it.
  app.add_option("-n,--namesrvAddr", namesrv_addr, "Ignored (accepted for RocketMQ compatibility)");
  if (std::optional<int> exit_code = apps::ParseCommandLine(app, argc, argv)) return *exit_code;

  spool::namesrv::NamesrvConfig config = spool::namesrv::DefaultNamesrvConfig();
  std::vector<std::string> unknown_keys;
  if (!config_file.empty()) {
    absl::Status s = apps::LoadPropertiesInto(
        config_file,
        [&config](const spool::store::Properties& props, std::vector<std::string>* unknown) {
          return spool::namesrv::ApplyNamesrvProperties(props, &config, unknown);
        },
        &unknown_keys);
    if (!s.ok()) {
      apps::PrintError("mqnamesrv", std::string(s.message()));
      return apps::kExitFailure;
    }
    config.config_store_path = config_file;
  }

  if (print_config) {
    std::fputs(spool::namesrv::DescribeNamesrvConfig(config).c_str(), stdout);
    return std::fflush(stdout) == 0 ? apps::kExitOk : apps::kExitFailure;
  }

  apps::SetUpServerLogging({"spool.namesrv", "spool.remoting", "mqnamesrv"});
  for (const std::string& key : unknown_keys) spdlog::warn("{}: unknown key {} ignored", config_file, key);

  apps::StopSignals stop_signals;  // before the server starts any thread
  spool::namesrv::NameServerOptions options;
  options.config = config;
  spool::namesrv::NameServer server(std::move(options));
  if (absl::Status s = server.Start(); !s.ok()) {
    apps::PrintError("mqnamesrv", "cannot start: " + std::string(s.message()));
    return apps::kExitFailure;
  }
  std::printf("The Name Server boot success. serializeType=JSON\n");
  std::fflush(stdout);

  spdlog::info("received signal {}, shutting down", stop_signals.Wait());
  server.Shutdown();
  return apps::kExitOk;
}
