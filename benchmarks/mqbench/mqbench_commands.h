// File: mqbench_commands.h
// The three mqbench commands: their flags, how each adds itself to the command line, and how it runs. Each Run*
// returns the process exit code (kExitOk, kExitFailure, or kExitInterrupted when SIGINT/SIGTERM ended a run that
// had a fixed length).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "stop_signal.h"

namespace CLI {
class App;
}

namespace spool::mqbench {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInterrupted = 130;

// Prints "mqbench <command>: <message>" on stderr.
void PrintError(const std::string& command, const std::string& message);

struct ProducerFlags {
  std::string namesrv_addr;
  std::string topic = "BenchmarkTest";
  int threads = 64;
  int32_t message_size = 128;
  bool key_enable = false;
  int tag_count = 0;
  std::string group = "benchmark_producer";
  double seconds = 0;  // 0: until SIGINT/SIGTERM
  bool verbose = false;
};
CLI::App* AddProducerCommand(CLI::App* app, ProducerFlags* flags);
int RunProducerCommand(const ProducerFlags& flags, StopSignal* stop);

struct ConsumerFlags {
  std::string namesrv_addr;
  std::string topic = "BenchmarkTest";
  std::string group = "benchmark_consumer";
  int threads = 20;
  bool from_first = false;
  double seconds = 0;  // 0: until SIGINT/SIGTERM
  bool verbose = false;
};
CLI::App* AddConsumerCommand(CLI::App* app, ConsumerFlags* flags);
int RunConsumerCommand(const ConsumerFlags& flags, StopSignal* stop);

struct LoopbackFlags {
  std::string dir = "/tmp/mqbench";
  int32_t message_size = 1024;
  std::vector<int> threads = {1, 16};
  std::vector<std::string> flush = {"async", "sync"};
  double seconds = 3;
  double warmup = 1;
  int queues = 8;
  int consume_threads = 20;
  bool no_consume = false;
  bool keep = false;
  bool quiet = false;
  std::string config_path;
  bool verbose = false;
};
CLI::App* AddLoopbackCommand(CLI::App* app, LoopbackFlags* flags);
int RunLoopbackCommand(const LoopbackFlags& flags, StopSignal* stop);

}  // namespace spool::mqbench
