// File: transport/callback_runner.h
// Runs a response callback on the owner's callback pool, or on the calling (I/O) thread when the pool refuses
// it (queue full, or shut down during shutdown). A callback must run exactly once, and Java's
// executeInvokeCallback falls back to the current thread the same way.
#pragma once

#include <memory>

#include "absl/functional/any_invocable.h"
#include "spool/remoting/bounded_thread_pool.h"

namespace spool::remoting::internal {

inline void RunOnPoolOrInline(BoundedThreadPool* pool, absl::AnyInvocable<void()> callback) {
  if (pool == nullptr) {
    callback();
    return;
  }
  // Shared so that a refused submission (which destroys its task) leaves us the callback to run here.
  auto shared = std::make_shared<absl::AnyInvocable<void()>>(std::move(callback));
  if (!pool->TrySubmit([shared] { (*shared)(); }).ok()) (*shared)();
}

}  // namespace spool::remoting::internal
