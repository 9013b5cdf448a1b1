// File: commands.h
// mqstore's subcommands. Each AddXxxCommand registers its CLI11 subcommand and binds its flags; main parses the
// command line and calls the RunXxx of the subcommand given, whose result is the process exit code
// (common_flags.h: 0 ok, 1 failure, 2 usage).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common_flags.h"

namespace CLI {
class App;
}

namespace spool::mqstore {

struct DumpFlags {
  CommonFlags common;
  std::string store_dir;
  bool bodies = false;
};
CLI::App* AddDumpCommand(CLI::App* app, DumpFlags* flags);
int RunDump(const DumpFlags& flags);

struct VerifyFlags {
  CommonFlags common;
  std::string store_dir;
  int max_faults = 20;
};
CLI::App* AddVerifyCommand(CLI::App* app, VerifyFlags* flags);
int RunVerify(const VerifyFlags& flags);

struct PutFlags {
  CommonFlags common;
  std::string store_dir;
  std::string topic;
  int32_t queues = 4;
  int64_t count = 0;
  int32_t size = 128;
  std::string flush;  // "", "sync" or "async"
  int32_t threads = 1;
  bool acks = false;
  bool keys = false;
};
CLI::App* AddPutCommand(CLI::App* app, PutFlags* flags);
int RunPut(const PutFlags& flags);

struct BenchFlags {
  CommonFlags common;
  std::string dir = "spool-bench";
  double seconds = 3;
  bool json = false;
  std::vector<int32_t> sizes{128, 1024, 4096};
  std::vector<int32_t> threads{1, 4, 16};
  std::vector<std::string> modes{"async", "sync"};
  bool no_read = false;   // skip the read row
  bool no_write = false;  // skip the put rows
  int64_t read_messages = 200000;
  int repeat = 1;
};
CLI::App* AddBenchCommand(CLI::App* app, BenchFlags* flags);
int RunBench(const BenchFlags& flags);

}  // namespace spool::mqstore
