// File: spool/protocol/heartbeat_data.h
// HeartbeatData: the body of HEART_BEAT (34), a client's producer groups and consumer groups with their
// subscriptions (spec broker.md §10.1), and SubscriptionData as FilterAPI.buildSubscriptionData makes it.
//
//   HeartbeatData hb;
//   hb.client_id = "192.168.0.2@12345";
//   ConsumerData& c = hb.consumer_data_set.emplace_back();
//   c.group_name = "G1";
//   c.subscription_data_set.push_back(BuildSubscriptionData("T1", "TagA || TagB", /*sub_version=*/now_ms));
//   std::string body = hb.Encode();
//   absl::StatusOr<HeartbeatData> back = HeartbeatData::Decode(body);
//
// Decoding is as lenient as the stock clients need: enum names or ordinals (cpp 2.x sends ordinals), numbers as
// strings (cpp subVersion, Go codeSet), missing fields (defaults below), unknown fields ignored. Encoding is
// fastjson's: properties in alphabetical order, enums by name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "spool/protocol/json_value.h"
#include "spool/protocol/json_writer.h"

namespace spool::protocol {

enum class ConsumeType : uint8_t { kConsumeActively = 0, kConsumePassively = 1 };
enum class MessageModel : uint8_t { kBroadcasting = 0, kClustering = 1 };
enum class ConsumeFromWhere : uint8_t {
  kConsumeFromLastOffset = 0,
  kConsumeFromLastOffsetAndFromMinWhenBootFirst = 1,
  kConsumeFromMinOffset = 2,
  kConsumeFromMaxOffset = 3,
  kConsumeFromFirstOffset = 4,
  kConsumeFromTimestamp = 5,
};

// Java enum names: "CONSUME_PASSIVELY", "CLUSTERING", "CONSUME_FROM_LAST_OFFSET", ...
std::string_view ToString(ConsumeType v);
std::string_view ToString(MessageModel v);
std::string_view ToString(ConsumeFromWhere v);

inline constexpr char kExpressionTypeTag[] = "TAG";
inline constexpr char kExpressionTypeSql92[] = "SQL92";
// SubscriptionData.SUB_ALL.
inline constexpr char kSubAll[] = "*";

// Java's String.hashCode over the UTF-16 code units of `utf8` (invalid UTF-8 bytes count as one unit each):
// the consume-queue tags code of a tag.
int32_t JavaStringHashCode(std::string_view utf8);

struct SubscriptionData {
  bool class_filter_mode = false;
  std::string topic;
  // The expression: "*", "TagA || TagB", or an SQL92 text.
  std::string sub_string;
  // TAG only: the tags and their JavaStringHashCode, same order.
  std::vector<std::string> tags_set;
  std::vector<int32_t> code_set;
  // Version (ms timestamp) of this subscription; a newer one replaces an older one.
  int64_t sub_version = 0;
  std::string expression_type = kExpressionTypeTag;

  friend bool operator==(const SubscriptionData& a, const SubscriptionData& b) = default;

  // TAG, with "*" (or empty) subscribing to everything.
  bool SubscribesAll() const;

  void WriteJson(JsonWriter* w) const;
  static absl::StatusOr<SubscriptionData> FromJson(const JsonValue& v, std::string_view path = "SubscriptionData");
};

// FilterAPI.buildSubscriptionData: TAG expressions split on "||", trimmed, empties dropped, codes hashed; "*" or
// empty means all (sub_string "*"). Other expression types keep the text as is (compiled by whoever evaluates it).
SubscriptionData BuildSubscriptionData(std::string_view topic, std::string_view sub_string, int64_t sub_version,
                                       std::string_view expression_type = kExpressionTypeTag);

struct ConsumerData {
  std::string group_name;
  ConsumeType consume_type = ConsumeType::kConsumePassively;
  MessageModel message_model = MessageModel::kClustering;
  ConsumeFromWhere consume_from_where = ConsumeFromWhere::kConsumeFromLastOffset;
  std::vector<SubscriptionData> subscription_data_set;
  bool unit_mode = false;

  friend bool operator==(const ConsumerData& a, const ConsumerData& b) = default;

  void WriteJson(JsonWriter* w) const;
  static absl::StatusOr<ConsumerData> FromJson(const JsonValue& v, std::string_view path = "ConsumerData");
};

struct ProducerData {
  std::string group_name;

  friend bool operator==(const ProducerData& a, const ProducerData& b) = default;

  void WriteJson(JsonWriter* w) const;
  static absl::StatusOr<ProducerData> FromJson(const JsonValue& v, std::string_view path = "ProducerData");
};

struct HeartbeatData {
  // JSON key "clientID".
  std::string client_id;
  std::vector<ProducerData> producer_data_set;
  std::vector<ConsumerData> consumer_data_set;

  friend bool operator==(const HeartbeatData& a, const HeartbeatData& b) = default;

  void WriteJson(JsonWriter* w) const;
  static absl::StatusOr<HeartbeatData> FromJson(const JsonValue& v, std::string_view path = "HeartbeatData");
  std::string Encode() const;
  static absl::StatusOr<HeartbeatData> Decode(std::string_view json);
};

}  // namespace spool::protocol
