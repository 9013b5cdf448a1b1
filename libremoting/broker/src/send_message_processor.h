// File: send_message_processor.h
// SendMessageProcessor: SEND_MESSAGE (10), SEND_MESSAGE_V2 (310), SEND_BATCH_MESSAGE (320) and
// CONSUMER_SEND_MSG_BACK (36) (spec broker.md §3, §6): topic checks and auto-creation, retry/DLQ routing, half
// messages, the put, and PutMessageStatus -> response code. Wakes parked pulls of the queue written. Sends put
// without blocking and answer from the store's callback (SendMessageProcessor.asyncProcessRequest).
#pragma once

#include <optional>

#include "broker_context.h"
#include "spool/protocol/broker_headers.h"
#include "spool/remoting/request_processor.h"

namespace spool::broker::internal {

class SendMessageProcessor : public remoting::RequestProcessor {
 public:
  explicit SendMessageProcessor(BrokerContext* ctx) : ctx_(ctx) {}

  remoting::ProcessResult Process(const remoting::RequestContext& ctx, remoting::RemotingCommand request) override;

 private:
  // The response now (a refusal), or nullopt: the put answers through `ctx` when the store calls back (at once, or
  // after the group commit under SYNC_FLUSH), so the send thread never waits for a sync.
  std::optional<remoting::RemotingCommand> SendMessage(const remoting::RequestContext& ctx,
                                                       const remoting::RemotingCommand& request);
  remoting::RemotingCommand ConsumerSendMsgBack(const remoting::RequestContext& ctx,
                                                const remoting::RemotingCommand& request);

  BrokerContext* ctx_;
};

}  // namespace spool::broker::internal
