#include "spool/protocol/data_version.h"

#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/status_macros.h"

namespace spool::protocol {

void DataVersion::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  w->Key("counter");
  w->Int(counter);
  w->Key("timestamp");
  w->Int(timestamp);
  w->EndObject();
}

absl::StatusOr<DataVersion> DataVersion::FromJson(const JsonValue& v, std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  DataVersion out;
  SPOOL_RETURN_IF_ERROR(f.Int64("counter", &out.counter));
  SPOOL_RETURN_IF_ERROR(f.Int64("timestamp", &out.timestamp));
  return out;
}

std::string DataVersion::Encode(JsonStyle style) const {
  JsonWriter w(style);
  WriteJson(&w);
  return w.Take();
}

absl::StatusOr<DataVersion> DataVersion::Decode(std::string_view json) {
  SPOOL_ASSIGN_OR_RETURN(JsonValue v, ParseJson(json));
  return FromJson(v);
}

}  // namespace spool::protocol
