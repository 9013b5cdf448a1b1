// mqnamesrv: a RocketMQ 4.x name server (RocketMQ's bin/mqnamesrv).
//
//   mqnamesrv [-c namesrv.properties] [-p]
//
// -c applies a properties file (listenPort, default 9876; kvConfigPath; orderMessageEnable; the NettyServerConfig
// keys; see spool/namesrv/namesrv_config.h) and makes it the configStorePath that UPDATE_NAMESRV_CONFIG rewrites;
// unknown keys are warned about. -p prints the effective config and exits. SIGINT or SIGTERM shut the server down
// cleanly (exit 0). Exit codes: 0 ok, 1 failure (bad config, port in use), 2 bad command line.
#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "spdlog/sinks/stdout_color_sinks.h"
#include "spdlog/spdlog.h"
#include "spool/namesrv/name_server.h"
#include "spool/namesrv/namesrv_config.h"
#include "spool/store/options.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

void SetUpLogging() {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  for (const char* name : {"spool.namesrv", "spool.remoting", "mqnamesrv"}) {
    spdlog::drop(name);
    auto logger = std::make_shared<spdlog::logger>(name, sink);
    logger->set_level(spdlog::level::info);
    logger->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%n] [%l] %v");
    spdlog::register_logger(logger);
  }
  spdlog::set_default_logger(spdlog::get("mqnamesrv"));
}

void Fail(const std::string& message) { std::fprintf(stderr, "mqnamesrv: %s\n", message.c_str()); }

}  // namespace

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
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, std::cout, std::cerr);
    return code == 0 ? kExitOk : kExitUsage;
  }

  spool::namesrv::NamesrvConfig config = spool::namesrv::DefaultNamesrvConfig();
  std::vector<std::string> unknown_keys;
  if (!config_file.empty()) {
    absl::StatusOr<spool::store::Properties> props = spool::store::LoadPropertiesFile(config_file);
    if (!props.ok()) {
      Fail(std::string(props.status().message()));
      return kExitFailure;
    }
    if (absl::Status s = spool::namesrv::ApplyNamesrvProperties(*props, &config, &unknown_keys); !s.ok()) {
      Fail(config_file + ": " + std::string(s.message()));
      return kExitFailure;
    }
    config.config_store_path = config_file;
    std::printf("load config properties file OK, %s\n", config_file.c_str());
  }

  if (print_config) {
    std::fputs(spool::namesrv::DescribeNamesrvConfig(config).c_str(), stdout);
    return std::fflush(stdout) == 0 ? kExitOk : kExitFailure;
  }

  SetUpLogging();
  for (const std::string& key : unknown_keys) {
    spdlog::warn("{}: unknown key {} ignored", config_file, key);
  }

  // Every thread the server starts inherits this mask, so SIGINT/SIGTERM are only ever taken by sigwait below:
  // no handler runs in an arbitrary thread. A shell starts background jobs with SIGINT ignored, and an ignored
  // signal is discarded even while blocked: restore the default disposition first.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  spool::namesrv::NameServerOptions options;
  options.config = config;
  spool::namesrv::NameServer server(std::move(options));
  if (absl::Status s = server.Start(); !s.ok()) {
    Fail("cannot start: " + std::string(s.message()));
    return kExitFailure;
  }
  std::printf("The Name Server boot success. serializeType=JSON\n");
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  spdlog::info("received signal {}, shutting down", signal_number);
  server.Shutdown();
  return kExitOk;
}
