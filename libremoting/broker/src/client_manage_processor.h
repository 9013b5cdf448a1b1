// File: client_manage_processor.h
// ClientManageProcessor + ConsumerManageProcessor: HEART_BEAT (34), UNREGISTER_CLIENT (35), CHECK_CLIENT_CONFIG
// (46), GET_CONSUMER_LIST_BY_GROUP (38), QUERY_CONSUMER_OFFSET (14), UPDATE_CONSUMER_OFFSET (15)
// (spec broker.md §8, §9.3, §10).
#pragma once

#include "broker_context.h"
#include "spool/remoting/request_processor.h"

namespace spool::broker::internal {

class ClientManageProcessor : public remoting::RequestProcessor {
 public:
  explicit ClientManageProcessor(BrokerContext* ctx) : ctx_(ctx) {}

  remoting::ProcessResult Process(const remoting::RequestContext& ctx, remoting::RemotingCommand request) override;

 private:
  remoting::RemotingCommand HeartBeat(const remoting::RequestContext& ctx, const remoting::RemotingCommand& request);
  remoting::RemotingCommand Unregister(const remoting::RequestContext& ctx, const remoting::RemotingCommand& request);
  remoting::RemotingCommand CheckClientConfig(const remoting::RemotingCommand& request);
  remoting::RemotingCommand ConsumerList(const remoting::RemotingCommand& request);
  remoting::RemotingCommand QueryOffset(const remoting::RemotingCommand& request);
  remoting::RemotingCommand UpdateOffset(const remoting::RemotingCommand& request);

  BrokerContext* ctx_;
};

}  // namespace spool::broker::internal
