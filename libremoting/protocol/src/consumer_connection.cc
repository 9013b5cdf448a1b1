#include "spool/protocol/consumer_connection.h"

#include <algorithm>
#include <limits>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/status_macros.h"

namespace spool::protocol {
namespace {

// An enum member by Java name or ordinal; `count` is the number of enumerators (0..count-1, all named by ToString).
template <typename Enum>
absl::Status ReadEnumField(const JsonFields& f, std::string_view key, int count, Enum* out) {
  const JsonValue* v = f.Find(key);
  if (v == nullptr || v->is_null()) return absl::OkStatus();
  std::string text;
  SPOOL_RETURN_IF_ERROR(JsonToString(*v, f.PathOf(key), &text));
  for (int i = 0; i < count; ++i) {
    if (ToString(static_cast<Enum>(i)) == text) {
      *out = static_cast<Enum>(i);
      return absl::OkStatus();
    }
  }
  int ordinal = -1;
  if (absl::SimpleAtoi(text, &ordinal) && ordinal >= 0 && ordinal < count) {
    *out = static_cast<Enum>(ordinal);
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(f.PathOf(key), ": unknown value ", text));
}

}  // namespace

void Connection::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  w->Key("clientAddr");
  w->String(client_addr);
  w->Key("clientId");
  w->String(client_id);
  w->Key("language");
  w->String(language);
  w->Key("version");
  w->Int(version);
  w->EndObject();
}

absl::StatusOr<Connection> Connection::FromJson(const JsonValue& v, std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  Connection c;
  SPOOL_RETURN_IF_ERROR(f.String("clientId", &c.client_id));
  SPOOL_RETURN_IF_ERROR(f.String("clientAddr", &c.client_addr));
  SPOOL_RETURN_IF_ERROR(f.String("language", &c.language));
  SPOOL_RETURN_IF_ERROR(f.Int32("version", &c.version));
  return c;
}

void WriteConnectionSet(const std::vector<Connection>& set, JsonWriter* w) {
  w->Key("connectionSet");
  w->BeginArray();
  for (const Connection& c : set) c.WriteJson(w);
  w->EndArray();
}

absl::Status ReadConnectionSet(const JsonFields& fields, std::vector<Connection>* set) {
  const JsonValue* value = fields.Find("connectionSet");
  if (value == nullptr) return absl::OkStatus();
  const std::string path = fields.PathOf("connectionSet");
  SPOOL_RETURN_IF_ERROR(JsonExpectArray(*value, path));
  for (const JsonValue& e : value->elements()) {
    if (e.is_null()) continue;
    SPOOL_ASSIGN_OR_RETURN(Connection c, Connection::FromJson(e, absl::StrCat(path, "[]")));
    set->push_back(std::move(c));
  }
  return absl::OkStatus();
}

int32_t ConsumerConnection::ComputeMinVersion() const {
  int32_t min = std::numeric_limits<int32_t>::max();
  for (const Connection& c : connection_set) min = std::min(min, c.version);
  return min;
}

std::string ConsumerConnection::Encode() const {
  JsonWriter w;
  w.BeginObject();
  WriteConnectionSet(connection_set, &w);
  w.Key("consumeFromWhere");
  w.String(ToString(consume_from_where));
  w.Key("consumeType");
  w.String(ToString(consume_type));
  w.Key("messageModel");
  w.String(ToString(message_model));
  w.Key("subscriptionTable");
  w.BeginObject();
  for (const auto& [topic, sub] : subscription_table) {
    w.Key(topic);
    sub.WriteJson(&w);
  }
  w.EndObject();
  w.EndObject();
  return w.Take();
}

absl::StatusOr<ConsumerConnection> ConsumerConnection::Decode(std::string_view json) {
  SPOOL_ASSIGN_OR_RETURN(JsonValue v, ParseJson(json));
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, "ConsumerConnection"));
  ConsumerConnection cc;
  SPOOL_RETURN_IF_ERROR(ReadConnectionSet(f, &cc.connection_set));
  if (const JsonValue* table = f.Find("subscriptionTable"); table != nullptr) {
    const std::string path = f.PathOf("subscriptionTable");
    SPOOL_RETURN_IF_ERROR(JsonExpectObject(*table, path));
    for (const JsonValue::Member& m : table->members()) {
      SPOOL_ASSIGN_OR_RETURN(SubscriptionData sub, SubscriptionData::FromJson(m.value, absl::StrCat(path, ".", m.key)));
      cc.subscription_table[m.key] = std::move(sub);
    }
  }
  SPOOL_RETURN_IF_ERROR(ReadEnumField(f, "consumeType", 2, &cc.consume_type));
  SPOOL_RETURN_IF_ERROR(ReadEnumField(f, "messageModel", 2, &cc.message_model));
  SPOOL_RETURN_IF_ERROR(ReadEnumField(f, "consumeFromWhere", 6, &cc.consume_from_where));
  return cc;
}

}  // namespace spool::protocol
