// File: codec/properties_codec.h
// The record's property string: name \x01 value \x02 ..., without the final \x02 (MessageDecoder).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "spool/store/message.h"

namespace spool::store::internal {

inline constexpr char kNameValueSeparator = '\x01';
inline constexpr char kPropertySeparator = '\x02';

std::string EncodeProperties(const MessageProperties& properties);
// RocketMQ's lenient parse: pieces shorter than 3 characters and pieces whose first \x01 is first or last are
// skipped; later duplicates overwrite earlier ones (keeping the first position).
MessageProperties DecodeProperties(std::string_view encoded);

// Calls fn(name, value) for every piece DecodeProperties keeps, in order and duplicates included, without
// allocating (the views point into `encoded`). For the per-record hot paths (dispatch, recovery).
template <typename Fn>
void ForEachProperty(std::string_view encoded, Fn&& fn) {
  size_t begin = 0;
  while (begin < encoded.size()) {
    size_t end = encoded.find(kPropertySeparator, begin);
    if (end == std::string_view::npos) end = encoded.size();
    const std::string_view piece = encoded.substr(begin, end - begin);
    // The first \x01 must have at least one byte on each side. (RocketMQ also skips pieces shorter than 3
    // characters, which this already implies.)
    const size_t sep = piece.find(kNameValueSeparator);
    if (sep != std::string_view::npos && sep > 0 && sep + 1 < piece.size()) {
      fn(piece.substr(0, sep), piece.substr(sep + 1));
    }
    begin = end + 1;
  }
}

// The value DecodeProperties would give `name` (the last piece with that name wins), without allocating.
std::optional<std::string_view> FindProperty(std::string_view encoded, std::string_view name);

}  // namespace spool::store::internal
