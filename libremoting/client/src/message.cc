#include "spool/client/message.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "spool/client/message_queue.h"
#include "spool/client/pull_consumer.h"
#include "spool/client/send_result.h"

namespace spool::client {

Message::Message(std::string topic, std::string tags, std::string body)
    : topic_(std::move(topic)), body_(std::move(body)) {
  if (!tags.empty()) SetTags(tags);
}

int32_t Message::delay_time_level() const {
  int32_t level = 0;
  std::string text = GetProperty("DELAY");
  return absl::SimpleAtoi(text, &level) ? level : 0;
}

void Message::SetDelayTimeLevel(int32_t level) { SetProperty("DELAY", std::to_string(level)); }

void Message::SetProperty(std::string_view name, std::string_view value) {
  properties_[std::string(name)] = std::string(value);
}

void Message::ClearProperty(std::string_view name) {
  auto it = properties_.find(name);
  if (it != properties_.end()) properties_.erase(it);
}

std::string Message::GetProperty(std::string_view name) const {
  auto it = properties_.find(name);
  return it == properties_.end() ? std::string() : it->second;
}

bool Message::HasProperty(std::string_view name) const { return properties_.find(name) != properties_.end(); }

std::string MessageExt::msg_id() const {
  std::string uniq = GetProperty("UNIQ_KEY");
  return uniq.empty() ? offset_msg_id : uniq;
}

std::string ToString(const MessageQueue& mq) {
  return absl::StrCat("MessageQueue [topic=", mq.topic, ", brokerName=", mq.broker_name, ", queueId=", mq.queue_id,
                      "]");
}

std::string_view SendStatusName(SendStatus status) {
  switch (status) {
    case SendStatus::kSendOk: return "SEND_OK";
    case SendStatus::kFlushDiskTimeout: return "FLUSH_DISK_TIMEOUT";
    case SendStatus::kFlushSlaveTimeout: return "FLUSH_SLAVE_TIMEOUT";
    case SendStatus::kSlaveNotAvailable: return "SLAVE_NOT_AVAILABLE";
  }
  return "UNKNOWN";
}

std::string_view PullStatusName(PullStatus status) {
  switch (status) {
    case PullStatus::kFound: return "FOUND";
    case PullStatus::kNoNewMsg: return "NO_NEW_MSG";
    case PullStatus::kNoMatchedMsg: return "NO_MATCHED_MSG";
    case PullStatus::kOffsetIllegal: return "OFFSET_ILLEGAL";
  }
  return "UNKNOWN";
}

}  // namespace spool::client
