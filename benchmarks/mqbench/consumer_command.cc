// mqbench consumer: RocketMQ's benchmark Consumer against any name server (only the client SDK is used).
#include <cstdio>

#include "CLI/CLI.hpp"
#include "consumer_run.h"
#include "fmt/format.h"
#include "mqbench_commands.h"
#include "spool/client/client_config.h"

namespace spool::mqbench {

CLI::App* AddConsumerCommand(CLI::App* app, ConsumerFlags* flags) {
  CLI::App* cmd = app->add_subcommand(
      "consumer", "Push-consume a topic; print Consume TPS and born->consumed / stored->consumed RT every second.");
  cmd->add_option("-n,--namesrvAddr", flags->namesrv_addr, "name server address list, e.g. 127.0.0.1:9876")
      ->required();
  cmd->add_option("-t,--topic", flags->topic, "topic")->capture_default_str();
  cmd->add_option("-g,--group", flags->group, "consumer group")->capture_default_str();
  cmd->add_option("-w,--threadCount", flags->threads, "consuming threads (consumeThreadMin)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->add_flag("--from-first", flags->from_first,
                "a group without offsets starts at the first message (default: the last, as RocketMQ's tool)");
  cmd->add_option("--seconds", flags->seconds, "run length; 0 runs until SIGINT/SIGTERM")
      ->check(CLI::Range(0.0, 1e6))
      ->capture_default_str();
  cmd->add_flag("-v,--verbose", flags->verbose, "client logs at info on stderr (default warn)");
  return cmd;
}

int RunConsumerCommand(const ConsumerFlags& flags, StopSignal* stop) {
  if (absl::StatusOr<std::vector<std::string>> addrs = client::ParseNamesrvAddr(flags.namesrv_addr); !addrs.ok()) {
    PrintError("consumer", fmt::format("-n {}: {}", flags.namesrv_addr, std::string(addrs.status().message())));
    return kExitUsage;
  }
  ConsumerRunOptions options;
  options.client.namesrv_addr = flags.namesrv_addr;
  options.group = flags.group;
  options.topic = flags.topic;
  options.threads = flags.threads;
  options.from_first = flags.from_first;
  options.duration = flags.seconds > 0 ? absl::Seconds(flags.seconds) : absl::InfiniteDuration();
  options.on_line = [](const std::string& line) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  };
  std::printf("topic: %s, threadCount: %d, group: %s, namesrv: %s\n", flags.topic.c_str(), flags.threads,
              flags.group.c_str(), flags.namesrv_addr.c_str());
  std::fflush(stdout);
  absl::StatusOr<ConsumeResult> result = RunConsumer(options, stop);
  if (!result.ok()) {
    PrintError("consumer", result.status().ToString());
    return kExitFailure;
  }
  std::printf(
      "Total: %lld consumed, TPS: %.0f (first to last message, %.2f s), B2C RT(ms) avg %.3f p99 %.3f max %.3f, "
      "S2C RT(ms) avg %.3f p99 %.3f max %.3f\n",
      static_cast<long long>(result->received), result->per_second(), result->seconds,
      result->b2c.MeanMicros() / 1000, result->b2c.PercentileMicros(99) / 1000, result->b2c.MaxMicros() / 1000,
      result->s2c.MeanMicros() / 1000, result->s2c.PercentileMicros(99) / 1000, result->s2c.MaxMicros() / 1000);
  std::fflush(stdout);
  return kExitOk;
}

}  // namespace spool::mqbench
