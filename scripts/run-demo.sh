#!/usr/bin/env bash
# The README's first command: installs the dependencies, builds Spool, then runs the main job:
#   1. examples/embedded_queue: an in-process producer and consumer over the public API, persisted offsets;
#   2. mqstore put: 10,000 SYNC_FLUSH messages into a fresh store directory;
#   3. mqstore verify: recovery, every CRC and every ConsumeQueue unit checked against the log.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$jobs" --target mqstore embedded_queue

demo=build/demo
rm -rf "$demo"
mkdir -p "$demo"

echo "== examples/embedded_queue (store in $demo/embedded)"
build/bin/embedded_queue --dir "$demo/embedded" --messages 1000

echo "== mqstore put: 10000 x 1 KiB, SYNC_FLUSH, 4 threads (store in $demo/store)"
build/bin/mqstore put "$demo/store" --topic DemoTopic --queues 4 --count 10000 --size 1024 --flush sync --threads 4

echo "== mqstore verify"
build/bin/mqstore verify "$demo/store"

echo "== mqstore dump: $demo/dump.jsonl (first 2 records shown)"
build/bin/mqstore dump "$demo/store" > "$demo/dump.jsonl"
head -n 2 "$demo/dump.jsonl"
echo "$(wc -l < "$demo/dump.jsonl") records dumped"
