#include "json_line.h"

#include <cmath>

namespace spool::mqstore {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid (overlongs, surrogates and code points
// above U+10FFFF are invalid, as RFC 3629 says).
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

}  // namespace

std::string_view ValidUtf8(std::string_view s, std::string* scratch) {
  size_t i = 0;
  while (i < s.size()) {
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) break;
    i += n;
  }
  if (i == s.size()) return s;
  scratch->assign(s.data(), i);
  while (i < s.size()) {
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      scratch->append("\xEF\xBF\xBD");
      ++i;
    } else {
      scratch->append(s.data() + i, n);
      i += n;
    }
  }
  return *scratch;
}

JsonLine::JsonLine() : writer_(buffer_) { writer_.StartObject(); }

void JsonLine::Key(std::string_view key) {
  std::string_view k = ValidUtf8(key, &scratch_);
  writer_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()), /*copy=*/true);
}

void JsonLine::String(std::string_view value) {
  std::string_view v = ValidUtf8(value, &scratch_);
  writer_.String(v.data(), static_cast<rapidjson::SizeType>(v.size()), /*copy=*/true);
}

JsonLine& JsonLine::AddString(std::string_view key, std::string_view value) {
  Key(key);
  String(value);
  return *this;
}

JsonLine& JsonLine::AddInt(std::string_view key, int64_t value) {
  Key(key);
  writer_.Int64(value);
  return *this;
}

JsonLine& JsonLine::AddDouble(std::string_view key, double value, int decimals) {
  Key(key);
  if (!std::isfinite(value)) {
    writer_.Null();
  } else {
    writer_.SetMaxDecimalPlaces(decimals);
    writer_.Double(value);
  }
  return *this;
}

JsonLine& JsonLine::AddBool(std::string_view key, bool value) {
  Key(key);
  writer_.Bool(value);
  return *this;
}

JsonLine& JsonLine::AddNull(std::string_view key) {
  Key(key);
  writer_.Null();
  return *this;
}

JsonLine& JsonLine::BeginObject(std::string_view key) {
  Key(key);
  writer_.StartObject();
  return *this;
}

JsonLine& JsonLine::EndObject() {
  writer_.EndObject();
  return *this;
}

std::string JsonLine::Finish() {
  writer_.EndObject();
  std::string out(buffer_.GetString(), buffer_.GetSize());
  out.push_back('\n');
  return out;
}

}  // namespace spool::mqstore
