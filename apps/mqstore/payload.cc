#include "payload.h"

#include <unistd.h>

namespace spool::mqstore {
namespace {

uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static_assert(sizeof(kAlphabet) == 65);

void PutHex(uint64_t value, int digits, char* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (int i = digits - 1; i >= 0; --i) {
    out[i] = kHex[value & 0xF];
    value >>= 4;
  }
}

}  // namespace

void FillBody(uint64_t seed, size_t size, std::string* out) {
  out->resize(size);
  uint64_t state = seed * 0x2545F4914F6CDD1Dull + 1;
  size_t i = 0;
  while (i < size) {
    uint64_t r = SplitMix64(&state);
    // Six bits per character: ten characters from each 64-bit draw.
    for (int k = 0; k < 10 && i < size; ++k, ++i) {
      (*out)[i] = kAlphabet[r & 63];
      r >>= 6;
    }
  }
}

void WriteUniqKey(uint64_t run_id, uint64_t index, char* out) {
  PutHex(0x7F000001, 8, out);                             // client IPv4 address
  PutHex(static_cast<uint64_t>(::getpid()) & 0xFFFF, 4, out + 8);  // pid (short)
  PutHex(run_id & 0xFFFFFFFF, 8, out + 12);               // per run
  PutHex(index & 0xFFFFFFFFFFFF, 12, out + 20);           // per message
}

std::string UniqKey(uint64_t run_id, uint64_t index) {
  std::string id(32, '0');
  WriteUniqKey(run_id, index, id.data());
  return id;
}

}  // namespace spool::mqstore
