#include "testing/random_command.h"

namespace spool::remoting::testing {

namespace {

template <typename T>
T Uniform(std::mt19937_64& rng, T lo, T hi) {
  return std::uniform_int_distribution<T>(lo, hi)(rng);
}

}  // namespace

std::string RandomBytes(std::mt19937_64& rng, size_t max_size) {
  static constexpr char kSpecial[] = {'"', '\\', '\n', '\t', '\0', '\x01', '\x7f', '\xc2', '\x85', '\xc3', '/', ':'};
  const size_t size = Uniform<size_t>(rng, 0, max_size);
  std::string out;
  out.reserve(size);
  for (size_t i = 0; i < size; ++i) {
    if (Uniform(rng, 0, 3) == 0) {
      out.push_back(kSpecial[Uniform<size_t>(rng, 0, sizeof(kSpecial) - 1)]);
    } else {
      out.push_back(static_cast<char>(Uniform(rng, 0, 255)));
    }
  }
  return out;
}

RemotingCommand RandomCommand(std::mt19937_64& rng, SerializeType type) {
  const bool binary = type == SerializeType::kRocketMq;
  auto non_empty = [&](size_t max_size) {
    std::string s = RandomBytes(rng, max_size);
    if (s.empty()) s = "x";
    return s;
  };
  RemotingCommand cmd;
  cmd.set_serialize_type(type);
  cmd.set_code(binary ? Uniform(rng, -32768, 32767) : Uniform(rng, INT32_MIN, INT32_MAX));
  cmd.set_version(binary ? Uniform(rng, -32768, 32767) : Uniform(rng, INT32_MIN, INT32_MAX));
  cmd.set_language(static_cast<LanguageCode>(binary ? Uniform(rng, 0, 255) : Uniform(rng, 0, 12)));
  cmd.set_opaque(Uniform(rng, INT32_MIN, INT32_MAX));
  cmd.set_flag(Uniform(rng, 0, 3));
  if (Uniform(rng, 0, 1) == 1) cmd.set_remark(binary ? non_empty(40) : RandomBytes(rng, 40));
  const int fields = Uniform(rng, 0, 6);
  for (int i = 0; i < fields; ++i) {
    cmd.SetExtField(binary ? non_empty(12) : RandomBytes(rng, 12), binary ? non_empty(30) : RandomBytes(rng, 30));
  }
  if (Uniform(rng, 0, 1) == 1) cmd.set_body(RandomBytes(rng, 300));
  return cmd;
}

}  // namespace spool::remoting::testing
