// File: spool/remoting/request_processor.h
// RequestProcessor: the code that answers one or more request codes (RocketMQ's NettyRequestProcessor), and
// RequestContext: everything needed to answer a request, now or later.
//
//   class RouteProcessor : public RequestProcessor {
//    public:
//     ProcessResult Process(const RequestContext& ctx, RemotingCommand request) override {
//       SPOOL_ASSIGN_OR_RETURN(std::string topic, request.GetString("topic"));   // -> SYSTEM_ERROR
//       RemotingCommand response = RemotingCommand::CreateResponse(request, response_code::kSuccess);
//       response.set_body(RouteJson(topic));
//       return response;                                                          // sent by the dispatcher
//     }
//   };
//
//   // Long polling: keep the context, answer later from any thread.
//   ProcessResult PullProcessor::Process(const RequestContext& ctx, RemotingCommand request) {
//     if (nothing_yet) {
//       hold_service_->Suspend(ctx, std::move(request));   // later: ctx.Respond(response)
//       return std::nullopt;
//     }
//     ...
//   }
//
// How the dispatcher treats a request (spec remoting.md §10), on the I/O thread that decoded it:
//  - no processor for the code and no default processor: REQUEST_CODE_NOT_SUPPORTED (3), remark
//    " request type <code> not supported" (Java's text, leading space included; sent even for oneway requests);
//  - RejectRequest() true: SYSTEM_BUSY (2), "[REJECTREQUEST]system busy, start flow control for a while" (even
//    for oneway requests, as Java does);
//  - the processor's executor queue full: SYSTEM_BUSY, "[OVERLOAD]system busy, start flow control for a while"
//    (not for oneway requests);
//  - otherwise Process() runs on the executor. A returned command is sent with RequestContext::Respond; an error
//    Status becomes SYSTEM_ERROR (1) with the status message as remark (Java: the exception summary); nullopt
//    sends nothing now. Nothing is ever sent for a request with the oneway flag, except the two cases above.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "spool/remoting/channel.h"
#include "spool/remoting/remoting_command.h"

namespace spool::remoting {

// A response to send now, std::nullopt for "nothing now" (answered later through the RequestContext, or
// deliberately never, like Java processors returning null), or an error answered as SYSTEM_ERROR.
using ProcessResult = absl::StatusOr<std::optional<RemotingCommand>>;

// What a processor needs to answer one request: the channel it came on and the request's identity. Cheap to
// copy (a shared_ptr and a few ints); copy it to answer later. Constructible by tests with a fake Channel.
class RequestContext {
 public:
  RequestContext(std::shared_ptr<Channel> channel, const RemotingCommand& request)
      : channel_(std::move(channel)),
        request_code_(request.code()),
        opaque_(request.opaque()),
        oneway_(request.is_oneway()),
        serialize_type_(request.serialize_type()) {}

  const std::shared_ptr<Channel>& channel() const { return channel_; }
  int32_t request_code() const { return request_code_; }
  int32_t opaque() const { return opaque_; }
  bool oneway() const { return oneway_; }
  SerializeType serialize_type() const { return serialize_type_; }

  // Sends `response` as the answer to the request: sets its opaque, the response flag and the request's serialize
  // type (a peer is answered in the serialization it used). Does nothing and returns OK for a oneway request.
  // Errors are Channel::Send's (kUnavailable once the connection has closed). Any thread, any time.
  absl::Status Respond(RemotingCommand response) const {
    if (oneway_) return absl::OkStatus();
    response.set_opaque(opaque_);
    response.MarkResponse();
    response.set_serialize_type(serialize_type_);
    return channel_->Send(std::move(response));
  }

 private:
  std::shared_ptr<Channel> channel_;
  int32_t request_code_;
  int32_t opaque_;
  bool oneway_;
  SerializeType serialize_type_;
};

// Thread safety: Process and RejectRequest may be called concurrently from several threads (the executor's
// workers and the I/O threads).
class RequestProcessor {
 public:
  virtual ~RequestProcessor() = default;

  // Handles `request` on the processor's executor thread. See the file comment for what the result means.
  virtual ProcessResult Process(const RequestContext& ctx, RemotingCommand request) = 0;

  // Java's rejectRequest(): asked on the I/O thread before queueing; true answers SYSTEM_BUSY at once (e.g. the
  // broker's page cache is busy). Must be quick and must not block.
  virtual bool RejectRequest() const { return false; }
};

// A processor from a function, for small handlers and tests.
std::shared_ptr<RequestProcessor> MakeRequestProcessor(
    std::function<ProcessResult(const RequestContext&, RemotingCommand)> process);

}  // namespace spool::remoting
