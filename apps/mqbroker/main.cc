// mqbroker: a RocketMQ 4.x broker (RocketMQ's bin/mqbroker).
//
//   mqbroker [-c broker.properties] [-n "host:port;host:port"] [-p]
//
// -c applies a properties file (BrokerConfig, NettyServerConfig and MessageStoreConfig keys; see
// spool/broker/broker_config.h); unknown keys are warned about. -n sets namesrvAddr (wins over the file). -p prints
// the effective config and exits. SIGINT or SIGTERM shut the broker down cleanly (exit 0). Exit codes: 0 ok,
// 1 failure (bad config, store locked by another broker, port in use), 2 bad command line.
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
#include "spool/broker/broker.h"
#include "spool/broker/broker_config.h"
#include "spool/store/options.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

void SetUpLogging() {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  for (const char* name : {"spool.broker", "spool.store", "spool.remoting", "mqbroker"}) {
    spdlog::drop(name);
    auto logger = std::make_shared<spdlog::logger>(name, sink);
    logger->set_level(spdlog::level::info);
    logger->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%n] [%l] %v");
    spdlog::register_logger(logger);
  }
  spdlog::set_default_logger(spdlog::get("mqbroker"));
}

void Fail(const std::string& message) { std::fprintf(stderr, "mqbroker: %s\n", message.c_str()); }

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);

  CLI::App app{"mqbroker: a RocketMQ 4.x broker"};
  std::string config_file;
  std::string namesrv_addr;
  bool print_config = false;
  app.add_option("-c,--configFile", config_file, "Broker config properties file");
  app.add_option("-n,--namesrvAddr", namesrv_addr, "Name server address list, eg: '192.168.0.1:9876;192.168.0.2:9876'");
  app.add_flag("-p,--printConfigItem", print_config, "Print all config items and exit");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, std::cout, std::cerr);
    return code == 0 ? kExitOk : kExitUsage;
  }

  spool::broker::BrokerConfig config = spool::broker::DefaultBrokerConfig();
  std::vector<std::string> unknown_keys;
  if (!config_file.empty()) {
    absl::StatusOr<spool::store::Properties> props = spool::store::LoadPropertiesFile(config_file);
    if (!props.ok()) {
      Fail(std::string(props.status().message()));
      return kExitFailure;
    }
    if (absl::Status s = spool::broker::ApplyBrokerProperties(*props, &config, &unknown_keys); !s.ok()) {
      Fail(config_file + ": " + std::string(s.message()));
      return kExitFailure;
    }
    std::printf("load config properties file OK, %s\n", config_file.c_str());
  }
  if (!namesrv_addr.empty()) config.namesrv_addr = namesrv_addr;

  if (print_config) {
    std::fputs(spool::broker::DescribeBrokerConfig(config).c_str(), stdout);
    return std::fflush(stdout) == 0 ? kExitOk : kExitFailure;
  }

  SetUpLogging();
  for (const std::string& key : unknown_keys) spdlog::warn("{}: unknown key {} ignored", config_file, key);

  // Every thread the broker starts inherits this mask, so SIGINT/SIGTERM are only taken by sigwait below. A shell
  // starts background jobs with SIGINT ignored, and an ignored signal is discarded even while blocked: restore the
  // default disposition first.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  spool::broker::BrokerOptions options;
  options.config = config;
  spool::broker::Broker broker(std::move(options));
  if (absl::Status s = broker.Start(); !s.ok()) {
    Fail("cannot start: " + std::string(s.message()));
    broker.Shutdown();
    return kExitFailure;
  }
  std::printf("The broker[%s, %s] boot success. serializeType=JSON and name server is %s\n",
              config.broker_name.c_str(), broker.broker_addr().c_str(), config.namesrv_addr.c_str());
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  spdlog::info("received signal {}, shutting down", signal_number);
  broker.Shutdown();
  return kExitOk;
}
