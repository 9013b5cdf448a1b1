#include "spool/protocol/consumer_list_body.h"

#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/protocol/json_writer.h"
#include "spool/status_macros.h"

namespace spool::protocol {

std::string ConsumerListBody::Encode() const {
  JsonWriter w;
  w.BeginObject();
  w.Key("consumerIdList");
  w.BeginArray();
  for (const std::string& id : consumer_id_list) w.String(id);
  w.EndArray();
  w.EndObject();
  return w.Take();
}

absl::StatusOr<ConsumerListBody> ConsumerListBody::Decode(std::string_view json) {
  SPOOL_ASSIGN_OR_RETURN(JsonValue v, ParseJson(json));
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, "GetConsumerListByGroupResponseBody"));
  ConsumerListBody b;
  SPOOL_RETURN_IF_ERROR(f.StringList("consumerIdList", &b.consumer_id_list));
  return b;
}

}  // namespace spool::protocol
