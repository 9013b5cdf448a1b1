#include "spool/protocol/consume_stats.h"

#include "absl/strings/str_cat.h"
#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/protocol/topic_stats_table.h"
#include "spool/status_macros.h"

namespace spool::protocol {

void OffsetWrapper::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  w->Key("brokerOffset");
  w->Int(broker_offset);
  w->Key("consumerOffset");
  w->Int(consumer_offset);
  w->Key("lastTimestamp");
  w->Int(last_timestamp);
  w->EndObject();
}

absl::StatusOr<OffsetWrapper> OffsetWrapper::FromJson(const JsonValue& v, std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  OffsetWrapper o;
  SPOOL_RETURN_IF_ERROR(f.Int64("brokerOffset", &o.broker_offset));
  SPOOL_RETURN_IF_ERROR(f.Int64("consumerOffset", &o.consumer_offset));
  SPOOL_RETURN_IF_ERROR(f.Int64("lastTimestamp", &o.last_timestamp));
  return o;
}

int64_t ConsumeStats::ComputeTotalDiff() const {
  int64_t diff = 0;
  for (const auto& [mq, w] : offset_table) diff += w.broker_offset - w.consumer_offset;
  return diff;
}

void ConsumeStats::Merge(const ConsumeStats& other) {
  for (const auto& [mq, w] : other.offset_table) offset_table[mq] = w;
  consume_tps += other.consume_tps;
}

std::string ConsumeStats::Encode(JsonStyle style) const {
  JsonWriter w(style);
  w.BeginObject();
  w.Key("consumeTps");
  w.Double(consume_tps);
  w.Key("offsetTable");
  w.BeginObject();
  for (const auto& [mq, offset] : offset_table) {
    w.StructuredKey(mq.ToJson());
    offset.WriteJson(&w);
  }
  w.EndObject();
  w.EndObject();
  return w.Take();
}

absl::StatusOr<ConsumeStats> ConsumeStats::Decode(std::string_view json) {
  SPOOL_ASSIGN_OR_RETURN(JsonValue v, ParseJson(json));
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, "ConsumeStats"));
  ConsumeStats s;
  if (const JsonValue* tps = f.Find("consumeTps"); tps != nullptr && !tps->is_null()) {
    std::optional<double> d = tps->AsDouble();
    if (!d.has_value()) return absl::InvalidArgumentError("ConsumeStats.consumeTps: expected a number");
    s.consume_tps = *d;
  }
  const JsonValue* table = f.Find("offsetTable");
  if (table == nullptr) return s;
  const std::string path = f.PathOf("offsetTable");
  SPOOL_RETURN_IF_ERROR(JsonExpectObject(*table, path));
  for (const JsonValue::Member& m : table->members()) {
    SPOOL_ASSIGN_OR_RETURN(MessageQueue mq, MessageQueueFromMapKey(m, path));
    SPOOL_ASSIGN_OR_RETURN(OffsetWrapper w, OffsetWrapper::FromJson(m.value, absl::StrCat(path, "[]")));
    s.offset_table[std::move(mq)] = w;
  }
  return s;
}

}  // namespace spool::protocol
