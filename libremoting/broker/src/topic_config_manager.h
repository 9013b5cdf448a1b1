// File: topic_config_manager.h
// The broker's topic table (TopicConfigManager): the store's config/topics.json plus RocketMQ's rules for system
// topics created at start, auto-creation through TBW102 on send, retry/DLQ creation, and the view registered with
// the name server. Every creation persists topics.json and calls the `on_created` hook (a oneway registration).
//
// Thread-safe: creation is serialised by a mutex so that two sends racing to create one topic create it once.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "absl/synchronization/mutex.h"
#include "spool/broker/broker_config.h"
#include "spool/protocol/topic_config_serialize_wrapper.h"
#include "spool/store/topic_config.h"

namespace spool::broker::internal {

inline constexpr char kSelfTestTopic[] = "SELF_TEST_TOPIC";
inline constexpr char kBenchmarkTopic[] = "BenchmarkTest";
inline constexpr char kOffsetMovedEventTopic[] = "OFFSET_MOVED_EVENT";
inline constexpr char kScheduleTopic[] = "SCHEDULE_TOPIC_XXXX";
inline constexpr char kTransHalfTopic[] = "RMQ_SYS_TRANS_HALF_TOPIC";
inline constexpr char kTransOpHalfTopic[] = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
inline constexpr char kTransCheckMaxTimeTopic[] = "TRANS_CHECK_MAX_TIME_TOPIC";
inline constexpr char kRetryGroupTopicPrefix[] = "%RETRY%";
inline constexpr char kDlqGroupTopicPrefix[] = "%DLQ%";
inline constexpr int32_t kTopicSysFlagUnit = 0x1;
inline constexpr int32_t kTopicSysFlagUnitSub = 0x2;

std::string RetryTopic(const std::string& group);
std::string DlqTopic(const std::string& group);

// TopicValidator.validateTopic: empty string when valid, else the reason.
std::string ValidateTopicName(const std::string& topic);

class TopicConfigManager {
 public:
  TopicConfigManager(const BrokerConfig& config, store::TopicConfigTable* table);

  void set_on_created(std::function<void()> hook) { on_created_ = std::move(hook); }

  // Creates the topics of spec broker.md §2.1 that are missing.
  void InitSystemTopics();

  std::optional<store::TopicConfig> Find(const std::string& topic) const { return table_->Find(topic); }

  bool IsSystemTopic(const std::string& topic) const;
  // Topics producers may not send to.
  static bool IsNotAllowedSendTopic(const std::string& topic);

  // createTopicInSendMessageMethod (spec broker.md §2.2): nullopt when the template does not allow it.
  std::optional<store::TopicConfig> CreateTopicInSendMessageMethod(const std::string& topic,
                                                                   const std::string& default_topic,
                                                                   int32_t client_default_queue_nums,
                                                                   int32_t topic_sys_flag);
  // createTopicInSendMessageBackMethod: the topic as it is, or created with these settings.
  store::TopicConfig CreateTopicInSendMessageBackMethod(const std::string& topic, int32_t queue_nums, int32_t perm,
                                                        int32_t topic_sys_flag);

  // UPDATE_AND_CREATE_TOPIC / DELETE_TOPIC_IN_BROKER. Persist; no hook.
  void Upsert(const store::TopicConfig& config);
  bool Erase(const std::string& topic);

  // The table as registered: every topic's perm replaced by brokerPermission when that is not 6.
  protocol::TopicConfigSerializeWrapper BuildSerializeWrapper() const;

  static protocol::TopicConfig ToWire(const store::TopicConfig& c);
  static store::TopicConfig FromWire(const protocol::TopicConfig& c);

 private:
  void CreateLocked(const store::TopicConfig& config) ABSL_EXCLUSIVE_LOCKS_REQUIRED(create_mu_);

  const BrokerConfig& config_;
  store::TopicConfigTable* table_;
  std::function<void()> on_created_;
  absl::Mutex create_mu_;
};

}  // namespace spool::broker::internal
