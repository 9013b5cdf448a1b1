#include "codec/java_hash.h"

namespace spool::store::internal {
namespace {

constexpr uint32_t kReplacementChar = 0xFFFD;

// Decodes the UTF-8 sequence at s[*i] into one code point and advances *i. Malformed input follows the
// "maximal subpart" rule (Unicode 3.9): the longest prefix of a well-formed sequence becomes one U+FFFD and
// decoding resumes at the first byte that broke it; a byte that cannot start a sequence is one U+FFFD by itself.
// Java's decoder agrees on valid input (all a Java client can produce) and on the common malformations; it
// differs on whole 3- and 4-byte forms that decode out of range (an encoded surrogate such as ED A0 80, an
// overlong or > U+10FFFF 4-byte form), which it replaces with a single U+FFFD where this gives one per byte.
uint32_t NextCodePoint(std::string_view s, size_t* i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t b0 = byte(*i);
  if (b0 < 0x80) {
    ++*i;
    return b0;
  }
  int need;         // continuation bytes
  uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the first continuation byte
  uint32_t cp;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // no overlong forms
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // no overlong forms
    if (b0 == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    ++*i;
    return kReplacementChar;
  }
  size_t k = *i + 1;
  for (int n = 0; n < need; ++n, ++k) {
    if (k >= s.size()) {
      *i = k;
      return kReplacementChar;
    }
    const uint8_t b = byte(k);
    const uint8_t min = n == 0 ? lo : 0x80;
    const uint8_t max = n == 0 ? hi : 0xBF;
    if (b < min || b > max) {
      *i = k;  // the breaking byte starts the next sequence
      return kReplacementChar;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  *i = k;
  return cp;
}

// Calls fn(unit) for each UTF-16 code unit of the decoded string.
template <typename Fn>
void ForEachUtf16Unit(std::string_view s, Fn fn) {
  size_t i = 0;
  while (i < s.size()) {
    const uint32_t cp = NextCodePoint(s, &i);
    if (cp < 0x10000) {
      fn(cp);
    } else {
      const uint32_t v = cp - 0x10000;
      fn(0xD800 + (v >> 10));
      fn(0xDC00 + (v & 0x3FF));
    }
  }
}

}  // namespace

int32_t JavaStringHashCode(std::string_view utf8) {
  // Unsigned arithmetic: Java's int overflow wraps, C++'s signed overflow is undefined.
  uint32_t h = 0;
  size_t i = 0;
  // Fast path for the common all-ASCII prefix (topics, tags and keys nearly always are).
  while (i < utf8.size() && static_cast<uint8_t>(utf8[i]) < 0x80) {
    h = 31 * h + static_cast<uint8_t>(utf8[i]);
    ++i;
  }
  if (i < utf8.size()) ForEachUtf16Unit(utf8.substr(i), [&h](uint32_t unit) { h = 31 * h + unit; });
  return static_cast<int32_t>(h);
}

size_t JavaStringLength(std::string_view utf8) {
  size_t n = 0;
  size_t i = 0;
  while (i < utf8.size() && static_cast<uint8_t>(utf8[i]) < 0x80) ++i;
  n = i;
  if (i < utf8.size()) ForEachUtf16Unit(utf8.substr(i), [&n](uint32_t) { ++n; });
  return n;
}

}  // namespace spool::store::internal
