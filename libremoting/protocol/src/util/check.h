// File: util/check.h
// SPOOL_CHECK aborts on a broken invariant: a bug of ours, never bad input (bad input gets a Status). Same
// definition as libstore's.
#pragma once

#include <cstdio>
#include <cstdlib>

#define SPOOL_CHECK(cond)                                                                  \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "%s:%d: SPOOL_CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)
