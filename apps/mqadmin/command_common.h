// File: apps/mqadmin/command_common.h
// What every mqadmin sub-command shares: registration on the CLI11 app with RocketMQ's common `-n/--namesrvAddr`
// option, the action a parsed command runs, and the output helpers that reproduce RocketMQ's formatting
// (UtilAll.frontStringAtLeast, timeMillisToHumanString2, fastjson's pretty printing, Java's toString of maps).
//
// A command group registers its commands:
//   CLI::App* sub = AddCommand(app, ctx, "topicRoute", "Examine topic route info");
//   auto flags = std::make_shared<Flags>();
//   sub->add_option("-t,--topic", flags->topic, "topic name")->required();
//   sub->callback([ctx, flags] { ctx->action = [ctx, flags] { return RunTopicRoute(*ctx, *flags); }; });
// and main() runs ctx->action after parsing, mapping its Status to the exit code.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "admin_client.h"
#include "spool/protocol/json_value.h"

namespace spool::mqadmin {

struct CommandContext {
  // -n/--namesrvAddr of whichever sub-command ran.
  std::string namesrv_addr;
  // Set by the parsed sub-command's callback.
  std::function<absl::Status()> action;
  // Every registered command and its description, in registration order (the help listing).
  std::vector<std::pair<std::string, std::string>> commands;
};

// Adds a sub-command with RocketMQ's common options (-n; -h comes from CLI11).
CLI::App* AddCommand(CLI::App* app, CommandContext* ctx, const std::string& name, const std::string& description);

// The command groups (one file each).
void AddTopicCommands(CLI::App* app, CommandContext* ctx);
void AddClusterCommands(CLI::App* app, CommandContext* ctx);
void AddConsumerCommands(CLI::App* app, CommandContext* ctx);
void AddMessageCommands(CLI::App* app, CommandContext* ctx);

// An AdminClient for the context's -n (or NAMESRV_ADDR).
absl::StatusOr<std::unique_ptr<AdminClient>> Connect(const CommandContext& ctx);

// printf to stdout (Java's System.out.printf with %n written as \n by the caller).
void Print(std::string_view text);

// UtilAll.frontStringAtLeast: the first `size` characters of `s`.
std::string FrontStringAtLeast(std::string_view s, size_t size);
// UtilAll.timeMillisToHumanString2: "yyyy-MM-dd HH:mm:ss,SSS" in local time.
std::string TimeMillisToHumanString2(int64_t millis);
// UtilAll.formatDate(..., "yyyy-MM-dd HH:mm:ss") in local time.
std::string FormatDate(int64_t millis);
// Boolean.parseBoolean: true only for "true", any case.
bool ParseJavaBoolean(std::string_view s);
// A decimal integer flag value, or kInvalidArgument naming the flag.
absl::StatusOr<int64_t> ParseIntFlag(std::string_view flag, std::string_view value);
// A timestamp flag: milliseconds, or "yyyy-MM-dd#HH:mm:ss:SSS" in local time (UtilAll.YYYY_MM_DD_HH_MM_SS_SSS).
absl::StatusOr<int64_t> ParseTimestampFlag(std::string_view flag, std::string_view value);

// fastjson's JSON.toJSONString(obj, true): tab-indented, one property per line, integer-keyed maps kept on the
// opening line as fastjson prints them.
std::string PrettyJson(const protocol::JsonValue& value);

// TopicValidator.validateTopic: non-empty, at most 127 characters of [%|a-zA-Z0-9_-], not TBW102.
absl::Status ValidateTopic(std::string_view topic);

// MixAll prefixes.
inline constexpr char kRetryGroupTopicPrefix[] = "%RETRY%";
inline constexpr char kDlqGroupTopicPrefix[] = "%DLQ%";
inline constexpr char kToolsConsumerGroup[] = "TOOLS_CONSUMER";

}  // namespace spool::mqadmin
