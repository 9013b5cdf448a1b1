// File: admin_broker_processor.h
// AdminBrokerProcessor, the default processor: queue offset lookups (29-32), queue locks (41, 42) and the admin
// codes mqadmin and clients use (17, 21, 26, 28, 43, 200, 201, 202, 203, 204, 207, 208, 215, 300). Any other code
// is answered REQUEST_CODE_NOT_SUPPORTED with Java's remark.
#pragma once

#include "broker_context.h"
#include "spool/remoting/request_processor.h"

namespace spool::broker::internal {

class AdminBrokerProcessor : public remoting::RequestProcessor {
 public:
  // `register_topic` sends a registration after UPDATE_AND_CREATE_TOPIC.
  AdminBrokerProcessor(BrokerContext* ctx, std::function<void()> register_topic)
      : ctx_(ctx), register_topic_(std::move(register_topic)) {}

  remoting::ProcessResult Process(const remoting::RequestContext& ctx, remoting::RemotingCommand request) override;

 private:
  remoting::ProcessResult QueueOffsets(const remoting::RemotingCommand& request);
  remoting::ProcessResult Locks(const remoting::RemotingCommand& request);
  remoting::ProcessResult UpdateAndCreateTopic(const remoting::RemotingCommand& request);
  remoting::ProcessResult DeleteTopic(const remoting::RemotingCommand& request);
  remoting::ProcessResult RuntimeInfo(const remoting::RemotingCommand& request);
  remoting::ProcessResult TopicStats(const remoting::RemotingCommand& request);
  remoting::ProcessResult ConsumeStats(const remoting::RemotingCommand& request);
  remoting::ProcessResult ConsumerConnections(const remoting::RemotingCommand& request);
  remoting::ProcessResult AllConsumerOffsets(const remoting::RemotingCommand& request);
  remoting::ProcessResult UpdateAndCreateSubscriptionGroup(const remoting::RemotingCommand& request);
  remoting::ProcessResult DeleteSubscriptionGroup(const remoting::RemotingCommand& request);
  remoting::ProcessResult ProducerConnections(const remoting::RemotingCommand& request);
  remoting::ProcessResult TopicConsumeByWho(const remoting::RemotingCommand& request);

  BrokerContext* ctx_;
  std::function<void()> register_topic_;
};

}  // namespace spool::broker::internal
