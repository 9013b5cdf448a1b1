// File: spool/protocol/producer_connection.h
// ProducerConnection: GET_PRODUCER_CONNECTION_LIST's answer (spec broker.md §15), the live clients of a producer
// group on one broker.
//
//   // {"connectionSet":[{"clientAddr":"127.0.0.1:53412","clientId":"127.0.0.1@123","language":"JAVA",
//   //   "version":407}]}
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "spool/protocol/consumer_connection.h"

namespace spool::protocol {

// org.apache.rocketmq.common.protocol.body.ProducerConnection.
struct ProducerConnection {
  // A Java HashSet; written in the order held.
  std::vector<Connection> connection_set;

  friend bool operator==(const ProducerConnection& a, const ProducerConnection& b) = default;

  std::string Encode() const;
  static absl::StatusOr<ProducerConnection> Decode(std::string_view json);
};

}  // namespace spool::protocol
