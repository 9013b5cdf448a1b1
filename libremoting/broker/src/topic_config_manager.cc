#include "topic_config_manager.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "logging.h"
#include "spool/protocol/broker_headers.h"

namespace spool::broker::internal {

std::string RetryTopic(const std::string& group) { return kRetryGroupTopicPrefix + group; }
std::string DlqTopic(const std::string& group) { return kDlqGroupTopicPrefix + group; }

std::string ValidateTopicName(const std::string& topic) {
  if (topic.empty()) return "The specified topic is blank.";
  if (topic.size() > 127) return "The specified topic is longer than topic max length.";
  for (char c : topic) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '%' ||
                    c == '|' || c == '_' || c == '-';
    if (!ok) return absl::StrCat("The specified topic[", topic, "] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$");
  }
  return {};
}

TopicConfigManager::TopicConfigManager(const BrokerConfig& config, store::TopicConfigTable* table)
    : config_(config), table_(table) {}

void TopicConfigManager::InitSystemTopics() {
  auto ensure = [&](const std::string& name, int32_t queues, int32_t perm) {
    if (table_->Find(name).has_value()) return;
    store::TopicConfig t;
    t.topic_name = name;
    t.read_queue_nums = queues;
    t.write_queue_nums = queues;
    t.perm = perm;
    table_->Upsert(t);
  };
  const int rw = store::kPermRead | store::kPermWrite;
  ensure(kSelfTestTopic, 1, rw);
  if (config_.auto_create_topic_enable) {
    ensure(protocol::kAutoCreateTopicKeyTopic, config_.default_topic_queue_nums, rw | store::kPermInherit);
  }
  ensure(kBenchmarkTopic, 1024, rw);
  ensure(config_.broker_cluster_name, 16, store::kPermInherit | (config_.cluster_topic_enable ? rw : 0));
  ensure(config_.broker_name, 1, store::kPermInherit | (config_.broker_topic_enable ? rw : 0));
  ensure(kOffsetMovedEventTopic, 1, rw);
  ensure(kScheduleTopic, 18, rw);
  if (config_.trace_topic_enable) ensure(config_.msg_trace_topic_name, 1, rw);
  ensure(config_.broker_cluster_name + "_REPLY_TOPIC", 1, rw);
  if (absl::Status s = table_->Persist(); !s.ok()) BrokerLog().error("persisting topics.json: {}", s.ToString());
}

bool TopicConfigManager::IsSystemTopic(const std::string& topic) const {
  static const char* const kFixed[] = {protocol::kAutoCreateTopicKeyTopic, kSelfTestTopic, kBenchmarkTopic,
                                       kOffsetMovedEventTopic, kScheduleTopic, kTransHalfTopic, kTransOpHalfTopic,
                                       kTransCheckMaxTimeTopic, "RMQ_SYS_TRACE_TOPIC"};
  for (const char* t : kFixed) {
    if (topic == t) return true;
  }
  return topic == config_.broker_cluster_name || topic == config_.broker_name ||
         topic == config_.broker_cluster_name + "_REPLY_TOPIC" || absl::StartsWith(topic, "rmq_sys_");
}

bool TopicConfigManager::IsNotAllowedSendTopic(const std::string& topic) {
  static const char* const kForbidden[] = {kScheduleTopic, kTransHalfTopic, kTransOpHalfTopic,
                                           kTransCheckMaxTimeTopic, kSelfTestTopic, kOffsetMovedEventTopic};
  return std::any_of(std::begin(kForbidden), std::end(kForbidden), [&](const char* t) { return topic == t; });
}

void TopicConfigManager::CreateLocked(const store::TopicConfig& config) {
  table_->Upsert(config);
  BrokerLog().info("created topic {} ({} queues, perm {})", config.topic_name, config.write_queue_nums, config.perm);
  if (absl::Status s = table_->Persist(); !s.ok()) BrokerLog().error("persisting topics.json: {}", s.ToString());
}

std::optional<store::TopicConfig> TopicConfigManager::CreateTopicInSendMessageMethod(
    const std::string& topic, const std::string& default_topic, int32_t client_default_queue_nums,
    int32_t topic_sys_flag) {
  std::optional<store::TopicConfig> created;
  {
    absl::MutexLock lock(&create_mu_);
    if (auto existing = table_->Find(topic)) return existing;
    std::optional<store::TopicConfig> tmpl = table_->Find(default_topic);
    if (tmpl.has_value()) {
      if (default_topic == protocol::kAutoCreateTopicKeyTopic && !config_.auto_create_topic_enable) {
        tmpl->perm = store::kPermRead | store::kPermWrite;
      }
      if ((tmpl->perm & store::kPermInherit) != 0) {
        store::TopicConfig t;
        t.topic_name = topic;
        const int32_t queues = std::max(0, std::min(client_default_queue_nums, tmpl->write_queue_nums));
        t.read_queue_nums = queues;
        t.write_queue_nums = queues;
        t.perm = tmpl->perm & ~store::kPermInherit;
        t.topic_filter_type = tmpl->topic_filter_type;
        t.topic_sys_flag = topic_sys_flag;
        created = t;
      }
    }
    if (!created.has_value() && absl::StartsWith(topic, kRetryGroupTopicPrefix)) {
      store::TopicConfig t;
      t.topic_name = topic;
      t.read_queue_nums = 1;
      t.write_queue_nums = 1;
      t.perm = store::kPermRead | store::kPermWrite;
      t.topic_sys_flag = topic_sys_flag;
      created = t;
    }
    if (!created.has_value()) return std::nullopt;
    CreateLocked(*created);
  }
  if (on_created_) on_created_();
  return created;
}

store::TopicConfig TopicConfigManager::CreateTopicInSendMessageBackMethod(const std::string& topic,
                                                                         int32_t queue_nums, int32_t perm,
                                                                         int32_t topic_sys_flag) {
  store::TopicConfig t;
  {
    absl::MutexLock lock(&create_mu_);
    if (auto existing = table_->Find(topic)) return *existing;
    t.topic_name = topic;
    t.read_queue_nums = queue_nums;
    t.write_queue_nums = queue_nums;
    t.perm = perm;
    t.topic_sys_flag = topic_sys_flag;
    CreateLocked(t);
  }
  if (on_created_) on_created_();
  return t;
}

void TopicConfigManager::Upsert(const store::TopicConfig& config) {
  absl::MutexLock lock(&create_mu_);
  CreateLocked(config);
}

bool TopicConfigManager::Erase(const std::string& topic) {
  absl::MutexLock lock(&create_mu_);
  const bool erased = table_->Erase(topic);
  if (erased) {
    if (absl::Status s = table_->Persist(); !s.ok()) BrokerLog().error("persisting topics.json: {}", s.ToString());
  }
  return erased;
}

protocol::TopicConfig TopicConfigManager::ToWire(const store::TopicConfig& c) {
  protocol::TopicConfig t;
  t.topic_name = c.topic_name;
  t.read_queue_nums = c.read_queue_nums;
  t.write_queue_nums = c.write_queue_nums;
  t.perm = c.perm;
  t.topic_filter_type = c.topic_filter_type;
  t.topic_sys_flag = c.topic_sys_flag;
  t.order = c.order;
  return t;
}

store::TopicConfig TopicConfigManager::FromWire(const protocol::TopicConfig& c) {
  store::TopicConfig t;
  t.topic_name = c.topic_name;
  t.read_queue_nums = c.read_queue_nums;
  t.write_queue_nums = c.write_queue_nums;
  t.perm = c.perm;
  t.topic_filter_type = c.topic_filter_type;
  t.topic_sys_flag = c.topic_sys_flag;
  t.order = c.order;
  return t;
}

protocol::TopicConfigSerializeWrapper TopicConfigManager::BuildSerializeWrapper() const {
  protocol::TopicConfigSerializeWrapper w;
  const store::DataVersion v = table_->data_version();
  w.data_version.timestamp = v.timestamp;
  w.data_version.counter = v.counter;
  const bool override_perm = config_.broker_permission != (store::kPermRead | store::kPermWrite);
  for (const store::TopicConfig& c : table_->All()) {
    protocol::TopicConfig t = ToWire(c);
    if (override_perm) t.perm = config_.broker_permission;
    w.topic_config_table[t.topic_name] = std::move(t);
  }
  return w;
}

}  // namespace spool::broker::internal
