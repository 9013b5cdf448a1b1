#include "spool/protocol/topic_config.h"

#include <charconv>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "spool/protocol/json_fields.h"
#include "spool/status_macros.h"

namespace spool::protocol {
namespace {

bool ParseInt32(std::string_view s, int32_t* out) {
  if (s.empty()) return false;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace

void TopicConfig::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  w->Key("order");
  w->Bool(order);
  w->Key("perm");
  w->Int(perm);
  w->Key("readQueueNums");
  w->Int(read_queue_nums);
  w->Key("topicFilterType");
  w->String(topic_filter_type);
  w->Key("topicName");
  w->String(topic_name);
  w->Key("topicSysFlag");
  w->Int(topic_sys_flag);
  w->Key("writeQueueNums");
  w->Int(write_queue_nums);
  w->EndObject();
}

absl::StatusOr<TopicConfig> TopicConfig::FromJson(const JsonValue& v, std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  TopicConfig t;
  SPOOL_RETURN_IF_ERROR(f.String("topicName", &t.topic_name));
  SPOOL_RETURN_IF_ERROR(f.Int32("readQueueNums", &t.read_queue_nums));
  SPOOL_RETURN_IF_ERROR(f.Int32("writeQueueNums", &t.write_queue_nums));
  SPOOL_RETURN_IF_ERROR(f.Int32("perm", &t.perm));
  SPOOL_RETURN_IF_ERROR(f.String("topicFilterType", &t.topic_filter_type));
  SPOOL_RETURN_IF_ERROR(f.Int32("topicSysFlag", &t.topic_sys_flag));
  SPOOL_RETURN_IF_ERROR(f.Bool("order", &t.order));
  return t;
}

std::string TopicConfig::EncodeCompact() const {
  return absl::StrCat(topic_name, " ", read_queue_nums, " ", write_queue_nums, " ", perm, " ", topic_filter_type);
}

absl::StatusOr<TopicConfig> TopicConfig::DecodeCompact(std::string_view text) {
  std::vector<std::string> parts = absl::StrSplit(absl::string_view(text.data(), text.size()), ' ');
  auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("bad compact topic config \"", std::string(text), "\": ",
                                                   std::string(why)));
  };
  if (parts.size() != 5) return bad("expected 5 space-separated fields");
  TopicConfig t;
  t.topic_name = parts[0];
  if (t.topic_name.empty()) return bad("empty topic name");
  if (!ParseInt32(parts[1], &t.read_queue_nums)) return bad("readQueueNums is not an integer");
  if (!ParseInt32(parts[2], &t.write_queue_nums)) return bad("writeQueueNums is not an integer");
  if (!ParseInt32(parts[3], &t.perm)) return bad("perm is not an integer");
  if (parts[4] != kTopicFilterSingleTag && parts[4] != kTopicFilterMultiTag) return bad("unknown topicFilterType");
  t.topic_filter_type = parts[4];
  return t;
}

}  // namespace spool::protocol
