// File: spool/protocol/consumer_connection.h
// ConsumerConnection: GET_CONSUMER_CONNECTION_LIST's answer (spec broker.md §15), the live clients of a consumer
// group and what the group subscribes to. Connection also makes up the producer connection list.
//
//   // {"connectionSet":[{"clientAddr":"127.0.0.1:53412","clientId":"127.0.0.1@123","language":"JAVA",
//   //   "version":407}],"consumeFromWhere":"CONSUME_FROM_LAST_OFFSET","consumeType":"CONSUME_PASSIVELY",
//   //   "messageModel":"CLUSTERING","subscriptionTable":{"T":{SubscriptionData}}}
//
// Enums are written by name and read by name or ordinal (as HeartbeatData does).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "spool/protocol/heartbeat_data.h"
#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_value.h"
#include "spool/protocol/json_writer.h"

namespace spool::protocol {

// org.apache.rocketmq.common.protocol.body.Connection.
struct Connection {
  std::string client_id;
  // "ip:port" of the client's connection as the broker sees it.
  std::string client_addr;
  // LanguageCode name: "JAVA", "CPP", "GO", "NODE_JS", ...
  std::string language = "JAVA";
  // The client's MQVersion ordinal (407 = V4_9_7).
  int32_t version = 0;

  friend bool operator==(const Connection& a, const Connection& b) = default;

  void WriteJson(JsonWriter* w) const;
  static absl::StatusOr<Connection> FromJson(const JsonValue& v, std::string_view path = "Connection");
};

// The "connectionSet" member ConsumerConnection and ProducerConnection both carry: written as a JSON array, read
// from `fields` (absent = empty; null elements skipped).
void WriteConnectionSet(const std::vector<Connection>& set, JsonWriter* w);
absl::Status ReadConnectionSet(const JsonFields& fields, std::vector<Connection>* set);

struct ConsumerConnection {
  // A Java HashSet; written in the order held.
  std::vector<Connection> connection_set;
  // topic -> subscription.
  std::map<std::string, SubscriptionData> subscription_table;
  ConsumeType consume_type = ConsumeType::kConsumePassively;
  MessageModel message_model = MessageModel::kClustering;
  ConsumeFromWhere consume_from_where = ConsumeFromWhere::kConsumeFromLastOffset;

  friend bool operator==(const ConsumerConnection& a, const ConsumerConnection& b) = default;

  // ConsumerConnection.computeMinVersion: the lowest client version (INT32_MAX when there is no connection).
  int32_t ComputeMinVersion() const;

  std::string Encode() const;
  static absl::StatusOr<ConsumerConnection> Decode(std::string_view json);
};

}  // namespace spool::protocol
