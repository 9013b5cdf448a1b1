#include "spool/remoting/language_code.h"

#include <array>

#include "absl/strings/match.h"

namespace spool::remoting {

namespace {

// Indexed by the byte value (LanguageCode.java's order).
constexpr std::array<std::string_view, 13> kNames = {
    "JAVA", "CPP", "DOTNET", "PYTHON", "DELPHI", "ERLANG", "RUBY", "OTHER", "HTTP", "GO", "PHP", "OMS", "RUST",
};

}  // namespace

std::string_view LanguageCodeName(LanguageCode code) {
  const size_t index = static_cast<size_t>(code);
  return index < kNames.size() ? kNames[index] : std::string_view("OTHER");
}

std::optional<LanguageCode> LanguageCodeFromName(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (absl::EqualsIgnoreCase(absl::string_view(name.data(), name.size()),
                               absl::string_view(kNames[i].data(), kNames[i].size()))) {
      return static_cast<LanguageCode>(i);
    }
  }
  return std::nullopt;
}

}  // namespace spool::remoting
