#include "spool/protocol/message_properties.h"

#include <algorithm>

namespace spool::protocol {

std::string EncodeMessageProperties(const MessagePropertyList& properties) {
  std::string out;
  for (const auto& [name, value] : properties) {
    if (!out.empty()) out.push_back(kPropertySeparator);
    out.append(name);
    out.push_back(kNameValueSeparator);
    out.append(value);
  }
  return out;
}

MessagePropertyList DecodeMessageProperties(std::string_view text) {
  MessagePropertyList out;
  while (!text.empty()) {
    const size_t end = text.find(kPropertySeparator);
    std::string_view item = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const size_t sep = item.find(kNameValueSeparator);
    // Java splits on \x01 and keeps items of exactly two parts.
    if (sep == std::string_view::npos || item.find(kNameValueSeparator, sep + 1) != std::string_view::npos) continue;
    out.emplace_back(std::string(item.substr(0, sep)), std::string(item.substr(sep + 1)));
  }
  return out;
}

const std::string* FindMessageProperty(const MessagePropertyList& properties, std::string_view name) {
  for (auto it = properties.rbegin(); it != properties.rend(); ++it) {
    if (it->first == name) return &it->second;
  }
  return nullptr;
}

void SetMessageProperty(MessagePropertyList* properties, std::string_view name, std::string_view value) {
  auto first = std::find_if(properties->begin(), properties->end(), [&](const auto& p) { return p.first == name; });
  if (first == properties->end()) {
    properties->emplace_back(std::string(name), std::string(value));
    return;
  }
  first->second = std::string(value);
  properties->erase(std::remove_if(first + 1, properties->end(), [&](const auto& p) { return p.first == name; }),
                    properties->end());
}

void EraseMessageProperty(MessagePropertyList* properties, std::string_view name) {
  properties->erase(std::remove_if(properties->begin(), properties->end(),
                                   [&](const auto& p) { return p.first == name; }),
                    properties->end());
}

}  // namespace spool::protocol
