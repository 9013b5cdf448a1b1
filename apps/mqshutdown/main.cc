// mqshutdown: stops a running broker or name server (RocketMQ's bin/mqshutdown).
//
//   mqshutdown broker|namesrv
//
// Like RocketMQ's script (which greps `ps` for BrokerStartup / NamesrvStartup and kills it), it finds every process
// whose program is mqbroker / mqnamesrv by reading /proc/<pid>/cmdline and sends it SIGTERM, which those programs
// answer with a clean shutdown. Exit codes: 0 signalled at least one process, 1 none running (or a signal
// failed), 2 bad command line.
#include <dirent.h>
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// The base name of argv[0] of `pid`, or "" if unreadable (the process may have just exited).
std::string ProgramName(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/cmdline", std::ios::binary);
  std::string argv0;
  if (!in || !std::getline(in, argv0, '\0')) return {};
  const size_t slash = argv0.rfind('/');
  return slash == std::string::npos ? argv0 : argv0.substr(slash + 1);
}

std::vector<pid_t> FindProcesses(const std::string& program) {
  std::vector<pid_t> found;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return found;
  const pid_t self = getpid();
  while (struct dirent* entry = readdir(proc)) {
    const std::string name = entry->d_name;
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(name));
    if (pid != self && ProgramName(name) == program) found.push_back(pid);
  }
  closedir(proc);
  return found;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 || (std::strcmp(argv[1], "broker") != 0 && std::strcmp(argv[1], "namesrv") != 0)) {
    std::fprintf(stderr, "Usage: mqshutdown broker|namesrv\n");
    return kExitUsage;
  }
  const bool broker = std::strcmp(argv[1], "broker") == 0;
  const std::string program = broker ? "mqbroker" : "mqnamesrv";
  const std::vector<pid_t> pids = FindProcesses(program);
  if (pids.empty()) {
    std::fprintf(stderr, "No %s running.\n", broker ? "mqbroker" : "mqnamesrv");
    return kExitFailure;
  }
  int status = kExitOk;
  for (pid_t pid : pids) {
    if (kill(pid, SIGTERM) != 0) {
      std::fprintf(stderr, "mqshutdown: cannot signal %d: %s\n", static_cast<int>(pid), std::strerror(errno));
      status = kExitFailure;
      continue;
    }
    std::printf("The %s(%d) is running...\nSend shutdown request to %s(%d) OK\n", program.c_str(),
                static_cast<int>(pid), program.c_str(), static_cast<int>(pid));
  }
  return status;
}
