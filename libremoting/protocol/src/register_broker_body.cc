#include "spool/protocol/register_broker_body.h"

#include <zlib.h>

#include <cstdint>
#include <limits>

#include "absl/strings/str_cat.h"
#include "spool/protocol/json_fields.h"
#include "spool/protocol/json_reader.h"
#include "spool/status_macros.h"

namespace spool::protocol {
namespace {

void AppendInt32(int32_t v, std::string* out) {
  const uint32_t u = static_cast<uint32_t>(v);
  out->push_back(static_cast<char>(u >> 24));
  out->push_back(static_cast<char>(u >> 16));
  out->push_back(static_cast<char>(u >> 8));
  out->push_back(static_cast<char>(u));
}

void AppendPart(std::string_view part, std::string* out) {
  AppendInt32(static_cast<int32_t>(part.size()), out);
  out->append(part);
}

// A zlib stream (with header and Adler-32 trailer), as java.util.zip.Deflater(BEST_COMPRESSION) writes.
std::string Deflate(std::string_view data) {
  z_stream zs{};
  // deflateInit only fails on bad arguments or out of memory; both are bugs we cannot report more usefully.
  if (deflateInit(&zs, Z_BEST_COMPRESSION) != Z_OK) return std::string();
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(rc == Z_STREAM_END ? zs.total_out : 0);
  deflateEnd(&zs);
  return out;
}

// Inflates a zlib stream. A stream that stops early yields what it held (Java reads only the bytes it needs and
// fails later if they are missing); corrupt data or more than `limit` bytes is an error.
absl::StatusOr<std::string> Inflate(std::string_view data, size_t limit) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return absl::ResourceExhaustedError("zlib inflateInit failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char chunk[64 * 1024];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof(chunk);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      const std::string msg = zs.msg != nullptr ? zs.msg : "error " + std::to_string(rc);
      inflateEnd(&zs);
      return absl::InvalidArgumentError(absl::StrCat("compressed RegisterBrokerBody: corrupt zlib stream: ", msg));
    }
    const size_t produced = sizeof(chunk) - zs.avail_out;
    if (out.size() + produced > limit) {
      inflateEnd(&zs);
      return absl::InvalidArgumentError(
          absl::StrCat("compressed RegisterBrokerBody inflates to more than ", limit, " bytes"));
    }
    out.append(chunk, produced);
    if (rc == Z_BUF_ERROR && produced == 0) break;  // input exhausted before the end of the stream
    if (rc == Z_BUF_ERROR) rc = Z_OK;
  }
  inflateEnd(&zs);
  return out;
}

// Reads the length-prefixed parts of an inflated body.
class PartReader {
 public:
  explicit PartReader(std::string_view data) : data_(data) {}

  absl::StatusOr<int32_t> Int32(std::string_view what) {
    if (data_.size() - pos_ < 4) return Truncated(what);
    const auto* p = reinterpret_cast<const unsigned char*>(data_.data() + pos_);
    pos_ += 4;
    return static_cast<int32_t>((uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3]);
  }

  absl::StatusOr<std::string_view> Part(std::string_view what) {
    SPOOL_ASSIGN_OR_RETURN(int32_t len, Int32(what));
    if (len < 0 || static_cast<size_t>(len) > data_.size() - pos_) {
      return absl::InvalidArgumentError(absl::StrCat("compressed RegisterBrokerBody: ", std::string(what),
                                                     " length ", len, " at byte ", pos_ - 4, " runs past the ",
                                                     data_.size(), "-byte body"));
    }
    std::string_view part = data_.substr(pos_, static_cast<size_t>(len));
    pos_ += static_cast<size_t>(len);
    return part;
  }

  size_t remaining() const { return data_.size() - pos_; }

 private:
  absl::Status Truncated(std::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat("compressed RegisterBrokerBody: truncated at byte ", pos_,
                                                   " reading ", std::string(what)));
  }

  std::string_view data_;
  size_t pos_ = 0;
};

absl::StatusOr<RegisterBrokerBody> DecodeCompressed(std::string_view bytes) {
  SPOOL_ASSIGN_OR_RETURN(std::string plain, Inflate(bytes, RegisterBrokerBody::kMaxInflatedBodySize));
  PartReader reader(plain);
  RegisterBrokerBody body;
  TopicConfigSerializeWrapper& wrapper = body.topic_config_serialize_wrapper;

  SPOOL_ASSIGN_OR_RETURN(std::string_view version_json, reader.Part("dataVersion"));
  SPOOL_ASSIGN_OR_RETURN(wrapper.data_version, DataVersion::Decode(version_json));

  SPOOL_ASSIGN_OR_RETURN(int32_t count, reader.Int32("topic count"));
  // Each topic takes at least its 4-byte length: a count beyond that is a lie, not a reason to loop for long.
  if (count < 0 || static_cast<size_t>(count) > reader.remaining() / 4) {
    return absl::InvalidArgumentError(
        absl::StrCat("compressed RegisterBrokerBody: topic count ", count, " does not fit the body"));
  }
  for (int32_t i = 0; i < count; ++i) {
    SPOOL_ASSIGN_OR_RETURN(std::string_view text, reader.Part("topic config"));
    SPOOL_ASSIGN_OR_RETURN(TopicConfig config, TopicConfig::DecodeCompact(text));
    wrapper.topic_config_table[config.topic_name] = std::move(config);
  }

  SPOOL_ASSIGN_OR_RETURN(std::string_view filter_json, reader.Part("filter server list"));
  if (absl::StatusOr<JsonValue> list = ParseJson(filter_json); list.ok()) {
    if (!JsonToStringList(*list, "filterServerList", &body.filter_server_list).ok()) body.filter_server_list.clear();
  }
  return body;
}

}  // namespace

void RegisterBrokerBody::WriteJson(JsonWriter* w) const {
  w->BeginObject();
  w->Key("filterServerList");
  w->BeginArray();
  for (const std::string& s : filter_server_list) w->String(s);
  w->EndArray();
  w->Key("topicConfigSerializeWrapper");
  topic_config_serialize_wrapper.WriteJson(w);
  w->EndObject();
}

absl::StatusOr<RegisterBrokerBody> RegisterBrokerBody::FromJson(const JsonValue& v, std::string_view path) {
  SPOOL_ASSIGN_OR_RETURN(JsonFields f, JsonFields::Of(v, std::string(path)));
  RegisterBrokerBody body;
  SPOOL_RETURN_IF_ERROR(f.StringList("filterServerList", &body.filter_server_list));
  if (const JsonValue* wrapper = f.Find("topicConfigSerializeWrapper"); wrapper != nullptr) {
    SPOOL_ASSIGN_OR_RETURN(body.topic_config_serialize_wrapper,
                           TopicConfigSerializeWrapper::FromJson(*wrapper, f.PathOf("topicConfigSerializeWrapper")));
  }
  return body;
}

std::string RegisterBrokerBody::Encode(bool compressed) const {
  if (!compressed) {
    JsonWriter w;
    WriteJson(&w);
    return w.Take();
  }
  std::string plain;
  AppendPart(topic_config_serialize_wrapper.data_version.Encode(), &plain);
  AppendInt32(static_cast<int32_t>(topic_config_serialize_wrapper.topic_config_table.size()), &plain);
  for (const auto& [topic, config] : topic_config_serialize_wrapper.topic_config_table) {
    AppendPart(config.EncodeCompact(), &plain);
  }
  JsonWriter filters;
  filters.BeginArray();
  for (const std::string& s : filter_server_list) filters.String(s);
  filters.EndArray();
  AppendPart(filters.text(), &plain);
  return Deflate(plain);
}

absl::StatusOr<RegisterBrokerBody> RegisterBrokerBody::Decode(std::string_view bytes, bool compressed) {
  if (compressed) return DecodeCompressed(bytes);
  SPOOL_ASSIGN_OR_RETURN(JsonValue v, ParseJson(bytes));
  return FromJson(v);
}

}  // namespace spool::protocol
