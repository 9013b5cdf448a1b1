// File: payload.h
// The messages mqstore writes (put, bench): deterministic pseudo-random printable bodies, so a body can be
// regenerated from its index to check what was stored, and client-style message ids.
//
//   std::string body;
//   FillBody(/*seed=*/17, /*size=*/1024, &body);     // same bytes for the same seed and size, every run
//   std::string id = UniqKey(run_id, 17);             // 32 uppercase hex characters, unique per (run, index)
#pragma once

#include <cstdint>
#include <string>

namespace spool::mqstore {

// Replaces `out` with `size` bytes drawn from [A-Za-z0-9+/] by a SplitMix64 stream seeded with `seed`. Reuses
// `out`'s capacity (no allocation once it is large enough).
void FillBody(uint64_t seed, size_t size, std::string* out);

// A UNIQ_KEY-like id in RocketMQ's IPv4 layout (MessageClientIDSetter): 127.0.0.1, the low 16 bits of the pid,
// 4 bytes of `run_id` (e.g. the start time), then the low 48 bits of `index`, as 32 uppercase hex characters.
std::string UniqKey(uint64_t run_id, uint64_t index);
// The same, written over the 32 characters at `out` (no allocation).
void WriteUniqKey(uint64_t run_id, uint64_t index, char* out);

}  // namespace spool::mqstore
