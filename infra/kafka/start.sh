#!/usr/bin/env bash
# Starts a real single-node Apache Kafka broker (KRaft, broker+controller in one JVM) on
# 127.0.0.1:${KAFKA_PORT:-9092} (PLAINTEXT, for the services on loopback), its controller on
# KAFKA_CONTROLLER_PORT (KAFKA_PORT+1) and a SASL_PLAINTEXT (SCRAM-SHA-512) listener for the
# municipalities' principals on KAFKA_SASL_PORT (KAFKA_PORT+2), from the Maven Central jars, with
# its data in a temp dir (or KAFKA_DATA_DIR). ACLs are enforced (StandardAuthorizer); provision.sh
# creates the principals and their ACLs. Returns only when the broker serves metadata.
# Idempotent: exits 0 at once when a broker already answers on the port.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-$((port + 1))}"
sasl_port="${KAFKA_SASL_PORT:-$((port + 2))}"
run="$here/.run/$port"
timeout_s="${KAFKA_START_TIMEOUT:-90}"

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
# A metadata response that lists the broker itself (so it is registered and can lead partitions).
serves_metadata() {
  if command -v kcat >/dev/null; then
    local md # captured, not piped into grep -q: with pipefail an early grep exit fails kcat (SIGPIPE)
    md="$(kcat -b "127.0.0.1:$port" -L -m 3 2>/dev/null)" || return 1
    [[ "$md" == *"broker 1 at 127.0.0.1:$port"* ]]
  else
    answers
  fi
}
# The pid in $run/pid, if it is still the broker this script started for this port.
our_pid() {
  local pid cmd
  pid="$(cat "$run/pid" 2>/dev/null)" || return 1
  [[ -n "$pid" ]] || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmd" == *"kafka.Kafka $run/server.properties"* ]] && echo "$pid"
}
# Waits for the broker with pid $1; on failure prints its log, stops it and exits 1.
wait_ready() {
  local pid="$1" started
  started=$(date +%s)
  until answers && serves_metadata; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "start.sh: the broker exited; last lines of its logs:" >&2
      tail -n 50 "$run/stdout.log" "$run/server.log" >&2 2>/dev/null || true
      cleanup_run
      exit 1
    fi
    if (( $(date +%s) - started > timeout_s )); then
      echo "start.sh: no broker on 127.0.0.1:$port after $timeout_s s; last lines of its log:" >&2
      tail -n 50 "$run/server.log" >&2 2>/dev/null || true
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
      cleanup_run
      exit 1
    fi
    sleep 0.5
  done
  # Without kcat only the TCP accept is visible; give the broker a moment to register.
  command -v kcat >/dev/null || sleep 3
}
cleanup_run() {
  if [[ -f "$run/data-dir" ]]; then rm -rf "$(cat "$run/data-dir")"; fi
  rm -f "$run/pid" "$run/data-dir"
}

sasl_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$sasl_port") 2>/dev/null; }
# A broker that answers without the SASL listener was started by an older start.sh: the
# municipalities' ACL tests would fail against it, so one started from here is restarted, and
# any other is refused rather than silently used.
reuse_or_replace() {
  if sasl_answers; then
    echo "start.sh: a Kafka broker already answers on 127.0.0.1:$port (SASL on $sasl_port)"
    exit 0
  fi
  if [[ -f "$run/pid" ]]; then
    echo "start.sh: the broker on 127.0.0.1:$port has no SASL listener (an older start.sh); restarting it"
    bash "$here/stop.sh"
    return 0
  fi
  echo "start.sh: a Kafka broker answers on 127.0.0.1:$port but not SASL on $sasl_port, and was not started from here; stop it or pick another KAFKA_PORT" >&2
  exit 1
}

if answers && serves_metadata; then reuse_or_replace; fi

# One start.sh per port at a time (parallel CI steps, two terminals).
mkdir -p "$here/.run"
exec 9>"$here/.run/$port.lock"
if command -v flock >/dev/null; then flock 9; fi
if answers && serves_metadata; then reuse_or_replace; fi

# A broker from an earlier call that is still starting: wait for it instead of starting a second.
if pid="$(our_pid)"; then
  echo "start.sh: waiting for the broker already starting on 127.0.0.1:$port (pid $pid)"
  wait_ready "$pid"
  echo "start.sh: Kafka on 127.0.0.1:$port (pid $pid)"
  exit 0
fi
# Leftovers of a broker that died or was killed without stop.sh.
cleanup_run

if answers; then
  echo "start.sh: something that is not a Kafka broker listens on 127.0.0.1:$port" >&2
  exit 1
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$controller_port") 2>/dev/null; then
  echo "start.sh: the controller port 127.0.0.1:$controller_port (KAFKA_CONTROLLER_PORT) is taken; pick another KAFKA_PORT" >&2
  exit 1
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$sasl_port") 2>/dev/null; then
  echo "start.sh: the SASL port 127.0.0.1:$sasl_port (KAFKA_SASL_PORT) is taken; pick another KAFKA_PORT" >&2
  exit 1
fi
command -v java >/dev/null || { echo "start.sh: Java 17+ is required" >&2; exit 1; }
"$here/fetch.sh"

mkdir -p "$run"
if [[ -n "${KAFKA_DATA_DIR:-}" ]]; then
  # A given data dir is formatted afresh, like the temp one: the broker always starts empty.
  data="$KAFKA_DATA_DIR"
  # Wiped only when start.sh made it (its marker) or it is empty: never someone else's directory.
  if [[ -d "$data" && ! -f "$data/.luotsi-kafka-data" && -n "$(ls -A "$data")" ]]; then
    echo "start.sh: KAFKA_DATA_DIR=$data is not empty and was not made by start.sh" >&2
    exit 1
  fi
  rm -rf "$data" && mkdir -p "$data"
else
  data="$(mktemp -d "${TMPDIR:-/tmp}/luotsi-kafka-$port-XXXXXX")"
fi
touch "$data/.luotsi-kafka-data"
echo "$data" > "$run/data-dir"
cat > "$run/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port,SASL_PLAINTEXT://127.0.0.1:$sasl_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port,SASL_PLAINTEXT://127.0.0.1:$sasl_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
# Municipalities' systems sign in with SCRAM-SHA-512 on the SASL listener (credentials: provision.sh).
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
# ACLs are enforced. The loopback PLAINTEXT and CONTROLLER listeners carry no identity (User:ANONYMOUS):
# they are the services' and the controller's own, bound to 127.0.0.1, so that principal is a super
# user. Every SASL principal gets only what provision.sh grants it; nothing else is allowed.
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:ANONYMOUS
allow.everyone.if.no.acl.found=false
log.dirs=$data/logs
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.num.partitions=3
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=24
PROPS

cp_="$here/libs/*"
# shellcheck disable=SC2206 # KAFKA_HEAP_OPTS is a list of JVM flags, split on purpose.
java_opts=(${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m} -XX:+UseG1GC -Djava.awt.headless=true
  "-Dlog4j2.configurationFile=$here/log4j2.properties" "-Dkafka.logs.dir=$run")
t0=$(date +%s%N)
cluster_id="$(java -cp "$cp_" "${java_opts[@]}" kafka.tools.StorageTool random-uuid)"
java -cp "$cp_" "${java_opts[@]}" kafka.tools.StorageTool format --standalone -t "$cluster_id" \
  -c "$run/server.properties" >"$run/format.log" 2>&1 || { cat "$run/format.log" >&2; cleanup_run; exit 1; }

: >"$run/server.log"
# setsid + nohup: the broker survives the calling shell (and its process group being killed).
setsid nohup java -cp "$cp_" "${java_opts[@]}" kafka.Kafka "$run/server.properties" \
  >"$run/stdout.log" 2>&1 </dev/null 9>&- &
pid=$!
echo "$pid" > "$run/pid"

wait_ready "$pid"
version=""
for jar in "$here"/libs/kafka_2.13-*.jar; do version="${jar##*/kafka_2.13-}"; version="${version%.jar}"; done
echo "start.sh: Kafka $version on 127.0.0.1:$port (SASL/SCRAM on $sasl_port; pid $pid, data in $data) after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
