// File: codec/java_hash.h
// Java's String.hashCode over the UTF-16 code units of a UTF-8 string: the ConsumeQueue tag code and the
// IndexFile key hash depend on it.
#pragma once

#include <cstdint>
#include <string_view>

namespace spool::store::internal {

// s[0]*31^(n-1) + ... + s[n-1] over UTF-16 code units, int32 wrap-around. Invalid UTF-8 bytes count as U+FFFD,
// as Java's decoder substitutes them.
int32_t JavaStringHashCode(std::string_view utf8);
// MessageExtBrokerInner.tagsString2tagsCode: 0 for empty, else the hash code sign-extended.
inline int64_t TagsCode(std::string_view tags) {
  return tags.empty() ? 0 : static_cast<int64_t>(JavaStringHashCode(tags));
}
// Number of UTF-16 code units (Java String.length()).
size_t JavaStringLength(std::string_view utf8);

}  // namespace spool::store::internal
