// File: spool/client/message_queue_selector.h
// MessageQueueSelector: picks the queue of an ordered send. Messages with the same key go to the same queue, so a
// consumer sees them in send order.
//
//   producer.Send(msg, SelectMessageQueueByHash(), "order-42");
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "spool/client/message.h"
#include "spool/client/message_queue.h"

namespace spool::client {

// Returns an index into `queues` (non-empty); an index out of range fails the send with kInvalidArgument.
using MessageQueueSelector =
    std::function<size_t(const std::vector<MessageQueue>& queues, const Message& msg, const std::string& arg)>;

// SelectMessageQueueByHash: abs(arg.hashCode() % size), Java's String.hashCode (protocol::JavaStringHashCode).
MessageQueueSelector SelectMessageQueueByHash();

}  // namespace spool::client
