// File: spool/protocol/register_broker_body.h
// RegisterBrokerBody: what a broker sends in REGISTER_BROKER (spec namesrv.md §3.2), either as fastjson JSON
// or, when the header says compressed=true (broker config compressedRegister), as a zlib stream of length-prefixed
// parts.
//
//   RegisterBrokerBody body;
//   body.topic_config_serialize_wrapper = broker_topics;
//   std::string bytes = body.Encode(/*compressed=*/false);
//   request.SetExtFieldInt("bodyCrc32", BodyCrc32(bytes));
//
//   absl::StatusOr<RegisterBrokerBody> got = RegisterBrokerBody::Decode(request.body(), compressed);
//
// Compressed layout (RegisterBrokerBody.encode(true), zlib with header, Deflater level 9), all ints big-endian:
//   int32 length + DataVersion JSON; int32 topic count N; N x (int32 length + TopicConfig.encode text
//   "name read write perm filterType"); int32 length + JSON array of filter-server addresses.
// The compact topic text drops topicSysFlag and order (they decode as 0/false), as in Java.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "spool/protocol/json_value.h"
#include "spool/protocol/json_writer.h"
#include "spool/protocol/topic_config_serialize_wrapper.h"

namespace spool::protocol {

struct RegisterBrokerBody {
  TopicConfigSerializeWrapper topic_config_serialize_wrapper;
  std::vector<std::string> filter_server_list;

  friend bool operator==(const RegisterBrokerBody& a, const RegisterBrokerBody& b) = default;

  void WriteJson(JsonWriter* w) const;
  static absl::StatusOr<RegisterBrokerBody> FromJson(const JsonValue& v, std::string_view path = "RegisterBrokerBody");

  // JSON (compact, fastjson style) or the compressed layout above.
  std::string Encode(bool compressed) const;
  // kInvalidArgument for malformed JSON, a corrupt zlib stream, a part whose length runs past the data, or a
  // stream inflating to more than kMaxInflatedBodySize bytes (a bomb in a 16 MiB frame must not take the heap).
  // An unparsable filter-server list in a compressed body reads as empty, as Java does.
  static absl::StatusOr<RegisterBrokerBody> Decode(std::string_view bytes, bool compressed);

  static constexpr size_t kMaxInflatedBodySize = size_t{128} << 20;
};

}  // namespace spool::protocol
