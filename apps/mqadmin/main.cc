// mqadmin: RocketMQ's admin tool (bin/mqadmin) against Spool or RocketMQ 4.x name servers and brokers.
//
//   mqadmin                               lists the commands
//   mqadmin help <command>                that command's options
//   mqadmin <command> -n host:port [...]  runs it (-n defaults to $NAMESRV_ADDR)
//
// Commands and flags are RocketMQ 4.9.7's (spec clients.md §6), and so is their output. Exit codes: 0 ok, 1 the
// command failed (bad flag value, unreachable server, unknown topic, an error response: its code and remark are
// printed),
// 2 bad command line.
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "command_common.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

void PrintCommandList(const spool::mqadmin::CommandContext& ctx) {
  std::printf("The most commonly used mqadmin commands are:\n");
  for (const auto& [name, description] : ctx.commands) std::printf("   %-20s %s\n", name.c_str(), description.c_str());
  std::printf("\nSee 'mqadmin help <command>' for more information on a specific command.\n");
}

// RocketMQ matches command names ignoring case; CLI11 wants the registered spelling.
CLI::App* FindCommand(CLI::App& app, const std::string& name) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    if (absl::AsciiStrToLower(sub->get_name()) == absl::AsciiStrToLower(name)) return sub;
  }
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);

  CLI::App app{"mqadmin: RocketMQ admin tool"};
  app.name("mqadmin");
  app.require_subcommand(0, 1);
  spool::mqadmin::CommandContext ctx;
  spool::mqadmin::AddTopicCommands(&app, &ctx);
  spool::mqadmin::AddClusterCommands(&app, &ctx);
  spool::mqadmin::AddConsumerCommands(&app, &ctx);
  spool::mqadmin::AddMessageCommands(&app, &ctx);

  if (argc < 2) {
    PrintCommandList(ctx);
    return kExitOk;
  }
  const std::string first = argv[1];
  if (first == "help" || first == "-h" || first == "--help") {
    if (argc < 3) {
      PrintCommandList(ctx);
      return kExitOk;
    }
    CLI::App* sub = FindCommand(app, argv[2]);
    if (sub == nullptr) {
      std::fprintf(stderr, "The sub command %s not exist.\n", argv[2]);
      return kExitUsage;
    }
    std::printf("%s", sub->help("mqadmin").c_str());
    return kExitOk;
  }
  CLI::App* sub = FindCommand(app, first);
  if (sub == nullptr) {
    std::fprintf(stderr, "The sub command %s not exist.\n", first.c_str());
    PrintCommandList(ctx);
    return kExitUsage;
  }
  std::vector<std::string> args;
  args.push_back(sub->get_name());
  for (int i = 2; i < argc; ++i) args.emplace_back(argv[i]);
  // CLI11 parses a reversed vector.
  std::reverse(args.begin(), args.end());
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    std::printf("%s", sub->help("mqadmin").c_str());
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "mqadmin %s: %s\n", sub->get_name().c_str(), e.what());
    std::fprintf(stderr, "See 'mqadmin help %s'.\n", sub->get_name().c_str());
    return kExitUsage;
  }
  if (!ctx.action) {
    PrintCommandList(ctx);
    return kExitUsage;
  }
  const absl::Status status = ctx.action();
  std::fflush(stdout);
  if (!status.ok()) {
    std::fprintf(stderr, "mqadmin %s command failed: %s\n", sub->get_name().c_str(),
                 std::string(status.message()).c_str());
    return kExitFailure;
  }
  return kExitOk;
}
