#include "stop_signal.h"

#include <pthread.h>

#include <csignal>

namespace spool::mqbench {
namespace {

sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

StopSignal::StopSignal() {
  // A shell starts background jobs with SIGINT ignored, and an ignored signal is discarded even while blocked.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  const sigset_t set = StopSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  watcher_ = std::thread([this] { Watch(); });
}

StopSignal::~StopSignal() {
  {
    absl::MutexLock lock(&mu_);
    exiting_ = true;
  }
  // Wakes the watcher's sigwait; it sees exiting_ and returns.
  pthread_kill(watcher_.native_handle(), SIGTERM);
  watcher_.join();
}

void StopSignal::Watch() {
  const sigset_t set = StopSignals();
  for (;;) {
    int signal_number = 0;
    if (sigwait(&set, &signal_number) != 0) continue;
    absl::MutexLock lock(&mu_);
    if (exiting_) return;
    stopped_ = true;
    signal_number_ = signal_number;
  }
}

bool StopSignal::stopped() const {
  absl::MutexLock lock(&mu_);
  return stopped_;
}

int StopSignal::signal_number() const {
  absl::MutexLock lock(&mu_);
  return signal_number_;
}

void StopSignal::RequestStop() {
  absl::MutexLock lock(&mu_);
  stopped_ = true;
}

void StopSignal::Notify() {
  // Releasing the lock makes absl::Mutex re-evaluate the waiters' conditions.
  absl::MutexLock lock(&mu_);
}

StopSignal::WaitOutcome StopSignal::WaitFor(absl::Duration timeout, const std::function<bool()>& done) {
  absl::MutexLock lock(&mu_);
  struct Args {
    const bool* stopped;
    const std::function<bool()>* done;
  } args{&stopped_, &done};
  const bool woke = mu_.AwaitWithTimeout(
      absl::Condition(+[](Args* a) { return *a->stopped || (*a->done && (*a->done)()); }, &args), timeout);
  if (stopped_) return WaitOutcome::kStopped;
  return woke ? WaitOutcome::kDone : WaitOutcome::kTimedOut;
}

}  // namespace spool::mqbench
