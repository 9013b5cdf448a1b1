// File: system_info.h
// The environment a benchmark ran in, printed before its numbers (as LevelDB's db_bench does): numbers without
// their machine, kernel, file system and build are not comparable.
#pragma once

#include <string>

namespace spool::mqstore {

struct SystemInfo {
  std::string cpu_model;  // /proc/cpuinfo "model name" (or "unknown")
  int cores = 0;          // online logical CPUs
  std::string kernel;     // uname: sysname release
  std::string date;       // local time, ISO 8601
  std::string file_system;  // type of the file system holding the benchmark directory (statfs)
  bool optimized = false;   // this binary was compiled with optimization (__OPTIMIZE__)
  bool assertions = false;  // NDEBUG not defined
};

SystemInfo CollectSystemInfo(const std::string& dir);

}  // namespace spool::mqstore
