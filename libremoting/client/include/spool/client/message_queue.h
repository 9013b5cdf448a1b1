// File: spool/client/message_queue.h
// MessageQueue: one queue of a topic on one broker, the unit of sending, pulling, allocation and offsets. The SDK
// uses spool_protocol's type (the one lock bodies carry), ordered (topic, brokerName, queueId) as Java's
// compareTo, which allocation relies on.
#pragma once

#include <string>

#include "spool/protocol/message_queue.h"

namespace spool::client {

using MessageQueue = protocol::MessageQueue;

// "MessageQueue [topic=T, brokerName=b, queueId=0]", as Java's toString.
std::string ToString(const MessageQueue& mq);

}  // namespace spool::client
