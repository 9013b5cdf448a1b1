// File: common_flags.h
// What every mqstore command shares: `-c broker.properties`, `-v`, the exit codes, the stderr-only logging set-up,
// and how a command's STORE_DIR combines with the properties file.
//
//   CommonFlags common;
//   AddCommonFlags(cmd, &common);
//   absl::StatusOr<StoreOptions> options = LoadOptionsForStore(common, store_dir);
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "spool/store/options.h"

namespace CLI {
class App;
}

namespace spool::mqstore {

// Exit codes: 0 success, 1 the command ran and failed (I/O error, corrupt or inconsistent store, refused put),
// 2 the command line was wrong (CLI11 parse errors and our own argument checks).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct CommonFlags {
  std::string config_path;  // -c: broker.properties; empty = Spool's (RocketMQ's) defaults
  bool verbose = false;     // -v: store logs at info instead of warn
};

void AddCommonFlags(CLI::App* command, CommonFlags* flags);

// Loads the store options for STORE_DIR: defaults, then the -c file's keys, then STORE_DIR as storePathRootDir.
// storePathCommitLog keeps the file's value only if it is an absolute path (a broker that keeps its commit log on
// another disk); unset or relative (e.g. the testdata's "STORE_DIR/commitlog" placeholder) means
// STORE_DIR/commitlog. Errors name the properties file.
absl::StatusOr<store::StoreOptions> LoadOptionsForStore(const CommonFlags& flags, const std::string& store_dir);

// Routes spdlog (the default logger and the store's "spool.store") to stderr at warn, or info with -v. Must run
// before any store call: the store's logger is created on first use.
void SetUpLogging(bool verbose);

// Prints "mqstore <command>: <message>" on stderr.
void PrintError(const std::string& command, const std::string& message);

// Writes all of `data` to stdout's file descriptor with write(2), retrying on EINTR and short writes. False (errno
// set) if the write failed, e.g. EPIPE when the reader went away (SIGPIPE is ignored by main).
bool WriteStdout(const char* data, size_t size);

}  // namespace spool::mqstore
