#!/usr/bin/env bash
# The README's first command: installs the dependencies, builds Spool, then runs the main job:
#   1. mqnamesrv and mqbroker on 127.0.0.1 (free ports found at run time), the broker on a default store under
#      build/demo/broker-store;
#   2. examples/quickstart_producer sends 10 messages through the C++ SDK, examples/quickstart_consumer (a
#      clustering push consumer) receives them;
#   3. both servers stop on SIGTERM; mqstore verify then checks the store the broker left behind;
#   4. examples/embedded_queue: the same library used in-process, with no server at all.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$jobs" --target mqnamesrv mqbroker mqstore quickstart_producer quickstart_consumer \
  embedded_queue

demo=build/demo
rm -rf "$demo"
mkdir -p "$demo"

# A port nobody listens on (and, for the broker, its neighbours listenPort-2 and listenPort+1).
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p=$1
  while port_in_use "$p" || port_in_use $((p - 2)) || port_in_use $((p + 1)); do p=$((p + 3)); done
  echo "$p"
}
wait_for_port() {
  for _ in $(seq 1 300); do
    port_in_use "$1" && return 0
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1" >&2
  return 1
}

namesrv_port=$(free_port 9876)
broker_port=$(free_port 10911)
namesrv="127.0.0.1:$namesrv_port"

cat > "$demo/namesrv.properties" <<EOF
listenPort=$namesrv_port
kvConfigPath=$PWD/$demo/namesrv/kvConfig.json
EOF
cat > "$demo/broker.properties" <<EOF
brokerClusterName=DefaultCluster
brokerName=broker-a
brokerId=0
brokerRole=ASYNC_MASTER
brokerIP1=127.0.0.1
listenPort=$broker_port
namesrvAddr=$namesrv
storePathRootDir=$PWD/$demo/broker-store
flushDiskType=ASYNC_FLUSH
autoCreateTopicEnable=true
mappedFileSizeCommitLog=67108864
EOF

pids=()
stop_servers() {
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  pids=()
}
trap stop_servers EXIT

echo "== mqnamesrv on $namesrv (log: $demo/namesrv.log)"
build/bin/mqnamesrv -c "$demo/namesrv.properties" > "$demo/namesrv.log" 2>&1 &
pids+=($!)
wait_for_port "$namesrv_port"

echo "== mqbroker on 127.0.0.1:$broker_port, store $demo/broker-store (log: $demo/broker.log)"
build/bin/mqbroker -c "$demo/broker.properties" > "$demo/broker.log" 2>&1 &
pids+=($!)
wait_for_port "$broker_port"

echo "== quickstart_producer: 10 messages to TopicTest (auto-created through TBW102)"
build/bin/quickstart_producer -n "$namesrv" -t TopicTest -c 10

echo "== quickstart_consumer: clustering push consumer, group please_rename_unique_group_name_4"
build/bin/quickstart_consumer -n "$namesrv" -t TopicTest -g please_rename_unique_group_name_4 -c 10

echo "== stopping mqbroker and mqnamesrv (SIGTERM)"
stop_servers

echo "== mqstore verify $demo/broker-store"
build/bin/mqstore verify "$demo/broker-store" -c "$demo/broker.properties"

echo "== examples/embedded_queue (in-process, store in $demo/embedded)"
build/bin/embedded_queue --dir "$demo/embedded" --messages 1000
