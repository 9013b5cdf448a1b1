// The real Clock, and the defaults of Clock's non-pure virtuals.
#include <time.h>

#include <chrono>

#include "spool/store/clock.h"

namespace spool::store {
namespace {

class SystemClock final : public Clock {
 public:
  int64_t NowMillis() override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  int64_t MonotonicNanos() override {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace

Clock* Clock::Default() {
  static Clock* const clock = new SystemClock();  // never destroyed: services may read it during shutdown
  return clock;
}

int Clock::LocalHour(int64_t millis) {
  // Floor division: a negative millis (before 1970) belongs to the second before.
  int64_t seconds = millis / 1000;
  if (millis % 1000 < 0) --seconds;
  const time_t t = static_cast<time_t>(seconds);
  struct tm local;
  if (::localtime_r(&t, &local) == nullptr) return 0;
  return local.tm_hour;
}

bool Clock::WaitFor(absl::CondVar* cv, absl::Mutex* mu, absl::Duration timeout) {
  return cv->WaitWithTimeout(mu, timeout);
}

}  // namespace spool::store
