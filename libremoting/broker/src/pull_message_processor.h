// File: pull_message_processor.h
// PullMessageProcessor: PULL_MESSAGE (11) (spec broker.md §7): permission, group, topic and queue checks, the
// subscription (from the header or from the group's heartbeats), the store read with the tag filter,
// GetMessageStatus -> response code, offset commit piggy-backing, OFFSET_MOVED_EVENT, and parking of pulls that
// found nothing in the PullRequestHoldService.
#pragma once

#include "broker_context.h"
#include "spool/remoting/request_processor.h"

namespace spool::broker::internal {

class PullMessageProcessor : public remoting::RequestProcessor {
 public:
  explicit PullMessageProcessor(BrokerContext* ctx) : ctx_(ctx) {}

  remoting::ProcessResult Process(const remoting::RequestContext& ctx, remoting::RemotingCommand request) override {
    return ProcessRequest(ctx, std::move(request), /*broker_allow_suspend=*/true);
  }

  // A parked pull re-run by the hold service: answered now, whatever it finds, and no offset commit.
  void Rerun(const remoting::RequestContext& ctx, remoting::RemotingCommand request);

 private:
  std::optional<remoting::RemotingCommand> ProcessRequest(const remoting::RequestContext& ctx,
                                                          remoting::RemotingCommand request,
                                                          bool broker_allow_suspend);

  BrokerContext* ctx_;
};

}  // namespace spool::broker::internal
