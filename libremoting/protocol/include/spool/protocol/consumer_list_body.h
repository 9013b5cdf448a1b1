// File: spool/protocol/consumer_list_body.h
// GetConsumerListByGroupResponseBody, GET_CONSUMER_LIST_BY_GROUP's answer: {"consumerIdList":["c1","c2"]}.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace spool::protocol {

struct ConsumerListBody {
  std::vector<std::string> consumer_id_list;

  friend bool operator==(const ConsumerListBody& a, const ConsumerListBody& b) = default;

  std::string Encode() const;
  static absl::StatusOr<ConsumerListBody> Decode(std::string_view json);
};

}  // namespace spool::protocol
