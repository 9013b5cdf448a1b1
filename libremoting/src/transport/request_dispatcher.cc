#include "transport/request_dispatcher.h"

#include <atomic>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "spool/remoting/request_code.h"
#include "spool/remoting/response_code.h"
#include "util/logging.h"

namespace spool::remoting::internal {

namespace {

// RocketMQ's remarks, byte for byte: clients and operators grep for them.
constexpr char kRejectRemark[] = "[REJECTREQUEST]system busy, start flow control for a while";
constexpr char kOverloadRemark[] = "[OVERLOAD]system busy, start flow control for a while";

absl::Status CheckEntry(const std::shared_ptr<RequestProcessor>& processor,
                        const std::shared_ptr<BoundedThreadPool>& executor, bool frozen) {
  if (frozen) return absl::FailedPreconditionError("processors must be registered before Start()");
  if (processor == nullptr || executor == nullptr) {
    return absl::InvalidArgumentError("a processor needs a non-null processor and executor");
  }
  return absl::OkStatus();
}

// A remoting-level answer. Unlike RequestContext::Respond it is sent for oneway requests too, where Java does so.
void SendRemotingError(const RequestContext& ctx, int32_t code, std::string remark) {
  RemotingCommand response = RemotingCommand::CreateResponse(code, std::move(remark));
  response.set_opaque(ctx.opaque());
  response.set_serialize_type(ctx.serialize_type());
  absl::Status sent = ctx.channel()->Send(std::move(response));
  if (!sent.ok()) {
    RemotingLog().debug("cannot answer opaque {} from {}: {}", ctx.opaque(), ctx.channel()->remote_address(),
                        sent.ToString());
  }
}

void RunProcessor(RequestProcessor& processor, const RequestContext& ctx, RemotingCommand request) {
  const int32_t code = request.code();
  ProcessResult result = processor.Process(ctx, std::move(request));
  absl::Status sent = absl::OkStatus();
  if (!result.ok()) {
    // Java answers an exception with SYSTEM_ERROR and the exception summary; a Status is our exception.
    RemotingLog().debug("{}({}) from {} failed: {}", RequestCodeName(code), code, ctx.channel()->remote_address(),
                        result.status().ToString());
    sent = ctx.Respond(
        RemotingCommand::CreateResponse(response_code::kSystemError, std::string(result.status().message())));
  } else if (result->has_value()) {
    sent = ctx.Respond(std::move(**result));
  }
  if (!sent.ok()) {
    RemotingLog().debug("cannot answer {}({}) from {}: {}", RequestCodeName(code), code,
                        ctx.channel()->remote_address(), sent.ToString());
  }
}

}  // namespace

absl::Status RequestDispatcher::Register(int32_t code, std::shared_ptr<RequestProcessor> processor,
                                         std::shared_ptr<BoundedThreadPool> executor) {
  absl::Status ok = CheckEntry(processor, executor, frozen_);
  if (!ok.ok()) return ok;
  table_.insert_or_assign(code, Entry{std::move(processor), std::move(executor)});
  return absl::OkStatus();
}

absl::Status RequestDispatcher::RegisterDefault(std::shared_ptr<RequestProcessor> processor,
                                                std::shared_ptr<BoundedThreadPool> executor) {
  absl::Status ok = CheckEntry(processor, executor, frozen_);
  if (!ok.ok()) return ok;
  default_ = Entry{std::move(processor), std::move(executor)};
  return absl::OkStatus();
}

const RequestDispatcher::Entry* RequestDispatcher::Find(int32_t code) const {
  auto it = table_.find(code);
  if (it != table_.end()) return &it->second;
  return default_ ? &*default_ : nullptr;
}

void RequestDispatcher::Dispatch(const std::shared_ptr<Channel>& channel, RemotingCommand request) {
  RequestContext ctx(channel, request);
  const int32_t code = request.code();
  const Entry* entry = Find(code);
  if (entry == nullptr) {
    RemotingLog().warn("{}: request type {} not supported", channel->remote_address(), code);
    SendRemotingError(ctx, response_code::kRequestCodeNotSupported,
                      absl::StrCat(" request type ", code, " not supported"));
    return;
  }
  if (entry->processor->RejectRequest()) {
    SendRemotingError(ctx, response_code::kSystemBusy, kRejectRemark);
    return;
  }
  absl::Status queued =
      entry->executor->TrySubmit([processor = entry->processor, ctx, request = std::move(request)]() mutable {
        RunProcessor(*processor, ctx, std::move(request));
      });
  if (queued.ok()) return;
  // Java logs this only once in a while (when currentTimeMillis % 10000 == 0); a counter is the honest version.
  static std::atomic<uint64_t> refused{0};
  if (refused.fetch_add(1) % 1000 == 0) {
    RemotingLog().warn("{}: {}({}) refused by executor {}: {}", channel->remote_address(), RequestCodeName(code), code,
                       entry->executor->name(), queued.ToString());
  }
  if (!ctx.oneway()) SendRemotingError(ctx, response_code::kSystemBusy, kOverloadRemark);
}

void RequestDispatcher::ShutdownExecutors() {
  absl::flat_hash_set<BoundedThreadPool*> done;
  auto shutdown = [&done](const Entry& entry) {
    if (done.insert(entry.executor.get()).second) entry.executor->Shutdown();
  };
  for (const auto& [code, entry] : table_) shutdown(entry);
  if (default_) shutdown(*default_);
}

}  // namespace spool::remoting::internal
