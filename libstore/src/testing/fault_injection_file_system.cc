#include "testing/fault_injection_file_system.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace spool::store::internal {

namespace {

// Operations that change the disk; SetActive(false) fails these and leaves reads and maps alone.
bool Mutates(MemFileSystem::Op op) {
  switch (op) {
    case MemFileSystem::Op::kMap:
    case MemFileSystem::Op::kRead:
      return false;
    default:
      return true;
  }
}

}  // namespace

FaultInjectionFileSystem::FaultInjectionFileSystem(Clock* clock) : MemFileSystem(clock) {
  SetFaultHook([this](Op op, const std::string& path) { return Check(op, path); });
}

FaultInjectionFileSystem::~FaultInjectionFileSystem() {
  // Objects handed out may outlive us; they must not call back into a destroyed hook.
  SetFaultHook(nullptr);
}

void FaultInjectionFileSystem::SimulatePowerLoss(const PowerLossOptions& options) {
  DropOptions drop;
  drop.garbage = options.garbage_after_durable;
  drop.unsynced_may_survive = options.unsynced_may_survive;
  drop.seed = options.seed;
  DropUnsyncedData(drop);
  SetActive(true);
}

void FaultInjectionFileSystem::FailNext(Op op, absl::Status status, std::string path_contains) {
  absl::MutexLock lock(&mu_);
  next_[static_cast<size_t>(op)] = Rule{std::move(status), std::move(path_contains)};
}

void FaultInjectionFileSystem::FailAlways(Op op, absl::Status status, std::string path_contains) {
  absl::MutexLock lock(&mu_);
  always_[static_cast<size_t>(op)] = Rule{std::move(status), std::move(path_contains)};
}

void FaultInjectionFileSystem::ClearFailures() {
  absl::MutexLock lock(&mu_);
  next_ = {};
  always_ = {};
}

uint64_t FaultInjectionFileSystem::injected_failures() const {
  absl::MutexLock lock(&mu_);
  return injected_;
}

void FaultInjectionFileSystem::SetActive(bool active) {
  absl::MutexLock lock(&mu_);
  active_ = active;
}

bool FaultInjectionFileSystem::active() const {
  absl::MutexLock lock(&mu_);
  return active_;
}

// Runs under MemFileSystem's lock (lock order: file system, then mu_).
absl::Status FaultInjectionFileSystem::Check(Op op, const std::string& path) {
  absl::MutexLock lock(&mu_);
  auto injected = [&](const absl::Status& status) {
    ++injected_;
    // Keep the caller's code and text, and name the operation and path as every error of ours does.
    return absl::Status(status.code(), absl::StrCat(status.message(), " (injected: ", OpName(op), " ", path, ")"));
  };
  if (!active_ && Mutates(op)) {
    return injected(absl::UnavailableError("file system inactive (simulated power cut)"));
  }
  const size_t i = static_cast<size_t>(op);
  auto matches = [&](const std::optional<Rule>& rule) {
    return rule.has_value() && path.find(rule->path_contains) != std::string::npos;
  };
  if (matches(always_[i])) return injected(always_[i]->status);
  if (matches(next_[i])) {
    absl::Status status = next_[i]->status;
    next_[i].reset();
    return injected(status);
  }
  return absl::OkStatus();
}

}  // namespace spool::store::internal
