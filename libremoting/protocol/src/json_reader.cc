#include "spool/protocol/json_reader.h"

#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "spool/protocol/json_writer.h"

namespace spool::protocol {
namespace {

bool IsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Characters that end a bare key.
bool EndsBareKey(char c) {
  return IsWhitespace(c) || c == ':' || c == ',' || c == '{' || c == '}' || c == '[' || c == ']' || c == '"' ||
         c == '\'';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class Parser {
 public:
  Parser(std::string_view text, const JsonParseOptions& options) : text_(text), options_(options) {}

  absl::StatusOr<JsonValue> ParseDocument() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    JsonValue root;
    if (absl::Status s = ParseValue(0, &root); !s.ok()) return s;
    SkipWhitespace();
    if (pos_ != text_.size()) return Error("unexpected data after the JSON value");
    return root;
  }

 private:
  absl::Status Error(std::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat("JSON syntax error at byte ", pos_, ": ", std::string(what)));
  }

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return text_[pos_]; }

  void SkipWhitespace() {
    while (!AtEnd() && IsWhitespace(Peek())) ++pos_;
  }

  absl::Status ParseValue(int depth, JsonValue* out) {
    SkipWhitespace();
    if (AtEnd()) return Error("unexpected end of input, expected a value");
    switch (Peek()) {
      case '{': return ParseObject(depth + 1, out);
      case '[': return ParseArray(depth + 1, out);
      case '"':
      case '\'': {
        std::string s;
        if (absl::Status st = ParseString(&s); !st.ok()) return st;
        *out = JsonValue::String(std::move(s));
        return absl::OkStatus();
      }
      case 't': return ParseLiteral("true", JsonValue::Bool(true), out);
      case 'f': return ParseLiteral("false", JsonValue::Bool(false), out);
      case 'n': return ParseLiteral("null", JsonValue(), out);
      default:
        if (Peek() == '-' || IsDigit(Peek())) return ParseNumber(out);
        return Error("unexpected character, expected a value");
    }
  }

  absl::Status ParseLiteral(std::string_view word, JsonValue value, JsonValue* out) {
    if (text_.substr(pos_, word.size()) != word) return Error("unexpected character, expected a value");
    pos_ += word.size();
    *out = std::move(value);
    return absl::OkStatus();
  }

  absl::Status ParseNumber(JsonValue* out) {
    const size_t start = pos_;
    if (Peek() == '-') ++pos_;
    auto digits = [this] {
      const size_t from = pos_;
      while (!AtEnd() && IsDigit(Peek())) ++pos_;
      return pos_ > from;
    };
    if (!digits()) return Error("bad number: expected a digit");
    if (!AtEnd() && Peek() == '.') {
      ++pos_;
      if (!digits()) return Error("bad number: expected a digit after '.'");
    }
    if (!AtEnd() && (Peek() == 'e' || Peek() == 'E')) {
      ++pos_;
      if (!AtEnd() && (Peek() == '+' || Peek() == '-')) ++pos_;
      if (!digits()) return Error("bad number: expected an exponent");
    }
    *out = JsonValue::Number(std::string(text_.substr(start, pos_ - start)));
    return absl::OkStatus();
  }

  // At a quote (" or '); the same quote ends the string.
  absl::Status ParseString(std::string* out) {
    const char quote = Peek();
    const size_t start = pos_;
    ++pos_;
    while (true) {
      if (AtEnd()) {
        pos_ = start;
        return Error("unterminated string");
      }
      const char c = text_[pos_++];
      if (c == quote) return absl::OkStatus();
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (AtEnd()) {
        pos_ = start;
        return Error("unterminated string");
      }
      const char e = text_[pos_++];
      switch (e) {
        case '"': out->push_back('"'); break;
        case '\'': out->push_back('\''); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'x': {
          int hi = pos_ + 1 < text_.size() ? HexValue(text_[pos_]) : -1;
          int lo = hi >= 0 ? HexValue(text_[pos_ + 1]) : -1;
          if (lo < 0) return Error("bad \\x escape");
          pos_ += 2;
          AppendUtf8(static_cast<uint32_t>(hi * 16 + lo), out);
          break;
        }
        case 'u': {
          uint32_t unit = 0;
          if (!ReadHex4(&unit)) return Error("bad \\u escape");
          if (unit >= 0xD800 && unit <= 0xDBFF) {
            // A high surrogate pairs with a following \uDC00..\uDFFF; alone it cannot be UTF-8.
            uint32_t low = 0;
            const size_t save = pos_;
            if (text_.substr(pos_, 2) == "\\u" && (pos_ += 2, ReadHex4(&low)) && low >= 0xDC00 && low <= 0xDFFF) {
              unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            } else {
              pos_ = save;
              unit = 0xFFFD;
            }
          } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            unit = 0xFFFD;
          }
          AppendUtf8(unit, out);
          break;
        }
        default:
          --pos_;
          return Error("bad escape sequence");
      }
    }
  }

  bool ReadHex4(uint32_t* out) {
    if (pos_ + 4 > text_.size()) return false;
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      const int h = HexValue(text_[pos_ + k]);
      if (h < 0) return false;
      v = v * 16 + static_cast<uint32_t>(h);
    }
    pos_ += 4;
    *out = v;
    return true;
  }

  absl::Status CheckDepth(int depth) const {
    if (depth > options_.max_depth) {
      return Error(absl::StrCat("nesting deeper than ", options_.max_depth, " levels"));
    }
    return absl::OkStatus();
  }

  absl::Status ParseArray(int depth, JsonValue* out) {
    if (absl::Status s = CheckDepth(depth); !s.ok()) return s;
    ++pos_;  // [
    *out = JsonValue::Array();
    while (true) {
      SkipWhitespace();
      if (AtEnd()) return Error("unexpected end of input in an array");
      if (Peek() == ']') {
        ++pos_;
        return absl::OkStatus();
      }
      JsonValue element;
      if (absl::Status s = ParseValue(depth, &element); !s.ok()) return s;
      out->Append(std::move(element));
      SkipWhitespace();
      if (AtEnd()) return Error("unexpected end of input in an array");
      if (Peek() == ',') {
        ++pos_;
      } else if (Peek() != ']') {
        return Error("expected ',' or ']'");
      }
    }
  }

  absl::Status ParseKey(int depth, std::string* key, JsonValue::KeyKind* kind) {
    const char c = Peek();
    if (c == '"' || c == '\'') {
      *kind = JsonValue::KeyKind::kQuoted;
      return ParseString(key);
    }
    if (c == '{' || c == '[') {
      JsonValue structured;
      if (absl::Status s = ParseValue(depth, &structured); !s.ok()) return s;
      *kind = JsonValue::KeyKind::kStructured;
      *key = ToJson(structured);
      return absl::OkStatus();
    }
    const size_t start = pos_;
    while (!AtEnd() && !EndsBareKey(Peek())) ++pos_;
    if (pos_ == start) return Error("expected a key");
    *kind = JsonValue::KeyKind::kBare;
    key->assign(text_.substr(start, pos_ - start));
    return absl::OkStatus();
  }

  absl::Status ParseObject(int depth, JsonValue* out) {
    if (absl::Status s = CheckDepth(depth); !s.ok()) return s;
    ++pos_;  // {
    *out = JsonValue::Object();
    while (true) {
      SkipWhitespace();
      if (AtEnd()) return Error("unexpected end of input in an object");
      if (Peek() == '}') {
        ++pos_;
        return absl::OkStatus();
      }
      std::string key;
      JsonValue::KeyKind kind = JsonValue::KeyKind::kQuoted;
      if (absl::Status s = ParseKey(depth, &key, &kind); !s.ok()) return s;
      SkipWhitespace();
      if (AtEnd() || Peek() != ':') return Error("expected ':'");
      ++pos_;
      JsonValue value;
      if (absl::Status s = ParseValue(depth, &value); !s.ok()) return s;
      out->AddMember(std::move(key), std::move(value), kind);
      SkipWhitespace();
      if (AtEnd()) return Error("unexpected end of input in an object");
      if (Peek() == ',') {
        ++pos_;
      } else if (Peek() != '}') {
        return Error("expected ',' or '}'");
      }
    }
  }

  std::string_view text_;
  const JsonParseOptions& options_;
  size_t pos_ = 0;
};

}  // namespace

absl::StatusOr<JsonValue> ParseJson(std::string_view text, const JsonParseOptions& options) {
  return Parser(text, options).ParseDocument();
}

}  // namespace spool::protocol
