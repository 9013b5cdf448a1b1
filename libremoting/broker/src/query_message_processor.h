// File: query_message_processor.h
// QueryMessageProcessor: QUERY_MESSAGE (12) by key or UNIQ_KEY through the index, and VIEW_MESSAGE_BY_ID (33) by
// commit-log offset (spec broker.md §11). Bodies are the stored records, byte for byte.
#pragma once

#include "broker_context.h"
#include "spool/remoting/request_processor.h"

namespace spool::broker::internal {

class QueryMessageProcessor : public remoting::RequestProcessor {
 public:
  explicit QueryMessageProcessor(BrokerContext* ctx) : ctx_(ctx) {}

  remoting::ProcessResult Process(const remoting::RequestContext& ctx, remoting::RemotingCommand request) override;

 private:
  BrokerContext* ctx_;
};

}  // namespace spool::broker::internal
