#include "common_flags.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <memory>

#include "CLI/CLI.hpp"
#include "spdlog/sinks/stdout_color_sinks.h"
#include "spdlog/spdlog.h"

namespace spool::mqstore {

void AddCommonFlags(CLI::App* command, CommonFlags* flags) {
  command
      ->add_option("-c,--config", flags->config_path,
                   "broker.properties with store options (mappedFileSizeCommitLog, flushDiskType, ...). The "
                   "command's STORE_DIR replaces storePathRootDir; storePathCommitLog is kept only if absolute, "
                   "else it is STORE_DIR/commitlog")
      ->check(CLI::ExistingFile);
  command->add_flag("-v,--verbose", flags->verbose, "log store lifecycle (info) on stderr; default warn");
}

absl::StatusOr<store::StoreOptions> LoadOptionsForStore(const CommonFlags& flags, const std::string& store_dir) {
  store::StoreOptions options;
  if (!flags.config_path.empty()) {
    absl::StatusOr<store::StoreOptions> loaded = store::LoadStoreOptions(flags.config_path);
    if (!loaded.ok()) {
      return absl::Status(loaded.status().code(),
                          "-c " + flags.config_path + ": " + std::string(loaded.status().message()));
    }
    options = *std::move(loaded);
  }
  options.store_path_root_dir = store_dir;
  if (options.store_path_commit_log.empty() || options.store_path_commit_log.front() != '/') {
    options.store_path_commit_log.clear();  // derived: STORE_DIR/commitlog
  }
  return options;
}

void SetUpLogging(bool verbose) {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  const auto level = verbose ? spdlog::level::info : spdlog::level::warn;
  for (const char* name : {"spool.store", "mqstore"}) {
    spdlog::drop(name);
    auto logger = std::make_shared<spdlog::logger>(name, sink);
    logger->set_level(level);
    logger->set_pattern("[%H:%M:%S.%e] [%n] [%l] %v");
    spdlog::register_logger(logger);
  }
  // Anything logging through the default logger (stdout by default) goes to stderr too: stdout carries data.
  spdlog::set_default_logger(spdlog::get("mqstore"));
}

void PrintError(const std::string& command, const std::string& message) {
  std::fflush(stdout);
  std::fprintf(stderr, "mqstore %s: %s\n", command.c_str(), message.c_str());
}

bool WriteStdout(const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(STDOUT_FILENO, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace spool::mqstore
