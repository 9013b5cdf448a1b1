// File: apps/mqadmin/consumer_queries.h
// The consumer-group lookups several commands share (DefaultMQAdminExtImpl.examineConsumeStats /
// examineConsumerConnectionInfo): both go to the brokers of the group's retry topic %RETRY%<group>.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "admin_client.h"
#include "spool/protocol/consume_stats.h"
#include "spool/protocol/consumer_connection.h"

namespace spool::mqadmin {

// GET_CONSUME_STATS to every master of the group's retry topic, merged; `topic` narrows it to one topic.
// kNotFound when no broker reports an offset (RocketMQ's "Not found the consumer group consume stats ...").
absl::StatusOr<protocol::ConsumeStats> ExamineConsumeStats(AdminClient* admin, const std::string& group,
                                                           const std::optional<std::string>& topic);

// GET_CONSUMER_CONNECTION_LIST to the brokers of the group's retry topic; the first non-empty answer.
absl::StatusOr<protocol::ConsumerConnection> ExamineConsumerConnection(AdminClient* admin, const std::string& group);

}  // namespace spool::mqadmin
