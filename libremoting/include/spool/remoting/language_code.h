// File: spool/remoting/language_code.h
// The sender's implementation language, as RocketMQ's LanguageCode: a JSON header carries the enum name
// ("JAVA", "CPP", "GO"), the ROCKETMQ binary header the byte value. A broker keys a few behaviours on it
// (INVOKE_BROKER_TO_RESET_OFFSET uses a C++-specific body for kCpp).
//
//   LanguageCode lang = LanguageCodeFromName("GO").value_or(LanguageCode::kOther);
//   spdlog::info("client language {}", LanguageCodeName(lang));      // "GO"
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace spool::remoting {

// Values are the bytes of the binary header. A byte outside this list (a newer peer) is kept as is: the enum is
// only a name for the byte.
enum class LanguageCode : uint8_t {
  kJava = 0,
  kCpp = 1,
  kDotnet = 2,
  kPython = 3,
  kDelphi = 4,
  kErlang = 5,
  kRuby = 6,
  kOther = 7,
  kHttp = 8,
  kGo = 9,
  kPhp = 10,
  kOms = 11,
  kRust = 12,
};

// The Java enum name ("JAVA", "CPP", ...); "OTHER" for a byte RocketMQ 4.9.7 does not define.
std::string_view LanguageCodeName(LanguageCode code);

// The code for a Java enum name, ASCII case-insensitively (fastjson matches names exactly; peers only ever send
// upper case, so accepting more costs nothing). std::nullopt for an unknown name.
std::optional<LanguageCode> LanguageCodeFromName(std::string_view name);

}  // namespace spool::remoting
