#include "spool/protocol/admin_headers.h"

#include "absl/strings/str_cat.h"
#include "spool/status_macros.h"

namespace spool::protocol {

using remoting::RemotingCommand;

CreateTopicRequestHeader CreateTopicRequestHeader::FromTopicConfig(const TopicConfig& config) {
  return CreateTopicRequestHeader{.topic = config.topic_name,
                                  .default_topic = kAutoCreateTopicKeyTopic,
                                  .read_queue_nums = config.read_queue_nums,
                                  .write_queue_nums = config.write_queue_nums,
                                  .perm = config.perm,
                                  .topic_filter_type = config.topic_filter_type,
                                  .topic_sys_flag = config.topic_sys_flag,
                                  .order = config.order};
}

TopicConfig CreateTopicRequestHeader::ToTopicConfig() const {
  return TopicConfig{.topic_name = topic,
                     .read_queue_nums = read_queue_nums,
                     .write_queue_nums = write_queue_nums,
                     .perm = perm,
                     .topic_filter_type = topic_filter_type,
                     .topic_sys_flag = topic_sys_flag.value_or(0),
                     .order = order};
}

HeaderFields CreateTopicRequestHeader::ToExtFields() const {
  HeaderFields f;
  f["topic"] = topic;
  f["defaultTopic"] = default_topic;
  f["readQueueNums"] = absl::StrCat(read_queue_nums);
  f["writeQueueNums"] = absl::StrCat(write_queue_nums);
  f["perm"] = absl::StrCat(perm);
  f["topicFilterType"] = topic_filter_type;
  if (topic_sys_flag.has_value()) f["topicSysFlag"] = absl::StrCat(*topic_sys_flag);
  f["order"] = order ? "true" : "false";
  return f;
}

absl::StatusOr<CreateTopicRequestHeader> CreateTopicRequestHeader::FromExtFields(const RemotingCommand& cmd) {
  CreateTopicRequestHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.topic, cmd.GetString("topic"));
  SPOOL_ASSIGN_OR_RETURN(h.default_topic, cmd.GetString("defaultTopic"));
  SPOOL_ASSIGN_OR_RETURN(h.read_queue_nums, cmd.GetInt32("readQueueNums"));
  SPOOL_ASSIGN_OR_RETURN(h.write_queue_nums, cmd.GetInt32("writeQueueNums"));
  SPOOL_ASSIGN_OR_RETURN(h.perm, cmd.GetInt32("perm"));
  SPOOL_ASSIGN_OR_RETURN(h.topic_filter_type, cmd.GetString("topicFilterType"));
  if (h.topic_filter_type != kTopicFilterSingleTag && h.topic_filter_type != kTopicFilterMultiTag) {
    return absl::InvalidArgumentError(absl::StrCat("bad value for topicFilterType: ", h.topic_filter_type));
  }
  if (cmd.HasExtField("topicSysFlag")) {
    SPOOL_ASSIGN_OR_RETURN(int32_t flag, cmd.GetInt32("topicSysFlag"));
    h.topic_sys_flag = flag;
  }
  SPOOL_ASSIGN_OR_RETURN(h.order, cmd.GetBool("order"));
  return h;
}

HeaderFields TopicRequestHeader::ToExtFields() const { return HeaderFields{{"topic", topic}}; }

absl::StatusOr<TopicRequestHeader> TopicRequestHeader::FromExtFields(const RemotingCommand& cmd) {
  TopicRequestHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.topic, cmd.GetString("topic"));
  return h;
}

HeaderFields GetConsumeStatsRequestHeader::ToExtFields() const {
  HeaderFields f{{"consumerGroup", consumer_group}};
  if (topic.has_value()) f["topic"] = *topic;
  return f;
}

absl::StatusOr<GetConsumeStatsRequestHeader> GetConsumeStatsRequestHeader::FromExtFields(
    const RemotingCommand& cmd) {
  GetConsumeStatsRequestHeader h;
  SPOOL_ASSIGN_OR_RETURN(h.consumer_group, cmd.GetString("consumerGroup"));
  if (const std::string* t = cmd.FindExtField("topic"); t != nullptr) h.topic = *t;
  return h;
}

}  // namespace spool::protocol
