// File: spool/protocol/kv_table.h
// KVTable: one namespace of the name server's KV config as a body ({"table":{"k":"v"}}): GET_KVLIST_BY_NAMESPACE's
// answer and the body of a REGISTER_BROKER answer (namespace ORDER_TOPIC_CONFIG).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "spool/protocol/json_value.h"
#include "spool/protocol/json_writer.h"

namespace spool::protocol {

// NamesrvUtil.NAMESPACE_ORDER_TOPIC_CONFIG: topic -> "brokerName:queueNums;..." for ordered topics.
inline constexpr std::string_view kNamespaceOrderTopicConfig = "ORDER_TOPIC_CONFIG";

struct KvTable {
  std::map<std::string, std::string> table;

  friend bool operator==(const KvTable& a, const KvTable& b) = default;

  void WriteJson(JsonWriter* w) const;
  static absl::StatusOr<KvTable> FromJson(const JsonValue& v, std::string_view path = "KVTable");

  std::string Encode(JsonStyle style = JsonStyle::kFastjson) const;
  static absl::StatusOr<KvTable> Decode(std::string_view json);
};

}  // namespace spool::protocol
