#!/usr/bin/env bash
# Installs the dependencies, builds everything and runs every test (the README's test command).
#   scripts/test.sh              Release-with-debug-info build in build/, all default tests
#   scripts/test.sh --sanitize   ASan + UBSan build in build-asan/, unit tests only
#   scripts/test.sh --long       also the opt-in long crash/soak tests (label "long")
set -euo pipefail
cd "$(dirname "$0")/.."

sanitize=0
long=0
for arg in "$@"; do
  case "$arg" in
    --sanitize) sanitize=1 ;;
    --long) long=1 ;;
    *) echo "usage: scripts/test.sh [--sanitize] [--long]" >&2; exit 2 ;;
  esac
done

bash scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

if [ "$sanitize" = 1 ]; then
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSPOOL_WERROR=ON -DSPOOL_SANITIZE=ON -DSPOOL_BUILD_BENCHMARKS=OFF
  # Every library's unit-test executable (store, remoting, protocol, namesrv, ...), whatever exists today.
  mapfile -t unit_targets < <(cmake --build build-asan --target help | grep -o '[a-z_]*_unit_tests' | sort -u)
  cmake --build build-asan -j"$jobs" --target "${unit_targets[@]}"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  (cd build-asan && ctest --output-on-failure -j"$jobs" -L unit --timeout 600)
  exit 0
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPOOL_WERROR=ON
cmake --build build -j"$jobs"
labels="-LE long"
[ "$long" = 1 ] && labels=""
# shellcheck disable=SC2086
(cd build && ctest --output-on-failure -j"$jobs" $labels --timeout 900)
