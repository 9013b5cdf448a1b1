// mqbench: end-to-end benchmarks of a RocketMQ 4.x broker over the network (RocketMQ's benchmark tool), and of
// Spool's broker over loopback beside its own store.
//
//   mqbench producer -n ADDR [-t BenchmarkTest] [-w 64] [-s 128] [-k] [-c tags] [--seconds N]
//   mqbench consumer -n ADDR [-t BenchmarkTest] [-g benchmark_consumer] [-w 20] [--seconds N]
//   mqbench loopback [--dir D] [--size 1024] [--threads 1,16] [--flush async,sync] [--seconds S] [--warmup S]
//                    [-c broker.properties] [--keep]
//
// stdout carries the report lines; logs and errors go to stderr. SIGINT/SIGTERM end a run cleanly (servers
// stopped, threads joined, loopback directories removed). Exit codes: 0 ok, 1 failure, 2 bad command line, 130
// interrupted (loopback only: producer and consumer run until interrupted by design).
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>

#include "CLI/CLI.hpp"
#include "absl/synchronization/mutex.h"
#include "mqbench_commands.h"
#include "spdlog/sinks/stdout_color_sinks.h"
#include "spdlog/spdlog.h"
#include "stop_signal.h"

namespace spool::mqbench {
namespace {

// Every library logger and the default one to stderr: stdout carries the report.
void SetUpLogging(bool verbose) {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  const auto level = verbose ? spdlog::level::info : spdlog::level::warn;
  for (const char* name : {"spool.store", "spool.remoting", "spool.namesrv", "spool.broker", "spool.client",
                           "mqbench"}) {
    spdlog::drop(name);
    auto logger = std::make_shared<spdlog::logger>(name, sink);
    logger->set_level(level);
    logger->set_pattern("[%H:%M:%S.%e] [%n] [%l] %v");
    spdlog::register_logger(logger);
  }
  spdlog::set_default_logger(spdlog::get("mqbench"));
}

}  // namespace

void PrintError(const std::string& command, const std::string& message) {
  std::fflush(stdout);
  std::fprintf(stderr, "mqbench %s: %s\n", command.c_str(), message.c_str());
}

}  // namespace spool::mqbench

int main(int argc, char** argv) {
  using namespace spool::mqbench;
  std::signal(SIGPIPE, SIG_IGN);
  // As mqstore: Debian's Abseil keeps the Mutex deadlock detector on (a global graph updated on every Lock), which
  // would be measured as part of every put.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  CLI::App app{"mqbench: RocketMQ-style benchmark producer and consumer, and the loopback broker-vs-store sweep"};
  app.require_subcommand(1);
  ProducerFlags producer;
  ConsumerFlags consumer;
  LoopbackFlags loopback;
  CLI::App* producer_cmd = AddProducerCommand(&app, &producer);
  CLI::App* consumer_cmd = AddConsumerCommand(&app, &consumer);
  CLI::App* loopback_cmd = AddLoopbackCommand(&app, &loopback);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, std::cout, std::cerr);
    return code == 0 ? kExitOk : kExitUsage;
  }

  // Before any other thread: the signal mask is inherited.
  StopSignal stop;
  if (producer_cmd->parsed()) {
    SetUpLogging(producer.verbose);
    return RunProducerCommand(producer, &stop);
  }
  if (consumer_cmd->parsed()) {
    SetUpLogging(consumer.verbose);
    return RunConsumerCommand(consumer, &stop);
  }
  if (loopback_cmd->parsed()) {
    SetUpLogging(loopback.verbose);
    return RunLoopbackCommand(loopback, &stop);
  }
  return kExitUsage;
}
