// File: spool/status_macros.h
// SPOOL_RETURN_IF_ERROR and SPOOL_ASSIGN_OR_RETURN: Debian 12's Abseil (20220623) has no status_macros.h.
// Header-only (target spool::status_macros); every Spool library uses it in its sources, none in its API.
//
//   SPOOL_RETURN_IF_ERROR(file->Sync());
//   SPOOL_ASSIGN_OR_RETURN(auto mapping, fs->MapFile(path, size, opts));
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define SPOOL_STATUS_CONCAT_INNER_(a, b) a##b
#define SPOOL_STATUS_CONCAT_(a, b) SPOOL_STATUS_CONCAT_INNER_(a, b)

#define SPOOL_RETURN_IF_ERROR(expr)                 \
  do {                                              \
    ::absl::Status spool_status_ = (expr);          \
    if (!spool_status_.ok()) return spool_status_;  \
  } while (0)

#define SPOOL_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return std::move(tmp).status();     \
  lhs = std::move(tmp).value()

#define SPOOL_ASSIGN_OR_RETURN(lhs, expr) \
  SPOOL_ASSIGN_OR_RETURN_IMPL_(SPOOL_STATUS_CONCAT_(spool_statusor_, __LINE__), lhs, expr)
