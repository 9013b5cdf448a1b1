// File: logging.h
// The client SDK's logger, "spool.client" (created on first use with spdlog's default sinks; applications may
// register their own logger under that name first).
#pragma once

#include "spdlog/spdlog.h"

namespace spool::client::internal {

spdlog::logger& ClientLog();

}  // namespace spool::client::internal
