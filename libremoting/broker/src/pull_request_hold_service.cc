#include "pull_request_hold_service.h"

#include <algorithm>

namespace spool::broker::internal {

PullRequestHoldService::PullRequestHoldService(store::MessageStore* store, absl::Duration check_interval, Rerun rerun)
    : store_(store), check_interval_(check_interval), rerun_(std::move(rerun)) {}

PullRequestHoldService::~PullRequestHoldService() { Shutdown(); }

void PullRequestHoldService::Start() {
  absl::MutexLock lock(&mu_);
  if (started_ || stopping_) return;
  started_ = true;
  thread_ = std::thread([this] { Run(); });
}

void PullRequestHoldService::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  // Anything parked without a running thread (never started) is answered here.
  std::vector<Held> rest;
  {
    absl::MutexLock lock(&mu_);
    rest = TakeReady(false, true, {});
  }
  for (Held& h : rest) rerun_(h.ctx, std::move(h.request));
}

void PullRequestHoldService::Suspend(const std::string& topic, int32_t queue_id, int64_t offset, absl::Duration hold,
                                     const remoting::RequestContext& ctx, remoting::RemotingCommand request) {
  {
    absl::MutexLock lock(&mu_);
    if (!stopping_) {
      const Key key(topic, queue_id);
      held_[key].push_back(Held{offset, absl::Now() + hold, ctx, std::move(request)});
      ++held_count_;
      reschedule_ = true;
      // A message stored between the pull's read and this park would otherwise wait for the periodic check:
      // either it is already in the ConsumeQueue, or its put was acknowledged (and notified) before dispatch.
      int64_t newest = store_->GetMaxOffsetInQueue(topic, queue_id) - 1;
      if (auto w = last_written_.find(key); w != last_written_.end()) newest = std::max(newest, w->second);
      if (newest >= offset) arrived_[key] = std::max(arrived_[key], newest);
      return;
    }
  }
  rerun_(ctx, std::move(request));
}

void PullRequestHoldService::NotifyMessageArriving(const std::string& topic, int32_t queue_id,
                                                   int64_t queue_offset) {
  absl::MutexLock lock(&mu_);
  const Key key(topic, queue_id);
  int64_t& written = last_written_[key];
  written = std::max(written, queue_offset);
  if (held_.count(key) == 0) return;
  auto [it, inserted] = arrived_.emplace(key, queue_offset);
  if (!inserted) it->second = std::max(it->second, queue_offset);
}

bool PullRequestHoldService::WaitForHeld(size_t n, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto enough = [this, n]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return held_count_ >= n; };
  return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
}

size_t PullRequestHoldService::held_count() const {
  absl::MutexLock lock(&mu_);
  return held_count_;
}

absl::Time PullRequestHoldService::EarliestDeadline() const {
  absl::Time earliest = absl::InfiniteFuture();
  for (const auto& [key, list] : held_) {
    for (const Held& h : list) earliest = std::min(earliest, h.deadline);
  }
  return earliest;
}

std::vector<PullRequestHoldService::Held> PullRequestHoldService::TakeReady(bool periodic, bool all,
                                                                           const std::set<Key>& arrived) {
  std::vector<Held> ready;
  const absl::Time now = absl::Now();
  for (auto it = held_.begin(); it != held_.end();) {
    const bool check_offset = all || periodic || arrived.count(it->first) != 0;
    const int64_t max = check_offset && !all ? store_->GetMaxOffsetInQueue(it->first.first, it->first.second) : 0;
    std::vector<Held>& list = it->second;
    for (auto h = list.begin(); h != list.end();) {
      if (all || now >= h->deadline || (check_offset && max > h->offset)) {
        ready.push_back(std::move(*h));
        h = list.erase(h);
        --held_count_;
      } else {
        ++h;
      }
    }
    it = list.empty() ? held_.erase(it) : std::next(it);
  }
  return ready;
}

void PullRequestHoldService::Run() {
  absl::Time next_check = absl::Now() + check_interval_;
  while (true) {
    std::vector<Held> ready;
    bool stop = false;
    std::map<Key, int64_t> arrived;
    {
      absl::MutexLock lock(&mu_);
      auto wake = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
        return stopping_ || reschedule_ || !arrived_.empty();
      };
      const absl::Time deadline = std::min(next_check, EarliestDeadline());
      mu_.AwaitWithDeadline(absl::Condition(&wake), deadline);
      reschedule_ = false;
      arrived.swap(arrived_);
    }
    // The put is acknowledged before the ConsumeQueue has the message; wait (on the store's dispatch signal) until
    // it does, so the re-run finds it. Bounded: a message that never shows here is left to the periodic check.
    std::set<Key> arrived_keys;
    for (const auto& [key, offset] : arrived) {
      (void)store_->WaitForMessages(key.first, key.second, offset, absl::Seconds(1));
      arrived_keys.insert(key);
    }
    {
      absl::MutexLock lock(&mu_);
      stop = stopping_;
      const bool periodic = absl::Now() >= next_check;
      if (periodic) next_check = absl::Now() + check_interval_;
      ready = TakeReady(periodic, stop, arrived_keys);
    }
    for (Held& h : ready) rerun_(h.ctx, std::move(h.request));
    if (stop) return;
  }
}

}  // namespace spool::broker::internal
