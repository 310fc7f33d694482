#!/usr/bin/env bash
# Starts a real single-node Apache Kafka broker (KRaft, broker+controller) on 127.0.0.1:${KAFKA_PORT:-9092}
# from the Maven Central jars, with its data in a temp dir. Returns only when the broker serves metadata.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${KAFKA_PORT:-9092}"
controller_port=$((port + 1))
run="$here/.run/$port"

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
serves_metadata() {
  if command -v kcat >/dev/null; then kcat -b "127.0.0.1:$port" -L -m 3 >/dev/null 2>&1; else answers; fi
}

if answers && serves_metadata; then
  echo "start.sh: a Kafka broker already answers on 127.0.0.1:$port"
  exit 0
fi

command -v java >/dev/null || { echo "start.sh: Java 17+ is required" >&2; exit 1; }
"$here/fetch.sh"

mkdir -p "$run"
data="$(mktemp -d "${TMPDIR:-/tmp}/luotsi-kafka-$port-XXXXXX")"
echo "$data" > "$run/data-dir"
cat > "$run/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$data/logs
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=24
PROPS

cp_="$here/libs/*"
java_opts=(-Xmx512m -Xms256m -XX:+UseG1GC -Djava.awt.headless=true
  "-Dlog4j2.configurationFile=$here/log4j2.properties" "-Dkafka.logs.dir=$run")
cluster_id="$(java -cp "$cp_" kafka.tools.StorageTool random-uuid)"
java -cp "$cp_" "${java_opts[@]}" kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$run/server.properties" >"$run/format.log" 2>&1 \
  || { cat "$run/format.log" >&2; exit 1; }

: >"$run/server.log"
setsid nohup java -cp "$cp_" "${java_opts[@]}" kafka.Kafka "$run/server.properties" >"$run/stdout.log" 2>&1 < /dev/null &
echo $! > "$run/pid"

started=$(date +%s)
until answers && serves_metadata; do
  if ! kill -0 "$(cat "$run/pid")" 2>/dev/null; then
    echo "start.sh: the broker exited; last lines of its logs:" >&2
    tail -n 50 "$run/stdout.log" "$run/server.log" >&2 || true
    exit 1
  fi
  if (( $(date +%s) - started > 90 )); then
    echo "start.sh: no broker on 127.0.0.1:$port after 90 s; last lines of its log:" >&2
    tail -n 50 "$run/server.log" >&2 || true
    exit 1
  fi
  sleep 0.5
done
echo "start.sh: Kafka $(ls "$here/libs" | sed -n 's/^kafka_2.13-\(.*\)\.jar$/\1/p') on 127.0.0.1:$port (pid $(cat "$run/pid"), data in $data) after $(( $(date +%s) - started )) s"
