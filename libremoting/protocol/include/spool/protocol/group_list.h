// File: spool/protocol/group_list.h
// GroupList: QUERY_TOPIC_CONSUME_BY_WHO's answer, the consumer groups of a topic: {"groupList":["G1","G2"]}.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace spool::protocol {

struct GroupList {
  // A Java HashSet; written sorted.
  std::set<std::string> group_list;

  friend bool operator==(const GroupList& a, const GroupList& b) = default;

  std::string Encode() const;
  static absl::StatusOr<GroupList> Decode(std::string_view json);
};

}  // namespace spool::protocol
