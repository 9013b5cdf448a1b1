#include "codec/properties_codec.h"

namespace spool::store::internal {

std::string EncodeProperties(const MessageProperties& properties) {
  const auto& entries = properties.entries();
  if (entries.empty()) return std::string();
  size_t size = 0;
  for (const auto& [name, value] : entries) size += name.size() + value.size() + 2;
  std::string out;
  out.reserve(size);
  for (const auto& [name, value] : entries) {
    out.append(name);
    out.push_back(kNameValueSeparator);
    out.append(value);
    out.push_back(kPropertySeparator);
  }
  // RocketMQ 4.9.7 strips the final separator (MessageDecoder.messageProperties2String).
  out.pop_back();
  return out;
}

MessageProperties DecodeProperties(std::string_view encoded) {
  MessageProperties out;
  ForEachProperty(encoded, [&out](std::string_view name, std::string_view value) { out.Set(name, value); });
  return out;
}

std::optional<std::string_view> FindProperty(std::string_view encoded, std::string_view name) {
  std::optional<std::string_view> found;
  ForEachProperty(encoded, [&](std::string_view n, std::string_view v) {
    if (n == name) found = v;
  });
  return found;
}

}  // namespace spool::store::internal
