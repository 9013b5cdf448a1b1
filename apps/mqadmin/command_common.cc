#include "command_common.h"

#include <time.h>

#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "spool/protocol/json_writer.h"

namespace spool::mqadmin {

using protocol::JsonValue;

CLI::App* AddCommand(CLI::App* app, CommandContext* ctx, const std::string& name, const std::string& description) {
  CLI::App* sub = app->add_subcommand(name, description);
  sub->add_option("-n,--namesrvAddr", ctx->namesrv_addr,
                  "Name server address list, eg: 192.168.0.1:9876;192.168.0.2:9876");
  ctx->commands.emplace_back(name, description);
  return sub;
}

absl::StatusOr<std::unique_ptr<AdminClient>> Connect(const CommandContext& ctx) {
  return AdminClient::Create(ctx.namesrv_addr);
}

void Print(std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); }

std::string FrontStringAtLeast(std::string_view s, size_t size) { return std::string(s.substr(0, size)); }

namespace {

bool LocalTime(int64_t millis, struct tm* out) {
  const time_t secs = static_cast<time_t>(millis / 1000);
  return localtime_r(&secs, out) != nullptr;
}

}  // namespace

std::string TimeMillisToHumanString2(int64_t millis) {
  struct tm t {};
  if (!LocalTime(millis, &t)) return absl::StrCat(millis);
  return absl::StrFormat("%04d-%02d-%02d %02d:%02d:%02d,%03d", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday, t.tm_hour,
                         t.tm_min, t.tm_sec, static_cast<int>(millis % 1000));
}

std::string FormatDate(int64_t millis) {
  struct tm t {};
  if (!LocalTime(millis, &t)) return "";
  return absl::StrFormat("%04d-%02d-%02d %02d:%02d:%02d", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday, t.tm_hour,
                         t.tm_min, t.tm_sec);
}

bool ParseJavaBoolean(std::string_view s) {
  return absl::AsciiStrToLower(absl::string_view(s.data(), s.size())) == "true";
}

absl::StatusOr<int64_t> ParseIntFlag(std::string_view flag, std::string_view value) {
  int64_t v = 0;
  if (!absl::SimpleAtoi(absl::string_view(value.data(), value.size()), &v)) {
    return absl::InvalidArgumentError(absl::StrCat("option ", std::string(flag), ": '", std::string(value),
                                                   "' is not an integer"));
  }
  return v;
}

absl::StatusOr<int64_t> ParseTimestampFlag(std::string_view flag, std::string_view value) {
  int64_t v = 0;
  if (absl::SimpleAtoi(absl::string_view(value.data(), value.size()), &v)) return v;
  struct tm t {};
  int ms = 0;
  if (std::sscanf(std::string(value).c_str(), "%d-%d-%d#%d:%d:%d:%d", &t.tm_year, &t.tm_mon, &t.tm_mday, &t.tm_hour,
                  &t.tm_min, &t.tm_sec, &ms) != 7) {
    return absl::InvalidArgumentError(absl::StrCat("option ", std::string(flag), ": '", std::string(value),
                                                   "' is neither milliseconds nor yyyy-MM-dd#HH:mm:ss:SSS"));
  }
  t.tm_year -= 1900;
  t.tm_mon -= 1;
  t.tm_isdst = -1;
  return static_cast<int64_t>(mktime(&t)) * 1000 + ms;
}

namespace {

void AppendIndent(int level, std::string* out) { out->append(static_cast<size_t>(level), '\t'); }

void AppendPretty(const JsonValue& v, int level, std::string* out) {
  switch (v.type()) {
    case JsonValue::Type::kArray: {
      if (v.elements().empty()) {
        out->append("[]");
        return;
      }
      out->append("[");
      bool first = true;
      for (const JsonValue& e : v.elements()) {
        if (!first) out->append(",");
        first = false;
        out->append("\n");
        AppendIndent(level + 1, out);
        AppendPretty(e, level + 1, out);
      }
      out->append("\n");
      AppendIndent(level, out);
      out->append("]");
      return;
    }
    case JsonValue::Type::kObject: {
      if (v.members().empty()) {
        out->append("{}");
        return;
      }
      out->append("{");
      bool first = true;
      for (const JsonValue::Member& m : v.members()) {
        if (!first) out->append(",");
        // fastjson's MapSerializer writes a non-String key straight after '{' or ','; beans and String keys go on
        // a new line.
        if (m.key_kind == JsonValue::KeyKind::kQuoted) {
          out->append("\n");
          AppendIndent(level + 1, out);
        }
        first = false;
        if (m.key_kind == JsonValue::KeyKind::kQuoted) {
          protocol::AppendJsonString(m.key, protocol::JsonStyle::kFastjson, out);
        } else {
          out->append(m.key);
        }
        out->append(":");
        AppendPretty(m.value, level + 1, out);
      }
      out->append("\n");
      AppendIndent(level, out);
      out->append("}");
      return;
    }
    default:
      out->append(protocol::ToJson(v));
      return;
  }
}

}  // namespace

std::string PrettyJson(const JsonValue& value) {
  std::string out;
  AppendPretty(value, 0, &out);
  return out;
}

absl::Status ValidateTopic(std::string_view topic) {
  if (topic.empty()) return absl::InvalidArgumentError("The specified topic is blank.");
  if (topic.size() > 127) return absl::InvalidArgumentError("The specified topic is longer than topic max length 127.");
  for (char c : topic) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '%' ||
                    c == '|' || c == '_' || c == '-';
    if (!ok) {
      return absl::InvalidArgumentError(absl::StrCat("The specified topic[", std::string(topic),
                                                     "] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$"));
    }
  }
  if (topic == "TBW102") {
    return absl::InvalidArgumentError("The topic[TBW102] is conflict with AUTO_CREATE_TOPIC_KEY_TOPIC.");
  }
  return absl::OkStatus();
}

}  // namespace spool::mqadmin
