#include "spool/protocol/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>

#include "util/check.h"

namespace spool::protocol {
namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";
// BrowserCompatible quotes integers JavaScript cannot hold exactly (Number.MAX_SAFE_INTEGER).
constexpr int64_t kMaxSafeInteger = 9007199254740991;

void AppendUnicodeEscape(uint32_t unit, std::string* out) {
  out->append("\\u");
  out->push_back(kHexDigits[(unit >> 12) & 0xF]);
  out->push_back(kHexDigits[(unit >> 8) & 0xF]);
  out->push_back(kHexDigits[(unit >> 4) & 0xF]);
  out->push_back(kHexDigits[unit & 0xF]);
}

// The short escapes fastjson uses in both styles; 0 when the character has none.
char ShortEscape(unsigned char c) {
  switch (c) {
    case '"': return '"';
    case '\\': return '\\';
    case '\b': return 'b';
    case '\t': return 't';
    case '\n': return 'n';
    case '\f': return 'f';
    case '\r': return 'r';
    default: return 0;
  }
}

// fastjson's default escaping works on UTF-16 chars; on UTF-8 bytes that means: ASCII controls, DEL and the C1
// controls (U+0080..U+009F, bytes C2 80..C2 9F) and U+2028/U+2029 (E2 80 A8/A9) become \uXXXX, the rest is copied.
void AppendFastjsonEscaped(std::string_view s, std::string* out) {
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (const char e = ShortEscape(c); e != 0) {
      out->push_back('\\');
      out->push_back(e);
    } else if (c < 0x20 || c == 0x7F) {
      AppendUnicodeEscape(c, out);
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      AppendUnicodeEscape(static_cast<unsigned char>(s[i + 1]), out);
      ++i;
    } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
      AppendUnicodeEscape(static_cast<unsigned char>(s[i + 2]) == 0xA8 ? 0x2028 : 0x2029, out);
      i += 2;
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
}

// Decodes one UTF-8 sequence at s[*i], advancing *i; malformed input yields U+FFFD for one byte (what Java's
// decoder substitutes), so the output is always valid.
uint32_t NextCodePoint(std::string_view s, size_t* i) {
  const unsigned char c = static_cast<unsigned char>(s[*i]);
  int len = 0;
  uint32_t cp = 0;
  uint32_t min = 0;
  if (c < 0x80) {
    ++*i;
    return c;
  } else if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
    min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
    min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
    min = 0x10000;
  } else {
    ++*i;
    return 0xFFFD;
  }
  if (*i + len > s.size()) {
    ++*i;
    return 0xFFFD;
  }
  for (int k = 1; k < len; ++k) {
    const unsigned char cc = static_cast<unsigned char>(s[*i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++*i;
    return 0xFFFD;
  }
  *i += len;
  return cp;
}

// BrowserCompatible: `/` escaped too, and everything from DEL up as \uXXXX UTF-16 units.
void AppendStandardEscaped(std::string_view s, std::string* out) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      if (const char e = ShortEscape(c); e != 0) {
        out->push_back('\\');
        out->push_back(e);
      } else if (c == '/') {
        out->append("\\/");
      } else if (c < 0x20 || c == 0x7F) {
        AppendUnicodeEscape(c, out);
      } else {
        out->push_back(static_cast<char>(c));
      }
      continue;
    }
    const uint32_t cp = NextCodePoint(s, &i);
    if (cp >= 0x10000) {
      const uint32_t v = cp - 0x10000;
      AppendUnicodeEscape(0xD800 + (v >> 10), out);
      AppendUnicodeEscape(0xDC00 + (v & 0x3FF), out);
    } else {
      AppendUnicodeEscape(cp, out);
    }
  }
}

// Java's Double.toString: plain decimal for 1e-3 <= |d| < 1e7, else d.dddE[-]n; always a fractional digit.
std::string JavaDoubleString(double d) {
  if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
  char buf[64];
  const double mag = std::fabs(d);
  if (mag >= 1e-3 && mag < 1e7) {
    const auto r = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::fixed);
    std::string s(buf, r.ptr);
    if (s.find('.') == std::string::npos) s.append(".0");
    return s;
  }
  const auto r = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
  const std::string_view sci(buf, r.ptr - buf);
  const size_t e = sci.find('e');
  std::string s(sci.substr(0, e));
  if (s.find('.') == std::string::npos) s.append(".0");
  int exponent = 0;
  std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exponent);
  s.push_back('E');
  s.append(std::to_string(exponent));
  return s;
}

bool ParseDecimalKey(std::string_view key, int64_t* out) {
  if (key.empty()) return false;
  const auto r = std::from_chars(key.data(), key.data() + key.size(), *out);
  return r.ec == std::errc() && r.ptr == key.data() + key.size();
}

}  // namespace

void AppendJsonString(std::string_view s, JsonStyle style, std::string* out) {
  out->push_back('"');
  if (style == JsonStyle::kStandard) {
    AppendStandardEscaped(s, out);
  } else {
    AppendFastjsonEscaped(s, out);
  }
  out->push_back('"');
}

std::string ToJson(const JsonValue& value, JsonStyle style) {
  JsonWriter w(style);
  w.Value(value);
  return w.Take();
}

void JsonWriter::BeforeValue() {
  if (stack_.empty()) {
    SPOOL_CHECK(out_.empty());  // one root value
    return;
  }
  Frame& top = stack_.back();
  if (top.is_array) {
    if (!top.empty) out_.push_back(',');
    top.empty = false;
  } else {
    SPOOL_CHECK(key_pending_);
    key_pending_ = false;
  }
}

void JsonWriter::BeforeKey() {
  SPOOL_CHECK(!stack_.empty() && !stack_.back().is_array && !key_pending_);
  Frame& top = stack_.back();
  if (!top.empty) out_.push_back(',');
  top.empty = false;
  key_pending_ = true;
}

void JsonWriter::AppendString(std::string_view s) { AppendJsonString(s, style_, &out_); }

void JsonWriter::BeginObject() {
  BeforeValue();
  out_.push_back('{');
  stack_.push_back(Frame{.is_array = false});
}

void JsonWriter::EndObject() {
  SPOOL_CHECK(!stack_.empty() && !stack_.back().is_array && !key_pending_);
  stack_.pop_back();
  out_.push_back('}');
}

void JsonWriter::BeginArray() {
  BeforeValue();
  out_.push_back('[');
  stack_.push_back(Frame{.is_array = true});
}

void JsonWriter::EndArray() {
  SPOOL_CHECK(!stack_.empty() && stack_.back().is_array);
  stack_.pop_back();
  out_.push_back(']');
}

void JsonWriter::Key(std::string_view name) {
  BeforeKey();
  AppendString(name);
  out_.push_back(':');
}

void JsonWriter::IntKey(int64_t key) {
  BeforeKey();
  if (style_ == JsonStyle::kStandard) out_.push_back('"');
  out_.append(std::to_string(key));
  if (style_ == JsonStyle::kStandard) out_.push_back('"');
  out_.push_back(':');
}

void JsonWriter::StructuredKey(std::string_view compact_json) {
  BeforeKey();
  if (style_ == JsonStyle::kStandard) {
    AppendString(compact_json);
  } else {
    out_.append(compact_json);
  }
  out_.push_back(':');
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendString(value);
}

void JsonWriter::Int(int64_t value) {
  BeforeValue();
  const bool quote = style_ == JsonStyle::kStandard && (value > kMaxSafeInteger || value < -kMaxSafeInteger);
  if (quote) out_.push_back('"');
  out_.append(std::to_string(value));
  if (quote) out_.push_back('"');
}

void JsonWriter::Bool(bool value) {
  BeforeValue();
  out_.append(value ? "true" : "false");
}

void JsonWriter::Null() {
  BeforeValue();
  out_.append("null");
}

void JsonWriter::Double(double value) {
  if (std::isnan(value) || std::isinf(value)) {
    Null();
    return;
  }
  BeforeValue();
  out_.append(JavaDoubleString(value));
}

void JsonWriter::RawValue(std::string_view json) {
  BeforeValue();
  out_.append(json);
}

void JsonWriter::Value(const JsonValue& value) {
  switch (value.type()) {
    case JsonValue::Type::kNull:
      Null();
      return;
    case JsonValue::Type::kBool:
      Bool(value.bool_value());
      return;
    case JsonValue::Type::kNumber:
      if (std::optional<int64_t> i = value.AsInt64(); i.has_value()) {
        Int(*i);
      } else {
        RawValue(value.text());
      }
      return;
    case JsonValue::Type::kString:
      String(value.text());
      return;
    case JsonValue::Type::kArray:
      BeginArray();
      for (const JsonValue& e : value.elements()) Value(e);
      EndArray();
      return;
    case JsonValue::Type::kObject:
      BeginObject();
      for (const JsonValue::Member& m : value.members()) {
        int64_t int_key = 0;
        switch (m.key_kind) {
          case JsonValue::KeyKind::kQuoted:
            Key(m.key);
            break;
          case JsonValue::KeyKind::kBare:
            if (ParseDecimalKey(m.key, &int_key)) {
              IntKey(int_key);
            } else {
              Key(m.key);
            }
            break;
          case JsonValue::KeyKind::kStructured:
            StructuredKey(m.key);
            break;
        }
        Value(m.value);
      }
      EndObject();
      return;
  }
}

}  // namespace spool::protocol
