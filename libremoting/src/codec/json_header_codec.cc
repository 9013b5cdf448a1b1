#include "codec/json_header_codec.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "rapidjson/document.h"
#include "rapidjson/error/en.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "util/numbers.h"
#include "spool/status_macros.h"

namespace spool::remoting::internal {

namespace {

// A RapidJSON output stream appending to a std::string, so the header lands in the frame buffer directly.
class StringSink {
 public:
  using Ch = char;
  explicit StringSink(std::string* out) : out_(out) {}
  void Put(char c) { out_->push_back(c); }
  void Flush() {}

 private:
  std::string* out_;
};

using CompactWriter = rapidjson::Writer<StringSink>;

// RapidJSON's own escaping differs from fastjson's (U+007F..U+009F), so strings go through AppendJsonString and
// are handed to the writer pre-escaped; the writer still does the structure (commas, colons, nesting).
void WriteString(CompactWriter& writer, std::string_view s, std::string* scratch) {
  scratch->clear();
  AppendJsonString(s, scratch);
  writer.RawValue(scratch->data(), scratch->size(), rapidjson::kStringType);
}

void AppendUnicodeEscape(unsigned char c, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->append("\\u00");
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 0xF]);
}

// --- Reading ---

constexpr unsigned kParseFlags =
    rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseTrailingCommasFlag;

std::string_view NameOf(const rapidjson::Value& name) { return {name.GetString(), name.GetStringLength()}; }

// Nested values are turned into text by RapidJSON's recursive writer; past this depth we refuse them rather than
// recurse on attacker-chosen input (no stock client nests anything in a header).
constexpr size_t kMaxNesting = 32;

// Whether `v` nests arrays/objects deeper than kMaxNesting, measured without recursion.
bool TooDeep(const rapidjson::Value& v) {
  std::vector<std::pair<const rapidjson::Value*, size_t>> stack = {{&v, 1}};
  while (!stack.empty()) {
    const auto [value, depth] = stack.back();
    stack.pop_back();
    if (depth > kMaxNesting) return true;
    if (value->IsArray()) {
      for (const auto& element : value->GetArray()) stack.emplace_back(&element, depth + 1);
    } else if (value->IsObject()) {
      for (const auto& member : value->GetObject()) stack.emplace_back(&member.value, depth + 1);
    }
  }
  return false;
}

// The text a string field gets from any JSON value, as fastjson's String deserializer does. Numbers arrive as
// strings already (kParseNumbersAsStringsFlag keeps their exact spelling, e.g. 1.50 stays "1.50"). Nested
// objects and arrays become compact JSON (their numbers then print quoted: no stock client sends such values).
// std::nullopt for null.
absl::StatusOr<std::optional<std::string>> TextOf(const rapidjson::Value& v, std::string_view field) {
  switch (v.GetType()) {
    case rapidjson::kNullType: return std::nullopt;
    case rapidjson::kFalseType: return std::string("false");
    case rapidjson::kTrueType: return std::string("true");
    case rapidjson::kStringType: return std::string(v.GetString(), v.GetStringLength());
    default: break;
  }
  if (TooDeep(v)) {
    return absl::InvalidArgumentError(
        absl::StrCat("JSON header field ", std::string(field), " nests deeper than ", kMaxNesting, " levels"));
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  v.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// An int field: a JSON number or a string holding one. A null keeps the default (fastjson leaves the field).
absl::Status ReadInt32(const rapidjson::Value& v, std::string_view field, int32_t* out) {
  if (v.IsNull()) return absl::OkStatus();
  if (v.IsString() && ParseDecimalInt32(std::string_view(v.GetString(), v.GetStringLength()), out)) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat("JSON header field ", std::string(field), " is not a 32-bit integer"));
}

LanguageCode ReadLanguage(const rapidjson::Value& v) {
  if (!v.IsString()) return LanguageCode::kOther;
  const std::string_view text(v.GetString(), v.GetStringLength());
  if (std::optional<LanguageCode> named = LanguageCodeFromName(text)) return *named;
  // fastjson also maps an enum from its ordinal.
  int32_t ordinal = 0;
  if (ParseDecimalInt32(text, &ordinal) && ordinal >= 0 && ordinal <= 0xFF) {
    return static_cast<LanguageCode>(ordinal);
  }
  return LanguageCode::kOther;
}

absl::Status ReadExtFields(const rapidjson::Value& v, RemotingCommand::ExtFields* out) {
  if (v.IsNull()) return absl::OkStatus();
  if (!v.IsObject()) return absl::InvalidArgumentError("JSON header field extFields is not an object");
  for (const auto& member : v.GetObject()) {
    // Java drops null-valued header fields before they reach a processor; absent is the same thing here.
    SPOOL_ASSIGN_OR_RETURN(std::optional<std::string> text, TextOf(member.value, NameOf(member.name)));
    if (text) out->insert_or_assign(std::string(NameOf(member.name)), std::move(*text));
  }
  return absl::OkStatus();
}

absl::Status ReadMember(std::string_view name, const rapidjson::Value& value, RemotingCommand* cmd) {
  if (name == "code") {
    int32_t code = cmd->code();
    SPOOL_RETURN_IF_ERROR(ReadInt32(value, name, &code));
    cmd->set_code(code);
  } else if (name == "language") {
    if (!value.IsNull()) cmd->set_language(ReadLanguage(value));
  } else if (name == "version") {
    int32_t version = cmd->version();
    SPOOL_RETURN_IF_ERROR(ReadInt32(value, name, &version));
    cmd->set_version(version);
  } else if (name == "opaque") {
    int32_t opaque = cmd->opaque();
    SPOOL_RETURN_IF_ERROR(ReadInt32(value, name, &opaque));
    cmd->set_opaque(opaque);
  } else if (name == "flag") {
    int32_t flag = cmd->flag();
    SPOOL_RETURN_IF_ERROR(ReadInt32(value, name, &flag));
    cmd->set_flag(flag);
  } else if (name == "remark") {
    SPOOL_ASSIGN_OR_RETURN(std::optional<std::string> remark, TextOf(value, name));
    cmd->set_remark(std::move(remark));
  } else if (name == "extFields") {
    SPOOL_RETURN_IF_ERROR(ReadExtFields(value, cmd->mutable_ext_fields()));
  }
  // Anything else (serializeTypeCurrentRPC, a newer peer's additions) is ignored, as fastjson does.
  return absl::OkStatus();
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
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
    const bool c1_control = c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
                            static_cast<unsigned char>(s[i + 1]) <= 0x9F;
    if (c < 0x20 || c == 0x7F) {
      AppendUnicodeEscape(c, out);
    } else if (c1_control) {
      // UTF-8 C2 80..C2 9F is U+0080..U+009F, which fastjson escapes as well.
      AppendUnicodeEscape(static_cast<unsigned char>(s[++i]), out);
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  out->push_back('"');
}

void AppendJsonHeader(const RemotingCommand& cmd, std::string* out) {
  StringSink sink(out);
  CompactWriter writer(sink);
  std::string scratch;
  writer.StartObject();
  writer.Key("code");
  writer.Int(cmd.code());
  if (!cmd.ext_fields().empty()) {
    writer.Key("extFields");
    writer.StartObject();
    for (const auto& [key, value] : cmd.ext_fields()) {
      WriteString(writer, key, &scratch);
      WriteString(writer, value, &scratch);
    }
    writer.EndObject();
  }
  writer.Key("flag");
  writer.Int(cmd.flag());
  writer.Key("language");
  WriteString(writer, LanguageCodeName(cmd.language()), &scratch);
  writer.Key("opaque");
  writer.Int(cmd.opaque());
  if (cmd.remark()) {
    writer.Key("remark");
    WriteString(writer, *cmd.remark(), &scratch);
  }
  writer.Key("serializeTypeCurrentRPC");
  WriteString(writer, SerializeTypeName(SerializeType::kJson), &scratch);
  writer.Key("version");
  writer.Int(cmd.version());
  writer.EndObject();
}

absl::Status DecodeJsonHeader(std::string_view header, RemotingCommand* cmd) {
  rapidjson::Document doc;
  doc.Parse<kParseFlags>(header.data(), header.size());
  if (doc.HasParseError()) {
    return absl::InvalidArgumentError(absl::StrCat("malformed JSON header at byte ", doc.GetErrorOffset(), ": ",
                                                   rapidjson::GetParseError_En(doc.GetParseError())));
  }
  if (!doc.IsObject()) return absl::InvalidArgumentError("JSON header is not an object");

  // Java's bean defaults for fields the peer left out.
  cmd->set_code(0);
  cmd->set_language(LanguageCode::kJava);
  cmd->set_version(0);
  cmd->set_opaque(0);
  cmd->set_flag(0);
  cmd->set_remark(std::nullopt);
  cmd->mutable_ext_fields()->clear();
  for (const auto& member : doc.GetObject()) {
    SPOOL_RETURN_IF_ERROR(ReadMember(NameOf(member.name), member.value, cmd));
  }
  return absl::OkStatus();
}

}  // namespace spool::remoting::internal
