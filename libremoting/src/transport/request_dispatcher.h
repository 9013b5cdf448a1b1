// File: transport/request_dispatcher.h
// RequestDispatcher: routes incoming requests by code to their processor and executor, and produces the
// remoting-level answers RocketMQ gives around processors (NettyRemotingAbstract.processRequestCommand):
// REQUEST_CODE_NOT_SUPPORTED, SYSTEM_BUSY for rejected or overloaded requests, SYSTEM_ERROR for failed ones. The
// exact rules are in spool/remoting/request_processor.h. Shared by the server and the client (brokers send
// requests to clients too).
//
// Thread safety: Register* before Freeze() only, from one thread; Dispatch from any I/O thread after Freeze()
// (the table is then read without locks).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "spool/remoting/bounded_thread_pool.h"
#include "spool/remoting/channel.h"
#include "spool/remoting/remoting_command.h"
#include "spool/remoting/request_processor.h"

namespace spool::remoting::internal {

class RequestDispatcher {
 public:
  // Replaces any earlier registration for `code` (as Java's registerProcessor does). kInvalidArgument for a null
  // processor or executor, kFailedPrecondition after Freeze().
  absl::Status Register(int32_t code, std::shared_ptr<RequestProcessor> processor,
                        std::shared_ptr<BoundedThreadPool> executor);
  // For codes without their own processor.
  absl::Status RegisterDefault(std::shared_ptr<RequestProcessor> processor,
                               std::shared_ptr<BoundedThreadPool> executor);
  void Freeze() { frozen_ = true; }

  // Answers or queues `request`, which arrived on `channel`. Never blocks.
  void Dispatch(const std::shared_ptr<Channel>& channel, RemotingCommand request);

  // Shuts down every registered executor (each once, however many codes share it): queued requests still run
  // (their answers fail quietly on closed channels), then the workers are joined.
  void ShutdownExecutors();

 private:
  struct Entry {
    std::shared_ptr<RequestProcessor> processor;
    std::shared_ptr<BoundedThreadPool> executor;
  };

  const Entry* Find(int32_t code) const;

  bool frozen_ = false;
  absl::flat_hash_map<int32_t, Entry> table_;
  std::optional<Entry> default_;
};

}  // namespace spool::remoting::internal
