#include "spool/protocol/kv_table.h"

#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/status_macros.h"

namespace spool::protocol {

void KvTable::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  w->Key("table");
  w->BeginObject();
  for (const auto& [k, v] : table) {
    w->Key(k);
    w->String(v);
  }
  w->EndObject();
  w->EndObject();
}

absl::StatusOr<KvTable> KvTable::FromJson(const JsonValue& v, std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  KvTable kv;
  if (const JsonValue* table = f.Find("table"); table != nullptr) {
    const std::string table_path = f.PathOf("table");
    SPOOL_RETURN_IF_ERROR(JsonExpectObject(*table, table_path));
    for (const JsonValue::Member& m : table->members()) {
      std::string value;
      SPOOL_RETURN_IF_ERROR(JsonToString(m.value, table_path + "." + m.key, &value));
      kv.table[m.key] = std::move(value);
    }
  }
  return kv;
}

std::string KvTable::Encode(JsonStyle style) const {
  JsonWriter w(style);
  WriteJson(&w);
  return w.Take();
}

absl::StatusOr<KvTable> KvTable::Decode(std::string_view json) {
  SPOOL_ASSIGN_OR_RETURN(JsonValue v, ParseJson(json));
  return FromJson(v);
}

}  // namespace spool::protocol
