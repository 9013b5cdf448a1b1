#include "unique_id.h"

#include <arpa/inet.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <random>

#include "spool/client/client_config.h"

namespace spool::client::internal {

namespace {

void PutBigEndian(uint64_t value, int bytes, std::string* out) {
  for (int i = bytes - 1; i >= 0; --i) out->push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

std::string HostIpBytes() {
  std::string ip = ResolveClientIp(ClientConfig{});
  in_addr v4{};
  if (::inet_pton(AF_INET, ip.c_str(), &v4) == 1) return std::string(reinterpret_cast<const char*>(&v4), 4);
  in6_addr v6{};
  if (::inet_pton(AF_INET6, ip.c_str(), &v6) == 1) return std::string(reinterpret_cast<const char*>(&v6), 16);
  return std::string("\x7f\x00\x00\x01", 4);
}

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string BytesToHex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  return out;
}

UniqueIdGenerator::UniqueIdGenerator(std::string ip, int32_t pid, int32_t salt)
    : prefix_([&] {
        std::string fixed = std::move(ip);
        PutBigEndian(static_cast<uint16_t>(pid), 2, &fixed);
        PutBigEndian(static_cast<uint32_t>(salt), 4, &fixed);
        return BytesToHex(fixed);
      }()) {}

UniqueIdGenerator& UniqueIdGenerator::Global() {
  static UniqueIdGenerator* generator = [] {
    std::random_device rd;
    return new UniqueIdGenerator(HostIpBytes(), static_cast<int32_t>(::getpid()), static_cast<int32_t>(rd()));
  }();
  return *generator;
}

int64_t UniqueIdGenerator::MillisOfMonthStart(int64_t now_millis) {
  // Java uses the local calendar's first day of the month, 00:00:00.000.
  time_t secs = static_cast<time_t>(now_millis / 1000);
  tm local{};
  ::localtime_r(&secs, &local);
  local.tm_mday = 1;
  local.tm_hour = 0;
  local.tm_min = 0;
  local.tm_sec = 0;
  local.tm_isdst = -1;
  return static_cast<int64_t>(::mktime(&local)) * 1000;
}

std::string UniqueIdGenerator::Next() { return NextAt(NowMillis()); }

std::string UniqueIdGenerator::NextAt(int64_t now_millis) {
  int64_t start = 0;
  {
    absl::MutexLock lock(&mu_);
    if (now_millis >= next_start_millis_ || now_millis < start_millis_) {
      start_millis_ = MillisOfMonthStart(now_millis);
      time_t secs = static_cast<time_t>(start_millis_ / 1000);
      tm local{};
      ::localtime_r(&secs, &local);
      local.tm_mon += 1;
      local.tm_isdst = -1;
      next_start_millis_ = static_cast<int64_t>(::mktime(&local)) * 1000;
    }
    start = start_millis_;
  }
  int64_t diff = now_millis - start;
  if (diff < 0 && diff > -1000000) diff = 0;
  std::string tail;
  PutBigEndian(static_cast<uint32_t>(diff), 4, &tail);
  PutBigEndian(static_cast<uint16_t>(counter_.fetch_add(1, std::memory_order_relaxed)), 2, &tail);
  return prefix_ + BytesToHex(tail);
}

}  // namespace spool::client::internal
