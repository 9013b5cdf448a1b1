// File: spool/remoting/remoting_client.h
// RemotingClient: the client side of RocketMQ 4.x remoting (NettyRemotingClient's role), for the client SDK, the
// broker's calls to name servers, and tools. One connection per "host:port", made on first use and remade on
// the next use after it failed or closed; requests are matched to responses by opaque; timeouts, oneway sends,
// and requests the server sends to us (NOTIFY_CONSUMER_IDS_CHANGED, CHECK_TRANSACTION_STATE,
// GET_CONSUMER_RUNNING_INFO, ...) dispatched to processors exactly as on a server.
//
//   RemotingClient client;
//   SPOOL_RETURN_IF_ERROR(client.RegisterProcessor(request_code::kNotifyConsumerIdsChanged, rebalance, pool));
//   SPOOL_RETURN_IF_ERROR(client.Start());
//
//   RemotingCommand request = RemotingCommand::CreateRequest(request_code::kGetRouteinfoByTopic);
//   request.SetExtField("topic", "TopicTest");
//   absl::StatusOr<RemotingCommand> response = client.InvokeSync("127.0.0.1:9876", request, absl::Seconds(3));
//
//   client.InvokeAsync(broker, std::move(pull), absl::Seconds(30), [](absl::StatusOr<RemotingCommand> r) {...});
//   client.InvokeOneway(broker, std::move(update_offset));
//
// Errors of the invoke methods (see ResponseCallback in channel.h for the codes): a response is never an
// error at this level, whatever its code; kDeadlineExceeded when none arrived in time; kUnavailable when the
// connection could not be made or was lost; kInvalidArgument for a malformed address or unencodable request;
// kFailedPrecondition before Start / after Shutdown. Timeouts count from the call and include connecting.
// A synchronous call that times out closes its connection (close_socket_if_timeout), as Java's client does,
// failing other requests in flight on it with kUnavailable.
//
// Thread safety: Register*/SetChannelEventListener before Start(), from one thread; everything else from any
// thread. InvokeSync must not be called on an I/O thread (kFailedPrecondition) and should not be called from a
// response callback (it would hold a callback thread).
//
// Lifecycle: Start() starts the threads. Shutdown() (also run by the destructor) closes every connection
// (requests in flight complete with kCancelled, their callbacks run), joins the I/O threads, then shuts down the
// callback threads and the processors' executors. A client cannot be restarted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "spool/remoting/bounded_thread_pool.h"
#include "spool/remoting/channel.h"
#include "spool/remoting/channel_event_listener.h"
#include "spool/remoting/frame_codec.h"
#include "spool/remoting/remoting_command.h"
#include "spool/remoting/request_processor.h"

namespace spool::remoting {

// Defaults are RocketMQ 4.9.7's NettyClientConfig / NettySystemConfig values.
struct RemotingClientOptions {
  // Threads running sockets and decoding (Netty's client event loop has 1).
  int io_threads = 1;
  // Threads running InvokeAsync callbacks (clientCallbackExecutorThreads: the number of processors; 4 here), and
  // their queue capacity; when it is full a callback runs on the I/O thread instead.
  int callback_threads = 4;
  size_t callback_queue_capacity = 65536;
  // connectTimeoutMillis (com.rocketmq.remoting.client.connect.timeout, 3000 ms).
  absl::Duration connect_timeout = absl::Seconds(3);
  // A connection with no read or write for this long is closed
  // (com.rocketmq.remoting.client.channel.maxIdleTimeSeconds, 120 s). Zero or negative: never.
  absl::Duration channel_idle_timeout = absl::Seconds(120);
  // Close a connection when an InvokeSync on it times out (clientCloseSocketIfTimeout, true).
  bool close_socket_if_timeout = true;
  // Largest frame accepted or sent, length field included (com.rocketmq.remoting.frameMaxLength, 16 MiB).
  size_t max_frame_size = kDefaultMaxFrameSize;
  // InvokeAsync requests waiting for answers, across all connections (clientAsyncSemaphoreValue, 65535). Over it
  // InvokeAsync fails with kResourceExhausted. Zero or negative: no limit.
  int max_async_requests = 65535;
  // Per connection: sends fail with kResourceExhausted while this many bytes wait to be written. Zero: no limit.
  size_t max_write_queue_bytes = 256 * 1024 * 1024;
};

class RemotingClient {
 public:
  explicit RemotingClient(RemotingClientOptions options = {});
  ~RemotingClient();

  RemotingClient(const RemotingClient&) = delete;
  RemotingClient& operator=(const RemotingClient&) = delete;

  // As RemotingServer's: requests the server sends to this client, by code.
  absl::Status RegisterProcessor(int32_t code, std::shared_ptr<RequestProcessor> processor,
                                 std::shared_ptr<BoundedThreadPool> executor);
  absl::Status RegisterDefaultProcessor(std::shared_ptr<RequestProcessor> processor,
                                        std::shared_ptr<BoundedThreadPool> executor);
  void SetChannelEventListener(std::shared_ptr<ChannelEventListener> listener);

  // kFailedPrecondition when called twice or after Shutdown.
  absl::Status Start();

  // Sends `request` to `address` ("host:port"; a host name is resolved on the calling thread) and waits for the
  // response. The opaque and flags are set as Channel::InvokeSync does.
  absl::StatusOr<RemotingCommand> InvokeSync(std::string_view address, RemotingCommand request, absl::Duration timeout);

  // Sends `request` and calls `callback` exactly once with the response or an error (on a callback thread; see
  // channel.h for the details). A non-OK return means nothing was sent and `callback` will not be called; a
  // connection refused at once may surface either way, as this kUnavailable or through the callback.
  absl::Status InvokeAsync(std::string_view address, RemotingCommand request, absl::Duration timeout,
                           ResponseCallback callback);

  // Sends `request` with the oneway flag; OK means queued for writing (connecting first if needed).
  absl::Status InvokeOneway(std::string_view address, RemotingCommand request);

  // The connection to `address`, made (asynchronously) if there is none or the last one closed. The channel may
  // still be connecting (IsOpen() false); requests sent on it wait for the connection.
  absl::StatusOr<std::shared_ptr<Channel>> GetChannel(std::string_view address);

  // Closes the connection to `address`, if any (requests in flight on it fail with kCancelled).
  void CloseChannel(std::string_view address);

  // See the file comment. Idempotent. Not from a callback, processor or listener (it joins their threads).
  void Shutdown();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace spool::remoting
