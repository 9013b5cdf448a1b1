#include "spool/protocol/producer_connection.h"

#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/protocol/json_writer.h"
#include "spool/status_macros.h"

namespace spool::protocol {

std::string ProducerConnection::Encode() const {
  JsonWriter w;
  w.BeginObject();
  WriteConnectionSet(connection_set, &w);
  w.EndObject();
  return w.Take();
}

absl::StatusOr<ProducerConnection> ProducerConnection::Decode(std::string_view json) {
  SPOOL_ASSIGN_OR_RETURN(JsonValue v, ParseJson(json));
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, "ProducerConnection"));
  ProducerConnection out;
  SPOOL_RETURN_IF_ERROR(ReadConnectionSet(f, &out.connection_set));
  return out;
}

}  // namespace spool::protocol
