#include "spool/protocol/producer_connection.h"

#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/protocol/json_writer.h"
#include "spool/status_macros.h"

namespace spool::protocol {

std::string ProducerConnection::Encode() const {
  JsonWriter w;
  w.BeginObject();
  w.Key("connectionSet");
  w.BeginArray();
  for (const Connection& c : connection_set) c.WriteJson(&w);
  w.EndArray();
  w.EndObject();
  return w.Take();
}

absl::StatusOr<ProducerConnection> ProducerConnection::Decode(std::string_view json) {
  SPOOL_ASSIGN_OR_RETURN(JsonValue v, ParseJson(json));
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, "ProducerConnection"));
  ProducerConnection out;
  if (const JsonValue* set = f.Find("connectionSet"); set != nullptr) {
    const std::string path = f.PathOf("connectionSet");
    SPOOL_RETURN_IF_ERROR(JsonExpectArray(*set, path));
    for (const JsonValue& e : set->elements()) {
      if (e.is_null()) continue;
      SPOOL_ASSIGN_OR_RETURN(Connection c, Connection::FromJson(e, path + "[]"));
      out.connection_set.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace spool::protocol
