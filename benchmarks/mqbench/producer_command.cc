// mqbench producer: RocketMQ's benchmark Producer against any name server (only the client SDK is used).
#include <cstdio>

#include "CLI/CLI.hpp"
#include "fmt/format.h"
#include "mqbench_commands.h"
#include "producer_run.h"
#include "spool/client/client_config.h"

namespace spool::mqbench {

CLI::App* AddProducerCommand(CLI::App* app, ProducerFlags* flags) {
  CLI::App* cmd = app->add_subcommand(
      "producer", "Send synchronously from N threads; print TPS and RT (avg, max) every second and a summary.");
  cmd->add_option("-n,--namesrvAddr", flags->namesrv_addr, "name server address list, e.g. 127.0.0.1:9876")
      ->required();
  cmd->add_option("-t,--topic", flags->topic, "topic")->capture_default_str();
  cmd->add_option("-w,--threadCount", flags->threads, "sending threads")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->add_option("-s,--messageSize", flags->message_size, "message body size in bytes")
      ->check(CLI::Range(1, 4 << 20))
      ->capture_default_str();
  cmd->add_flag("-k,--keyEnable", flags->key_enable, "set KEYS on every message (the broker indexes them)");
  cmd->add_option("-c,--tagCount", flags->tag_count, "tags to rotate through (0: no tag)")
      ->check(CLI::Range(0, 1 << 20))
      ->capture_default_str();
  cmd->add_option("-g,--group", flags->group, "producer group")->capture_default_str();
  cmd->add_option("--seconds", flags->seconds, "run length; 0 runs until SIGINT/SIGTERM")
      ->check(CLI::Range(0.0, 1e6))
      ->capture_default_str();
  cmd->add_flag("-v,--verbose", flags->verbose, "client logs at info on stderr (default warn)");
  return cmd;
}

int RunProducerCommand(const ProducerFlags& flags, StopSignal* stop) {
  if (absl::StatusOr<std::vector<std::string>> addrs = client::ParseNamesrvAddr(flags.namesrv_addr); !addrs.ok()) {
    PrintError("producer", fmt::format("-n {}: {}", flags.namesrv_addr, std::string(addrs.status().message())));
    return kExitUsage;
  }
  ProducerRunOptions options;
  options.client.namesrv_addr = flags.namesrv_addr;
  options.group = flags.group;
  options.topic = flags.topic;
  options.threads = flags.threads;
  options.message_size = flags.message_size;
  options.key_enable = flags.key_enable;
  options.tag_count = flags.tag_count;
  options.duration = flags.seconds > 0 ? absl::Seconds(flags.seconds) : absl::InfiniteDuration();
  options.on_line = [](const std::string& line) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  };
  std::printf("topic: %s, threadCount: %d, messageSize: %d, keyEnable: %s, tagCount: %d, namesrv: %s\n",
              flags.topic.c_str(), flags.threads, flags.message_size, flags.key_enable ? "true" : "false",
              flags.tag_count, flags.namesrv_addr.c_str());
  std::fflush(stdout);
  absl::StatusOr<RunResult> result = RunProducers(options, stop);
  if (!result.ok()) {
    PrintError("producer", result.status().ToString());
    return kExitFailure;
  }
  std::printf("%s\n", FormatSummary(*result).c_str());
  std::fflush(stdout);
  if (result->ok == 0 && result->failed() > 0) return kExitFailure;
  return kExitOk;
}

}  // namespace spool::mqbench
