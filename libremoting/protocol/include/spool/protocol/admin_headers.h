// File: spool/protocol/admin_headers.h
// The custom headers of the admin requests mqadmin sends to brokers (spec broker.md §15) that broker_headers.h
// does not already have. Same conventions as broker_headers.h: ToExtFields writes what Java sends (absent
// optionals left out), FromExtFields names a missing or malformed field; encode with EncodeHeader().
//
//   CreateTopicRequestHeader h = CreateTopicRequestHeader::FromTopicConfig(config);
//   RemotingCommand request = RemotingCommand::CreateRequest(request_code::kUpdateAndCreateTopic);
//   EncodeHeader(h, &request);
//
// Headers defined elsewhere: GET_CONSUMER_CONNECTION_LIST (203) takes ConsumerGroupHeader (broker_headers.h);
// DELETE_TOPIC_IN_NAMESRV (216) takes DeleteTopicFromNamesrvRequestHeader (namesrv_headers.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "spool/protocol/broker_headers.h"
#include "spool/protocol/topic_config.h"
#include "spool/remoting/remoting_command.h"

namespace spool::protocol {

// UPDATE_AND_CREATE_TOPIC (17) request (CreateTopicRequestHeader).
struct CreateTopicRequestHeader {
  std::string topic;
  std::string default_topic = kAutoCreateTopicKeyTopic;
  int32_t read_queue_nums = 0;
  int32_t write_queue_nums = 0;
  int32_t perm = 0;
  // "SINGLE_TAG" or "MULTI_TAG".
  std::string topic_filter_type = std::string(kTopicFilterSingleTag);
  std::optional<int32_t> topic_sys_flag;
  bool order = false;

  friend bool operator==(const CreateTopicRequestHeader& a, const CreateTopicRequestHeader& b) = default;

  // What DefaultMQAdminExt.createAndUpdateTopicConfig sends for `config`.
  static CreateTopicRequestHeader FromTopicConfig(const TopicConfig& config);
  // The config the broker stores (topicSysFlag absent = 0).
  TopicConfig ToTopicConfig() const;

  HeaderFields ToExtFields() const;
  static absl::StatusOr<CreateTopicRequestHeader> FromExtFields(const remoting::RemotingCommand& cmd);
};

// Requests naming one topic: DELETE_TOPIC_IN_BROKER (215), GET_TOPIC_STATS_INFO (202),
// QUERY_TOPIC_CONSUME_BY_WHO (300).
struct TopicRequestHeader {
  std::string topic;

  friend bool operator==(const TopicRequestHeader& a, const TopicRequestHeader& b) = default;

  HeaderFields ToExtFields() const;
  static absl::StatusOr<TopicRequestHeader> FromExtFields(const remoting::RemotingCommand& cmd);
};
using DeleteTopicRequestHeader = TopicRequestHeader;
using GetTopicStatsInfoRequestHeader = TopicRequestHeader;
using QueryTopicConsumeByWhoRequestHeader = TopicRequestHeader;

// GET_CONSUME_STATS (208) request.
struct GetConsumeStatsRequestHeader {
  std::string consumer_group;
  // Absent or empty: every topic the group has offsets on.
  std::optional<std::string> topic;

  friend bool operator==(const GetConsumeStatsRequestHeader& a, const GetConsumeStatsRequestHeader& b) = default;

  HeaderFields ToExtFields() const;
  static absl::StatusOr<GetConsumeStatsRequestHeader> FromExtFields(const remoting::RemotingCommand& cmd);
};

using GetConsumerConnectionListRequestHeader = ConsumerGroupHeader;

}  // namespace spool::protocol
