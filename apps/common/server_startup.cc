#include "server_startup.h"

#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>

#include "spdlog/sinks/stdout_color_sinks.h"
#include "spdlog/spdlog.h"

namespace spool::apps {

std::optional<int> ParseCommandLine(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, std::cout, std::cerr);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return std::nullopt;
}

void PrintError(const std::string& program, const std::string& message) {
  std::fprintf(stderr, "%s: %s\n", program.c_str(), message.c_str());
}

absl::Status LoadPropertiesInto(
    const std::string& file,
    const std::function<absl::Status(const store::Properties&, std::vector<std::string>*)>& apply,
    std::vector<std::string>* unknown_keys) {
  absl::StatusOr<store::Properties> props = store::LoadPropertiesFile(file);
  if (!props.ok()) return props.status();
  if (absl::Status s = apply(*props, unknown_keys); !s.ok()) {
    return absl::Status(s.code(), file + ": " + std::string(s.message()));
  }
  std::printf("load config properties file OK, %s\n", file.c_str());
  return absl::OkStatus();
}

void SetUpServerLogging(std::initializer_list<const char*> logger_names) {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  const char* last = nullptr;
  for (const char* name : logger_names) {
    spdlog::drop(name);
    auto logger = std::make_shared<spdlog::logger>(name, sink);
    logger->set_level(spdlog::level::info);
    logger->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%n] [%l] %v");
    spdlog::register_logger(logger);
    last = name;
  }
  if (last != nullptr) spdlog::set_default_logger(spdlog::get(last));
}

StopSignals::StopSignals() {
  // A shell starts background jobs with SIGINT ignored, and an ignored signal is discarded even while blocked:
  // restore the default disposition first.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
}

int StopSignals::Wait() {
  int signal_number = 0;
  sigwait(&signals_, &signal_number);
  return signal_number;
}

}  // namespace spool::apps
