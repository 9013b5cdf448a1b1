// File: logging.h
// The name server's logger, "spool.namesrv". Created on first use with spdlog's default sinks; mqnamesrv replaces
// sinks and levels by registering its own logger under that name before starting the server.
#pragma once

#include "spdlog/spdlog.h"
#include "spool/remoting/request_processor.h"

namespace spool::namesrv::internal {

spdlog::logger& NamesrvLog();

// Logs one received request at debug level (building the text only when debug is on).
void LogRequest(const remoting::RequestContext& ctx, const remoting::RemotingCommand& request);

}  // namespace spool::namesrv::internal
