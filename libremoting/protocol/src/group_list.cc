#include "spool/protocol/group_list.h"

#include <vector>

#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/protocol/json_writer.h"
#include "spool/status_macros.h"

namespace spool::protocol {

std::string GroupList::Encode() const {
  JsonWriter w;
  w.BeginObject();
  w.Key("groupList");
  w.BeginArray();
  for (const std::string& g : group_list) w.String(g);
  w.EndArray();
  w.EndObject();
  return w.Take();
}

absl::StatusOr<GroupList> GroupList::Decode(std::string_view json) {
  SPOOL_ASSIGN_OR_RETURN(JsonValue v, ParseJson(json));
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, "GroupList"));
  std::vector<std::string> groups;
  SPOOL_RETURN_IF_ERROR(f.StringList("groupList", &groups));
  GroupList g;
  g.group_list.insert(groups.begin(), groups.end());
  return g;
}

}  // namespace spool::protocol
