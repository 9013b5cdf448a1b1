#include "spool/client/allocate_strategy.h"

#include <algorithm>

namespace spool::client {

std::vector<MessageQueue> AllocateMessageQueueAveragely(const std::string& current_cid,
                                                        std::vector<MessageQueue> mq_all,
                                                        std::vector<std::string> cid_all) {
  std::vector<MessageQueue> result;
  if (current_cid.empty() || mq_all.empty() || cid_all.empty()) return result;
  std::sort(mq_all.begin(), mq_all.end());
  std::sort(cid_all.begin(), cid_all.end());
  auto me = std::find(cid_all.begin(), cid_all.end(), current_cid);
  if (me == cid_all.end()) return result;
  const int64_t n = static_cast<int64_t>(mq_all.size());
  const int64_t c = static_cast<int64_t>(cid_all.size());
  const int64_t index = me - cid_all.begin();
  const int64_t mod = n % c;
  const int64_t size = n <= c ? 1 : (mod > 0 && index < mod ? n / c + 1 : n / c);
  const int64_t start = (mod > 0 && index < mod) ? index * size : index * size + mod;
  const int64_t range = std::min(size, n - start);
  for (int64_t i = 0; i < range; ++i) result.push_back(mq_all[(start + i) % n]);
  return result;
}

}  // namespace spool::client
