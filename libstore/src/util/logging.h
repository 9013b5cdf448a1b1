// File: util/logging.h
// The store's logger, "spool.store". Created on first use with spdlog's default sinks; applications replace sinks
// and levels by registering their own logger under that name before opening a store.
#pragma once

#include <memory>

#include "spdlog/spdlog.h"

namespace spool::store::internal {

spdlog::logger& StoreLog();

}  // namespace spool::store::internal
