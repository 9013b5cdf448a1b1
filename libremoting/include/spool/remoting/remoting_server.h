// File: spool/remoting/remoting_server.h
// RemotingServer: a RocketMQ 4.x remoting server over TCP (NettyRemotingServer's role), for the name server and
// the broker. It accepts connections, decodes frames, dispatches requests by code to processors on their
// executors, answers in the serialization each request used, closes idle connections, and lets processors
// reach clients later through their Channel (long polling, broker -> client requests).
//
//   RemotingServerOptions options;
//   options.listen_port = 9876;                                     // 0: any free port, see port()
//   RemotingServer server(options);
//   auto pool = std::make_shared<BoundedThreadPool>("NamesrvProc", 8, 10000);
//   SPOOL_RETURN_IF_ERROR(server.RegisterDefaultProcessor(namesrv_processor, pool));
//   server.SetChannelEventListener(housekeeping);                   // drop brokers whose channel closed
//   SPOOL_RETURN_IF_ERROR(server.Start());
//   ...
//   server.Shutdown();
//
// Request handling rules (REQUEST_CODE_NOT_SUPPORTED, SYSTEM_BUSY, SYSTEM_ERROR, oneway) are in
// request_processor.h. A connection whose byte stream cannot be decoded (bad length, oversized frame, malformed
// header, unknown serialize type) is closed without an answer, as RocketMQ does; other connections are
// unaffected.
//
// Thread safety: Register*/SetChannelEventListener before Start(), from one thread. port(), Channels() and
// Shutdown() from any thread (Shutdown not from a processor, callback or listener: it joins their threads).
//
// Lifecycle: Start() binds and starts the I/O threads. Shutdown() (also run by the destructor): stops accepting,
// closes every connection (requests the server was waiting for fail with kCancelled; listeners see
// OnChannelClosed), joins the I/O threads, then shuts down every registered executor (requests already queued
// still run; their answers fail quietly) and the callback threads. A processor that never returns makes
// Shutdown hang. A server cannot be restarted; make a new one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "spool/remoting/bounded_thread_pool.h"
#include "spool/remoting/channel.h"
#include "spool/remoting/channel_event_listener.h"
#include "spool/remoting/frame_codec.h"
#include "spool/remoting/request_processor.h"

namespace spool::remoting {

// Defaults are RocketMQ 4.9.7's NettyServerConfig / NettySystemConfig values.
struct RemotingServerOptions {
  // Interface to bind; RocketMQ binds all of them.
  std::string listen_host = "0.0.0.0";
  // listenPort (name server 9876, broker 10911; NettyServerConfig's own default is 8888). 0: an ephemeral port,
  // readable from port() after Start().
  uint16_t listen_port = 8888;
  // Listen backlog (serverSocketBacklog, 1024).
  int backlog = 1024;
  // Threads running sockets, decoding and dispatch (serverSelectorThreads, 3). Processors run on their own
  // executors, never here.
  int io_threads = 3;
  // Threads running callbacks of requests the server sends to clients (serverCallbackExecutorThreads: 0 means 4),
  // and the capacity of their queue; when it is full a callback runs on the I/O thread instead.
  int callback_threads = 4;
  size_t callback_queue_capacity = 65536;
  // A connection with no read or write for this long is closed (serverChannelMaxIdleTimeSeconds, 120 s). Zero
  // or negative: never.
  absl::Duration channel_idle_timeout = absl::Seconds(120);
  // Largest frame accepted or sent, length field included (com.rocketmq.remoting.frameMaxLength, 16 MiB).
  size_t max_frame_size = kDefaultMaxFrameSize;
  // Server -> client InvokeAsync requests waiting for answers, across all connections (serverAsyncSemaphoreValue,
  // 64). Over it InvokeAsync fails with kResourceExhausted. Zero or negative: no limit.
  int max_async_requests = 64;
  // Per connection: Send fails with kResourceExhausted while this many bytes wait to be written (a client that
  // stops reading must not grow our memory without bound). Zero: no limit.
  size_t max_write_queue_bytes = 256 * 1024 * 1024;
};

class RemotingServer {
 public:
  explicit RemotingServer(RemotingServerOptions options = {});
  ~RemotingServer();

  RemotingServer(const RemotingServer&) = delete;
  RemotingServer& operator=(const RemotingServer&) = delete;

  // Routes requests with `code` to `processor`, run on `executor` (shared by several codes if you like, as the
  // broker shares its send pool among SEND_MESSAGE, SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE). Replaces an earlier
  // registration. kInvalidArgument for null arguments, kFailedPrecondition after Start().
  absl::Status RegisterProcessor(int32_t code, std::shared_ptr<RequestProcessor> processor,
                                 std::shared_ptr<BoundedThreadPool> executor);
  // For every code without its own processor (the name server's DefaultRequestProcessor).
  absl::Status RegisterDefaultProcessor(std::shared_ptr<RequestProcessor> processor,
                                        std::shared_ptr<BoundedThreadPool> executor);
  // Connection open/close notifications (channel_event_listener.h). At most one; before Start().
  void SetChannelEventListener(std::shared_ptr<ChannelEventListener> listener);

  // Binds listen_host:listen_port and starts serving. kUnavailable when the address cannot be bound (in use,
  // not local), kFailedPrecondition when called twice or after Shutdown.
  absl::Status Start();

  // The bound port (the ephemeral one when listen_port was 0); 0 before Start().
  uint16_t port() const;

  // The open connections, a snapshot.
  std::vector<std::shared_ptr<Channel>> Channels() const;

  // See the file comment. Idempotent.
  void Shutdown();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace spool::remoting
