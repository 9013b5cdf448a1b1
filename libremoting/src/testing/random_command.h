// File: testing/random_command.h
// Random RemotingCommands for round-trip and fuzz tests, drawn from a caller's seeded generator so a failure
// reproduces from the printed seed.
#pragma once

#include <random>
#include <string>

#include "spool/remoting/remoting_command.h"

namespace spool::remoting::testing {

// Bytes of every value 0..255, biased towards the ones codecs treat specially (quotes, backslashes, control
// characters, UTF-8 lead bytes, C1 controls).
std::string RandomBytes(std::mt19937_64& rng, size_t max_size);

// A command the given serialization can carry without loss: for ROCKETMQ, code and version within int16 and no
// empty remark, keys or values (they decode as absent); for JSON, a language RocketMQ names.
RemotingCommand RandomCommand(std::mt19937_64& rng, SerializeType type);

}  // namespace spool::remoting::testing
