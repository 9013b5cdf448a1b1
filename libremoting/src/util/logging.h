// File: util/logging.h
// The remoting logger, "spool.remoting". Created on first use with spdlog's default sinks; applications replace
// sinks and levels by registering their own logger under that name before starting a server or client.
#pragma once

#include "spdlog/spdlog.h"

namespace spool::remoting::internal {

spdlog::logger& RemotingLog();

}  // namespace spool::remoting::internal
