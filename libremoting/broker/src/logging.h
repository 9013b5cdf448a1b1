// File: logging.h
// The broker's logger, "spool.broker". Created on first use with spdlog's default sinks; mqbroker replaces
// sinks and levels by registering its own logger under that name before starting the server.
#pragma once

#include "spdlog/spdlog.h"
#include "spool/remoting/request_processor.h"

namespace spool::broker::internal {

spdlog::logger& BrokerLog();

// Logs one received request at debug level (building the text only when debug is on).
void LogRequest(const remoting::RequestContext& ctx, const remoting::RemotingCommand& request);

}  // namespace spool::broker::internal
