// File: spool/client/message.h
// Message (what a producer sends) and MessageExt (what a consumer receives), as RocketMQ's Message/MessageExt.
//
//   Message msg("TopicTest", "hello");
//   msg.SetTags("TagA");
//   msg.SetKeys("order-1");
//   msg.SetProperty("color", "red");
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace spool::client {

class Message {
 public:
  Message() = default;
  Message(std::string topic, std::string body) : topic_(std::move(topic)), body_(std::move(body)) {}
  Message(std::string topic, std::string tags, std::string body);

  const std::string& topic() const { return topic_; }
  void set_topic(std::string topic) { topic_ = std::move(topic); }
  const std::string& body() const { return body_; }
  void set_body(std::string body) { body_ = std::move(body); }
  // The user's flag (stored as is).
  int32_t flag() const { return flag_; }
  void set_flag(int32_t flag) { flag_ = flag; }

  // TAGS / KEYS (space-separated keys) / DELAY (1..18) / WAIT (wait for the store, true by default).
  std::string tags() const { return GetProperty("TAGS"); }
  void SetTags(std::string_view tags) { SetProperty("TAGS", tags); }
  std::string keys() const { return GetProperty("KEYS"); }
  void SetKeys(std::string_view keys) { SetProperty("KEYS", keys); }
  int32_t delay_time_level() const;
  void SetDelayTimeLevel(int32_t level);
  bool wait_store_msg_ok() const { return GetProperty("WAIT") != "false"; }
  void SetWaitStoreMsgOk(bool wait) { SetProperty("WAIT", wait ? "true" : "false"); }

  // Any property; names of RocketMQ's own (UNIQ_KEY, TAGS, ...) are set by the SDK as well.
  void SetProperty(std::string_view name, std::string_view value);
  void ClearProperty(std::string_view name);
  // Empty when absent.
  std::string GetProperty(std::string_view name) const;
  bool HasProperty(std::string_view name) const;
  const std::map<std::string, std::string, std::less<>>& properties() const { return properties_; }

 private:
  std::string topic_;
  std::string body_;
  int32_t flag_ = 0;
  std::map<std::string, std::string, std::less<>> properties_;
};

// A consumed message: the record as the broker stored it, body already inflated.
struct MessageExt : Message {
  std::string broker_name;
  int32_t queue_id = 0;
  int64_t queue_offset = 0;
  int64_t commit_log_offset = 0;
  int32_t store_size = 0;
  int32_t body_crc = 0;
  int32_t sys_flag = 0;
  int64_t born_timestamp = 0;
  int64_t store_timestamp = 0;
  // "ip:port".
  std::string born_host;
  std::string store_host;
  int32_t reconsume_times = 0;
  int64_t prepared_transaction_offset = 0;
  // The broker's id of the record (store host + commit-log offset).
  std::string offset_msg_id;

  // The client's UNIQ_KEY when present, else offset_msg_id (MessageClientExt.getMsgId).
  std::string msg_id() const;
};

}  // namespace spool::client
