#include "config/fastjson.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "codec/java_hash.h"
#include "rapidjson/error/en.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "util/check.h"

namespace spool::store::internal {
namespace {

// Where the rewritten text stops being a byte-for-byte copy of the input: out[out_pos] came from in[in_pos].
struct OffsetMark {
  size_t out_pos;
  size_t in_pos;
};

bool IsJsonWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Characters that end a bare (unquoted) key.
bool EndsBareToken(char c) {
  return IsJsonWhitespace(c) || c == ':' || c == ',' || c == '{' || c == '}' || c == '[' || c == ']' ||
         c == '"' || c == '\'' || c == '/';
}

absl::Status SyntaxError(size_t offset, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("JSON syntax error at byte ", offset, ": ", std::string(what)));
}

absl::StatusOr<std::string> Rewrite(std::string_view in, std::vector<OffsetMark>* marks) {
  std::string out;
  out.reserve(in.size() + in.size() / 8);
  enum class Ctx { kObject, kArray };
  std::vector<Ctx> stack;
  bool expect_key = false;
  auto mark = [&](size_t in_pos) {
    if (marks != nullptr) marks->push_back({out.size(), in_pos});
  };
  size_t i = 0;
  while (i < in.size()) {
    const char c = in[i];
    switch (c) {
      case '{':
        stack.push_back(Ctx::kObject);
        expect_key = true;
        out.push_back(c);
        ++i;
        continue;
      case '[':
        stack.push_back(Ctx::kArray);
        expect_key = false;
        out.push_back(c);
        ++i;
        continue;
      case '}':
      case ']':
        if (!stack.empty()) stack.pop_back();
        expect_key = false;
        out.push_back(c);
        ++i;
        continue;
      case ',':
        expect_key = !stack.empty() && stack.back() == Ctx::kObject;
        out.push_back(c);
        ++i;
        continue;
      case ':':
        expect_key = false;
        out.push_back(c);
        ++i;
        continue;
      case '"': {
        // Copied verbatim, escapes included.
        const size_t start = i;
        out.push_back(c);
        ++i;
        bool closed = false;
        while (i < in.size()) {
          const char d = in[i];
          out.push_back(d);
          ++i;
          if (d == '\\' && i < in.size()) {
            out.push_back(in[i]);
            ++i;
          } else if (d == '"') {
            closed = true;
            break;
          }
        }
        if (!closed) return SyntaxError(start, "unterminated string");
        continue;
      }
      case '\'': {
        // 'text' -> "text": \' loses its backslash, a bare " gains one, other escapes stay.
        const size_t start = i;
        mark(i);
        out.push_back('"');
        ++i;
        bool closed = false;
        while (i < in.size()) {
          const char d = in[i];
          if (d == '\\' && i + 1 < in.size()) {
            if (in[i + 1] == '\'') {
              out.push_back('\'');
            } else {
              out.push_back('\\');
              out.push_back(in[i + 1]);
            }
            i += 2;
            mark(i);
            continue;
          }
          ++i;
          if (d == '\'') {
            closed = true;
            out.push_back('"');
            break;
          }
          if (d == '"') {
            out.push_back('\\');
            out.push_back('"');
            mark(i);
            continue;
          }
          out.push_back(d);
        }
        if (!closed) return SyntaxError(start, "unterminated string");
        mark(i);
        continue;
      }
      case '/':
        // Comments pass through to the parser (kParseCommentsFlag); skip them here so quotes inside are ignored.
        if (i + 1 < in.size() && in[i + 1] == '*') {
          const size_t end = in.find("*/", i + 2);
          const size_t stop = end == std::string_view::npos ? in.size() : end + 2;
          out.append(in.substr(i, stop - i));
          i = stop;
          continue;
        }
        if (i + 1 < in.size() && in[i + 1] == '/') {
          size_t stop = in.find('\n', i);
          if (stop == std::string_view::npos) stop = in.size();
          out.append(in.substr(i, stop - i));
          i = stop;
          continue;
        }
        break;
      default:
        break;
    }
    if (IsJsonWhitespace(c)) {
      out.push_back(c);
      ++i;
      continue;
    }
    if (expect_key) {
      // An unquoted key: {0:11} or {abc:1}.
      size_t end = i;
      while (end < in.size() && !EndsBareToken(in[end])) ++end;
      if (end > i) {
        mark(i);
        out.push_back('"');
        for (size_t k = i; k < end; ++k) {
          if (in[k] == '\\') out.push_back('\\');
          out.push_back(in[k]);
        }
        out.push_back('"');
        i = end;
        mark(i);
        expect_key = false;
        continue;
      }
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

size_t ToInputOffset(const std::vector<OffsetMark>& marks, size_t out_pos, size_t in_size) {
  size_t in_pos = out_pos;
  for (const OffsetMark& m : marks) {
    if (m.out_pos > out_pos) break;
    in_pos = m.in_pos + (out_pos - m.out_pos);
  }
  return std::min(in_pos, in_size);
}

constexpr char kHexDigits[] = "0123456789ABCDEF";

void AppendUnicodeEscape(unsigned code, std::string* out) {
  out->append("\\u00");
  out->push_back(kHexDigits[(code >> 4) & 0xF]);
  out->push_back(kHexDigits[code & 0xF]);
}

int64_t TableSizeFor(int64_t c) {
  int64_t n = 1;
  while (n < c) n <<= 1;
  return n;
}

}  // namespace

absl::StatusOr<std::string> FastjsonToJson(std::string_view text) { return Rewrite(text, nullptr); }

absl::Status ParseFastjson(std::string_view text, rapidjson::Document* doc) {
  std::vector<OffsetMark> marks;
  absl::StatusOr<std::string> json = Rewrite(text, &marks);
  if (!json.ok()) return json.status();
  constexpr unsigned kFlags = rapidjson::kParseTrailingCommasFlag | rapidjson::kParseCommentsFlag;
  doc->Parse<kFlags>(json->data(), json->size());
  if (doc->HasParseError()) {
    return SyntaxError(ToInputOffset(marks, doc->GetErrorOffset(), text.size()),
                       rapidjson::GetParseError_En(doc->GetParseError()));
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------------------------------------------
// FastjsonWriter

void FastjsonWriter::NewLine() {
  out_.push_back('\n');
  out_.append(stack_.size(), '\t');
}

void FastjsonWriter::BeforeValue() {
  if (stack_.empty()) {
    SPOOL_CHECK(out_.empty());  // one root value
    return;
  }
  Frame& top = stack_.back();
  if (top.is_array) {
    if (top.members > 0) out_.push_back(',');
    ++top.members;
    NewLine();
  } else {
    SPOOL_CHECK(key_pending_);
    key_pending_ = false;
  }
}

void FastjsonWriter::BeginObject() {
  BeforeValue();
  out_.push_back('{');
  stack_.push_back(Frame{.is_array = false});
}

void FastjsonWriter::EndObject() {
  SPOOL_CHECK(!stack_.empty() && !stack_.back().is_array && !key_pending_);
  const int members = stack_.back().members;
  stack_.pop_back();
  if (members > 0) NewLine();
  out_.push_back('}');
}

void FastjsonWriter::BeginArray() {
  BeforeValue();
  out_.push_back('[');
  stack_.push_back(Frame{.is_array = true});
}

void FastjsonWriter::EndArray() {
  SPOOL_CHECK(!stack_.empty() && stack_.back().is_array);
  const int members = stack_.back().members;
  stack_.pop_back();
  if (members > 0) NewLine();
  out_.push_back(']');
}

void FastjsonWriter::Key(std::string_view name) {
  SPOOL_CHECK(!stack_.empty() && !stack_.back().is_array && !key_pending_);
  Frame& top = stack_.back();
  if (top.members > 0) out_.push_back(',');
  ++top.members;
  NewLine();
  AppendFastjsonString(name, &out_);
  out_.push_back(':');
  key_pending_ = true;
}

void FastjsonWriter::IntKey(int64_t key) {
  SPOOL_CHECK(!stack_.empty() && !stack_.back().is_array && !key_pending_);
  Frame& top = stack_.back();
  if (top.members > 0) out_.push_back(',');
  ++top.members;
  absl::StrAppend(&out_, key);
  out_.push_back(':');
  key_pending_ = true;
}

void FastjsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendFastjsonString(value, &out_);
}

void FastjsonWriter::Int(int64_t value) {
  BeforeValue();
  absl::StrAppend(&out_, value);
}

void FastjsonWriter::Bool(bool value) {
  BeforeValue();
  out_.append(value ? "true" : "false");
}

void FastjsonWriter::Null() {
  BeforeValue();
  out_.append("null");
}

void FastjsonWriter::Double(double value) {
  BeforeValue();
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof(buf), value);
  std::string_view s(buf, result.ptr - buf);
  out_.append(s);
  // Java prints a double with a fractional part (1.0, not 1).
  if (s.find_first_of(".eEn") == std::string_view::npos) out_.append(".0");
}

void FastjsonWriter::Value(const rapidjson::Value& value) {
  switch (value.GetType()) {
    case rapidjson::kNullType:
      Null();
      return;
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      Bool(value.GetBool());
      return;
    case rapidjson::kStringType:
      String(std::string_view(value.GetString(), value.GetStringLength()));
      return;
    case rapidjson::kNumberType:
      if (value.IsInt64()) {
        Int(value.GetInt64());
      } else if (value.IsUint64()) {
        BeforeValue();
        absl::StrAppend(&out_, value.GetUint64());
      } else {
        Double(value.GetDouble());
      }
      return;
    case rapidjson::kObjectType:
      BeginObject();
      for (const auto& member : value.GetObject()) {
        Key(std::string_view(member.name.GetString(), member.name.GetStringLength()));
        Value(member.value);
      }
      EndObject();
      return;
    case rapidjson::kArrayType:
      BeginArray();
      for (const auto& element : value.GetArray()) Value(element);
      EndArray();
      return;
  }
}

void AppendFastjsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out->append("\\\""); continue;
      case '\\': out->append("\\\\"); continue;
      case '\b': out->append("\\b"); continue;
      case '\t': out->append("\\t"); continue;
      case '\n': out->append("\\n"); continue;
      case '\f': out->append("\\f"); continue;
      case '\r': out->append("\\r"); continue;
      default: break;
    }
    if (c < 0x20 || c == 0x7F) {
      AppendUnicodeEscape(c, out);
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      // U+0080..U+009F (C1 controls), UTF-8 C2 80..C2 9F: fastjson escapes these too.
      AppendUnicodeEscape(static_cast<unsigned char>(s[i + 1]), out);
      ++i;
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  out->push_back('"');
}

// ---------------------------------------------------------------------------------------------------------------
// Typed reads

namespace {

absl::Status TypeError(std::string_view what, std::string_view expected) {
  return absl::InvalidArgumentError(absl::StrCat(std::string(what), ": expected ", std::string(expected)));
}

bool ParseDecimal(std::string_view s, int64_t* out) {
  return !s.empty() && absl::SimpleAtoi(absl::string_view(s.data(), s.size()), out) &&
         s.find_first_of(" \t\n\r") == std::string_view::npos;
}

}  // namespace

absl::Status ReadInt64(const rapidjson::Value& v, std::string_view what, int64_t* out) {
  if (v.IsNull()) return absl::OkStatus();
  if (v.IsInt64()) {
    *out = v.GetInt64();
    return absl::OkStatus();
  }
  if (v.IsString() && ParseDecimal(std::string_view(v.GetString(), v.GetStringLength()), out)) {
    return absl::OkStatus();
  }
  return TypeError(what, "a 64-bit integer");
}

absl::Status ReadInt32(const rapidjson::Value& v, std::string_view what, int32_t* out) {
  int64_t wide = *out;
  if (absl::Status s = ReadInt64(v, what, &wide); !s.ok() || wide < INT32_MIN || wide > INT32_MAX) {
    return TypeError(what, "a 32-bit integer");
  }
  *out = static_cast<int32_t>(wide);
  return absl::OkStatus();
}

absl::Status ReadBool(const rapidjson::Value& v, std::string_view what, bool* out) {
  if (v.IsNull()) return absl::OkStatus();
  if (v.IsBool()) {
    *out = v.GetBool();
    return absl::OkStatus();
  }
  if (v.IsInt64() && (v.GetInt64() == 0 || v.GetInt64() == 1)) {
    *out = v.GetInt64() == 1;
    return absl::OkStatus();
  }
  if (v.IsString()) {
    const std::string_view s(v.GetString(), v.GetStringLength());
    if (s == "true" || s == "false") {
      *out = s == "true";
      return absl::OkStatus();
    }
  }
  return TypeError(what, "a boolean");
}

absl::Status ReadString(const rapidjson::Value& v, std::string_view what, std::string* out) {
  if (v.IsNull()) return absl::OkStatus();
  if (!v.IsString()) return TypeError(what, "a string");
  out->assign(v.GetString(), v.GetStringLength());
  return absl::OkStatus();
}

absl::Status ParseIntKey(const rapidjson::Value& name, std::string_view what, int32_t* out) {
  int64_t v;
  if (!ParseDecimal(NameOf(name), &v) || v < INT32_MIN || v > INT32_MAX) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(what), ": key \"", std::string(NameOf(name)), "\" is not a 32-bit integer"));
  }
  *out = static_cast<int32_t>(v);
  return absl::OkStatus();
}

const rapidjson::Value* FindMember(const rapidjson::Value& object, std::string_view name) {
  for (const auto& m : object.GetObject()) {
    if (NameOf(m.name) == name) return &m.value;
  }
  return nullptr;
}

std::string ToCompactJson(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buf);
  v.Accept(writer);
  return std::string(buf.GetString(), buf.GetSize());
}

// ---------------------------------------------------------------------------------------------------------------
// ConcurrentHashMap order

int64_t ConcurrentHashMapTableSize(int64_t initial_capacity, size_t count) {
  constexpr int64_t kMaxTable = int64_t{1} << 30;
  int64_t n = initial_capacity <= 0 ? 16
                                    : std::min(kMaxTable, TableSizeFor(initial_capacity + (initial_capacity >> 1) + 1));
  // addCount resizes once the element count reaches sizeCtl = n - n/4.
  while (n < kMaxTable && static_cast<int64_t>(count) >= n - (n >> 2)) n <<= 1;
  return n;
}

int64_t ConcurrentHashMapBucket(int32_t java_hash, int64_t table_size) {
  const uint32_t h = static_cast<uint32_t>(java_hash);
  const uint32_t spread = (h ^ (h >> 16)) & 0x7fffffffu;  // ConcurrentHashMap.spread
  return static_cast<int64_t>(spread) & (table_size - 1);
}

void SortInConcurrentHashMapOrder(std::vector<std::string>* keys, int64_t initial_capacity) {
  const int64_t n = ConcurrentHashMapTableSize(initial_capacity, keys->size());
  std::vector<std::pair<int64_t, std::string>> tagged;
  tagged.reserve(keys->size());
  for (std::string& k : *keys) tagged.emplace_back(ConcurrentHashMapBucket(JavaStringHashCode(k), n), std::move(k));
  std::stable_sort(tagged.begin(), tagged.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  keys->clear();
  for (auto& [bucket, k] : tagged) keys->push_back(std::move(k));
}

void SortInConcurrentHashMapOrder(std::vector<int32_t>* keys, int64_t initial_capacity) {
  const int64_t n = ConcurrentHashMapTableSize(initial_capacity, keys->size());
  // Integer.hashCode is the value itself.
  std::stable_sort(keys->begin(), keys->end(), [n](int32_t a, int32_t b) {
    return ConcurrentHashMapBucket(a, n) < ConcurrentHashMapBucket(b, n);
  });
}

}  // namespace spool::store::internal
