#include "spool/protocol/heartbeat_data.h"

#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/status_macros.h"

namespace spool::protocol {

namespace {

constexpr std::array<std::string_view, 2> kConsumeTypeNames = {"CONSUME_ACTIVELY", "CONSUME_PASSIVELY"};
constexpr std::array<std::string_view, 2> kMessageModelNames = {"BROADCASTING", "CLUSTERING"};
constexpr std::array<std::string_view, 6> kConsumeFromWhereNames = {
    "CONSUME_FROM_LAST_OFFSET", "CONSUME_FROM_LAST_OFFSET_AND_FROM_MIN_WHEN_BOOT_FIRST",
    "CONSUME_FROM_MIN_OFFSET",  "CONSUME_FROM_MAX_OFFSET",
    "CONSUME_FROM_FIRST_OFFSET", "CONSUME_FROM_TIMESTAMP"};

// An enum given by name or by ordinal (number or numeric string). Absent/null keeps the default.
template <typename Enum, size_t N>
absl::Status ReadEnum(const JsonFields& f, std::string_view key, const std::array<std::string_view, N>& names,
                      Enum* out) {
  const JsonValue* v = f.Find(key);
  if (v == nullptr || v->is_null()) return absl::OkStatus();
  std::string text;
  SPOOL_RETURN_IF_ERROR(JsonToString(*v, f.PathOf(key), &text));
  for (size_t i = 0; i < N; ++i) {
    if (text == names[i]) {
      *out = static_cast<Enum>(i);
      return absl::OkStatus();
    }
  }
  int64_t ordinal = -1;
  if (absl::SimpleAtoi(text, &ordinal) && ordinal >= 0 && ordinal < static_cast<int64_t>(N)) {
    *out = static_cast<Enum>(ordinal);
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(f.PathOf(key), ": unknown value ", text));
}

template <typename T>
absl::Status ReadArray(const JsonFields& f, std::string_view key, std::vector<T>* out) {
  const JsonValue* v = f.Find(key);
  if (v == nullptr || v->is_null()) return absl::OkStatus();
  const std::string path = f.PathOf(key);
  SPOOL_RETURN_IF_ERROR(JsonExpectArray(*v, path));
  for (size_t i = 0; i < v->elements().size(); ++i) {
    const JsonValue& e = v->elements()[i];
    if (e.is_null()) continue;
    SPOOL_ASSIGN_OR_RETURN(T item, T::FromJson(e, absl::StrCat(path, "[", i, "]")));
    out->push_back(std::move(item));
  }
  return absl::OkStatus();
}

}  // namespace

std::string_view ToString(ConsumeType v) { return kConsumeTypeNames[static_cast<size_t>(v)]; }
std::string_view ToString(MessageModel v) { return kMessageModelNames[static_cast<size_t>(v)]; }
std::string_view ToString(ConsumeFromWhere v) { return kConsumeFromWhereNames[static_cast<size_t>(v)]; }

int32_t JavaStringHashCode(std::string_view utf8) {
  uint32_t h = 0;
  auto add = [&h](uint32_t unit) { h = 31 * h + unit; };
  size_t i = 0;
  while (i < utf8.size()) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    uint32_t cp = c;
    size_t len = 1;
    if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else if (c >= 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xC2 && c < 0xE0) {
      len = 2;
      cp = c & 0x1F;
    } else {
      len = 1;
    }
    bool valid = len == 1 || i + len <= utf8.size();
    for (size_t k = 1; valid && k < len; ++k) {
      const auto cc = static_cast<unsigned char>(utf8[i + k]);
      if ((cc & 0xC0) != 0x80) valid = false;
      cp = cp << 6 | (cc & 0x3F);
    }
    if (!valid) {
      add(c);
      i += 1;
      continue;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      add(0xD800 + (cp >> 10));
      add(0xDC00 + (cp & 0x3FF));
    } else {
      add(cp);
    }
    i += len;
  }
  return static_cast<int32_t>(h);
}

bool SubscriptionData::SubscribesAll() const {
  if (expression_type != kExpressionTypeTag && !expression_type.empty()) return false;
  return sub_string.empty() || sub_string == kSubAll;
}

void SubscriptionData::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  w->Key("classFilterMode");
  w->Bool(class_filter_mode);
  w->Key("codeSet");
  w->BeginArray();
  for (int32_t c : code_set) w->Int(c);
  w->EndArray();
  w->Key("expressionType");
  w->String(expression_type);
  w->Key("subString");
  w->String(sub_string);
  w->Key("subVersion");
  w->Int(sub_version);
  w->Key("tagsSet");
  w->BeginArray();
  for (const std::string& t : tags_set) w->String(t);
  w->EndArray();
  w->Key("topic");
  w->String(topic);
  w->EndObject();
}

absl::StatusOr<SubscriptionData> SubscriptionData::FromJson(const JsonValue& v, std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  SubscriptionData s;
  SPOOL_RETURN_IF_ERROR(f.Bool("classFilterMode", &s.class_filter_mode));
  SPOOL_RETURN_IF_ERROR(f.String("topic", &s.topic));
  SPOOL_RETURN_IF_ERROR(f.String("subString", &s.sub_string));
  SPOOL_RETURN_IF_ERROR(f.StringList("tagsSet", &s.tags_set));
  if (const JsonValue* codes = f.Find("codeSet"); codes != nullptr && !codes->is_null()) {
    const std::string codes_path = f.PathOf("codeSet");
    SPOOL_RETURN_IF_ERROR(JsonExpectArray(*codes, codes_path));
    for (size_t i = 0; i < codes->elements().size(); ++i) {
      if (codes->elements()[i].is_null()) continue;
      int32_t code = 0;
      SPOOL_RETURN_IF_ERROR(JsonToInt32(codes->elements()[i], absl::StrCat(codes_path, "[", i, "]"), &code));
      s.code_set.push_back(code);
    }
  }
  SPOOL_RETURN_IF_ERROR(f.Int64("subVersion", &s.sub_version));
  SPOOL_RETURN_IF_ERROR(f.String("expressionType", &s.expression_type));
  if (s.expression_type.empty()) s.expression_type = kExpressionTypeTag;
  return s;
}

SubscriptionData BuildSubscriptionData(std::string_view topic, std::string_view sub_string, int64_t sub_version,
                                       std::string_view expression_type) {
  SubscriptionData s;
  s.topic = std::string(topic);
  s.sub_version = sub_version;
  s.expression_type = expression_type.empty() ? std::string(kExpressionTypeTag) : std::string(expression_type);
  const std::string trimmed(absl::StripAsciiWhitespace(absl::string_view(sub_string.data(), sub_string.size())));
  if (s.expression_type != kExpressionTypeTag) {
    s.sub_string = std::string(sub_string);
    return s;
  }
  if (trimmed.empty() || trimmed == kSubAll) {
    s.sub_string = kSubAll;
    return s;
  }
  s.sub_string = std::string(sub_string);
  for (absl::string_view part : absl::StrSplit(trimmed, "||")) {
    const std::string tag(absl::StripAsciiWhitespace(part));
    if (tag.empty()) continue;
    s.tags_set.push_back(tag);
    s.code_set.push_back(JavaStringHashCode(tag));
  }
  return s;
}

void ConsumerData::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  w->Key("consumeFromWhere");
  w->String(ToString(consume_from_where));
  w->Key("consumeType");
  w->String(ToString(consume_type));
  w->Key("groupName");
  w->String(group_name);
  w->Key("messageModel");
  w->String(ToString(message_model));
  w->Key("subscriptionDataSet");
  w->BeginArray();
  for (const SubscriptionData& s : subscription_data_set) s.WriteJson(w);
  w->EndArray();
  w->Key("unitMode");
  w->Bool(unit_mode);
  w->EndObject();
}

absl::StatusOr<ConsumerData> ConsumerData::FromJson(const JsonValue& v, std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  ConsumerData c;
  SPOOL_RETURN_IF_ERROR(f.String("groupName", &c.group_name));
  SPOOL_RETURN_IF_ERROR(ReadEnum(f, "consumeType", kConsumeTypeNames, &c.consume_type));
  SPOOL_RETURN_IF_ERROR(ReadEnum(f, "messageModel", kMessageModelNames, &c.message_model));
  SPOOL_RETURN_IF_ERROR(ReadEnum(f, "consumeFromWhere", kConsumeFromWhereNames, &c.consume_from_where));
  SPOOL_RETURN_IF_ERROR(ReadArray(f, "subscriptionDataSet", &c.subscription_data_set));
  SPOOL_RETURN_IF_ERROR(f.Bool("unitMode", &c.unit_mode));
  return c;
}

void ProducerData::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  w->Key("groupName");
  w->String(group_name);
  w->EndObject();
}

absl::StatusOr<ProducerData> ProducerData::FromJson(const JsonValue& v, std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  ProducerData p;
  SPOOL_RETURN_IF_ERROR(f.String("groupName", &p.group_name));
  return p;
}

void HeartbeatData::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  w->Key("clientID");
  w->String(client_id);
  w->Key("consumerDataSet");
  w->BeginArray();
  for (const ConsumerData& c : consumer_data_set) c.WriteJson(w);
  w->EndArray();
  w->Key("producerDataSet");
  w->BeginArray();
  for (const ProducerData& p : producer_data_set) p.WriteJson(w);
  w->EndArray();
  w->EndObject();
}

absl::StatusOr<HeartbeatData> HeartbeatData::FromJson(const JsonValue& v, std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  HeartbeatData h;
  SPOOL_RETURN_IF_ERROR(f.String("clientID", &h.client_id));
  SPOOL_RETURN_IF_ERROR(ReadArray(f, "producerDataSet", &h.producer_data_set));
  SPOOL_RETURN_IF_ERROR(ReadArray(f, "consumerDataSet", &h.consumer_data_set));
  return h;
}

std::string HeartbeatData::Encode() const {
  JsonWriter w;
  WriteJson(&w);
  return w.Take();
}

absl::StatusOr<HeartbeatData> HeartbeatData::Decode(std::string_view json) {
  SPOOL_ASSIGN_OR_RETURN(JsonValue v, ParseJson(json));
  return FromJson(v);
}

}  // namespace spool::protocol
