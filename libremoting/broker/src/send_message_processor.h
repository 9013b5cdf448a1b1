// File: send_message_processor.h
// SendMessageProcessor: SEND_MESSAGE (10), SEND_MESSAGE_V2 (310), SEND_BATCH_MESSAGE (320) and
// CONSUMER_SEND_MSG_BACK (36) (spec broker.md §3, §6): topic checks and auto-creation, retry/DLQ routing, half
// messages, the put, and PutMessageStatus -> response code. Wakes parked pulls of the queue written.
#pragma once

#include "broker_context.h"
#include "spool/protocol/broker_headers.h"
#include "spool/remoting/request_processor.h"

namespace spool::broker::internal {

class SendMessageProcessor : public remoting::RequestProcessor {
 public:
  explicit SendMessageProcessor(BrokerContext* ctx) : ctx_(ctx) {}

  remoting::ProcessResult Process(const remoting::RequestContext& ctx, remoting::RemotingCommand request) override;

 private:
  remoting::RemotingCommand SendMessage(const remoting::RequestContext& ctx, const remoting::RemotingCommand& request);
  remoting::RemotingCommand ConsumerSendMsgBack(const remoting::RequestContext& ctx,
                                                const remoting::RemotingCommand& request);

  BrokerContext* ctx_;
};

}  // namespace spool::broker::internal
