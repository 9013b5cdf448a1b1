#include "system_info.h"

#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <ctime>
#include <fstream>

#include "fmt/format.h"

namespace spool::mqstore {
namespace {

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      size_t colon = line.find(':');
      if (colon != std::string::npos) {
        size_t begin = line.find_first_not_of(" \t", colon + 1);
        return begin == std::string::npos ? std::string() : line.substr(begin);
      }
    }
  }
  return "unknown";
}

std::string FileSystemType(const std::string& dir) {
  struct statfs st;
  if (::statfs(dir.c_str(), &st) != 0) return "unknown";
  switch (static_cast<unsigned long>(st.f_type)) {
    case 0xEF53:
      return "ext4";
    case 0x58465342:
      return "xfs";
    case 0x9123683E:
      return "btrfs";
    case 0x01021994:
      return "tmpfs";
    case 0x794C7630:
      return "overlayfs";
    case 0x2FC12FC1:
      return "zfs";
    case 0x6969:
      return "nfs";
    default:
      return fmt::format("0x{:x}", static_cast<unsigned long>(st.f_type));
  }
}

}  // namespace

SystemInfo CollectSystemInfo(const std::string& dir) {
  SystemInfo info;
  info.cpu_model = CpuModel();
  info.cores = static_cast<int>(::sysconf(_SC_NPROCESSORS_ONLN));
  struct utsname u;
  if (::uname(&u) == 0) info.kernel = fmt::format("{} {}", u.sysname, u.release);
  std::time_t now = std::time(nullptr);
  std::tm local;
  localtime_r(&now, &local);
  char date[64];
  std::strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S%z", &local);
  info.date = date;
  info.file_system = FileSystemType(dir);
#if defined(__OPTIMIZE__)
  info.optimized = true;
#endif
#if !defined(NDEBUG)
  info.assertions = true;
#endif
  return info;
}

}  // namespace spool::mqstore
