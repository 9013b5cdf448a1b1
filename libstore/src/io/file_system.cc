// The non-virtual parts of the FileSystem seam: the default instance, path joining and the disk-usage ratio.
#include "spool/store/file_system.h"

#include "io/posix_file_system.h"

namespace spool::store {

FileSystem* FileSystem::Default() {
  // Leaked on purpose: mappings and locks made through it may outlive static destruction order.
  static FileSystem* const fs = new internal::PosixFileSystem();
  return fs;
}

std::string JoinPath(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  if (b.empty()) return std::string(a);
  std::string out;
  out.reserve(a.size() + 1 + b.size());
  out.append(a);
  if (out.back() == '/') {
    if (b.front() == '/') b.remove_prefix(1);
  } else if (b.front() != '/') {
    out.push_back('/');
  }
  out.append(b);
  return out;
}

double DiskUsage::used_ratio() const {
  // RocketMQ (UtilAll.getDiskPartitionSpaceUsedPercent): used / (used + usable), rounded UP to a whole percent,
  // -1 when the size is unknown. PosixFileSystem reports total_bytes as used + available (blocks reserved for
  // root excluded, as df's Use% does), so used + available == total_bytes here.
  if (total_bytes == 0) return -1.0;
  const uint64_t available = available_bytes > total_bytes ? total_bytes : available_bytes;
  const unsigned __int128 used_x100 = static_cast<unsigned __int128>(total_bytes - available) * 100;
  uint64_t percent = static_cast<uint64_t>(used_x100 / total_bytes);
  if (used_x100 % total_bytes != 0) ++percent;
  return static_cast<double>(percent) / 100.0;
}

}  // namespace spool::store
