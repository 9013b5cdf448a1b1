// File: apps/common/server_startup.h
// What a server executable does before and after its server runs, the same for mqnamesrv and mqbroker: parse the
// command line, apply a broker.properties-style file, log to stderr, and wait for SIGINT/SIGTERM.
#pragma once

#include <signal.h>

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "spool/store/options.h"

namespace spool::apps {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// Parses argv; on --help or a bad command line returns the exit code to leave with (0 after help, kExitUsage
// otherwise), having printed what CLI11 prints. nullopt: go on.
std::optional<int> ParseCommandLine(CLI::App& app, int argc, char** argv);

// Prints "<program>: <message>" to stderr.
void PrintError(const std::string& program, const std::string& message);

// Reads `file` (java.util.Properties syntax) and hands it to `apply`, which sets the keys it knows and lists the
// others in `unknown_keys`. On success prints RocketMQ's "load config properties file OK, <file>". On failure the
// error names the file.
absl::Status LoadPropertiesInto(
    const std::string& file,
    const std::function<absl::Status(const store::Properties&, std::vector<std::string>*)>& apply,
    std::vector<std::string>* unknown_keys);

// stderr loggers with RocketMQ's timestamp pattern; the last name becomes the default logger.
void SetUpServerLogging(std::initializer_list<const char*> logger_names);

// SIGINT and SIGTERM are taken only by Wait(): constructed on the main thread before any server thread starts, it
// blocks both, and every thread started afterwards inherits the mask, so no handler runs in an arbitrary thread.
class StopSignals {
 public:
  StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Blocks until one of the signals arrives; returns its number.
  int Wait();

 private:
  sigset_t signals_;
};

}  // namespace spool::apps
