// File: spool/client/allocate_strategy.h
// Queue allocation among the consumers of a group (AllocateMessageQueueStrategy). Every member computes its own
// share from the same sorted inputs, so the shares are disjoint and cover every queue.
//
//   std::vector<MessageQueue> mine = AllocateMessageQueueAveragely("cid-2", all_queues, consumer_ids);
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "spool/client/message_queue.h"

namespace spool::client {

// (consumer group, my client id, all queues, all client ids) -> my queues. Inputs need not be sorted.
using AllocateStrategy = std::function<std::vector<MessageQueue>(
    const std::string& current_cid, std::vector<MessageQueue> mq_all, std::vector<std::string> cid_all)>;

// AllocateMessageQueueAveragely (spec clients.md §2.5): contiguous ranges of the sorted queue list, the first
// (n mod c) consumers getting one more. Empty when `current_cid` is not in `cid_all`.
std::vector<MessageQueue> AllocateMessageQueueAveragely(const std::string& current_cid,
                                                        std::vector<MessageQueue> mq_all,
                                                        std::vector<std::string> cid_all);

}  // namespace spool::client
