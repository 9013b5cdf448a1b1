#include "spool/client/message_queue_selector.h"

#include <cstdlib>

#include "spool/protocol/heartbeat_data.h"

namespace spool::client {

MessageQueueSelector SelectMessageQueueByHash() {
  return [](const std::vector<MessageQueue>& queues, const Message&, const std::string& arg) -> size_t {
    const int32_t size = static_cast<int32_t>(queues.size());
    int32_t value = protocol::JavaStringHashCode(arg) % size;
    if (value < 0) value = std::abs(value);
    return static_cast<size_t>(value);
  };
}

}  // namespace spool::client
