#!/usr/bin/env bash
# Profiles and measures the gateway's warm path (issue 14): a real gateway process, auth-service on
# its embedded defaults and nginx as a static upstream, all on 127.0.0.1 and random ports, driven by
# wrk with real session cookies (one per request, round-robin over SESSIONS sessions).
#
#   bench/profile/warm-path.sh            # measure: req/s and gateway CPU us/request, ROUNDS rounds
#   PROFILE=cpu bench/profile/warm-path.sh   # plus an async-profiler flame graph (cpu or alloc)
#
# Needs the packaged jars (./mvnw -q -DskipTests package -pl auth-service,gateway -am), nginx, wrk,
# curl and jq. Settings (environment): TARGET=gh (Gatehouse, auth required) or plain (auth none),
# ROUNDS=3, DURATION=15s, WARMUP=20s, CONNECTIONS=32, THREADS=1, SESSIONS=20 (logins are Argon2: slow on a busy machine),
# GATEWAY_JAVA (default: java on PATH; e.g. a Java 25 runtime), GATEWAY_JVM_OPTS, GATEWAY_ARGS,
# ASYNC_PROFILER (libasyncProfiler.so; see docs/performance.md), OUT (default bench/target/profile).
# CPU per request comes from /proc/<pid>/stat (utime + stime of the gateway process over a round,
# divided by the requests wrk completed in it): steadier than req/s on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/../.."

TARGET="${TARGET:-gh}"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-20s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-1}"
SESSIONS="${SESSIONS:-20}"
GATEWAY_JAVA="${GATEWAY_JAVA:-java}"
GATEWAY_JVM_OPTS="${GATEWAY_JVM_OPTS:-}"
GATEWAY_ARGS="${GATEWAY_ARGS:-}"
PROFILE="${PROFILE:-}"
OUT="${OUT:-bench/target/profile}"
VERSION="0.1.0-SNAPSHOT"

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
WORK="$(mktemp -d "$OUT/run.XXXXXX")"
PIDS=()
stop_all() {
  trap - INT TERM EXIT
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap 'stop_all; exit 130' INT TERM
trap stop_all EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
secret() { head -c 18 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }
await_up() {
  for _ in $(seq 1 3600); do  # up to 15 min: a busy machine starts a JVM slowly
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.25
  done
  echo "not up: $1 (logs in $WORK)" >&2
  exit 1
}

UPSTREAM_PORT="$(free_port)"; AUTH_PORT="$(free_port)"; GW_PORT=0
CLIENT_SECRET="$(secret)"; ALICE_PASSWORD="$(secret)"

# nginx: a static 200 "ok" for every path, keepalive, as the upstream of both routes.
mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx;
  proxy_temp_path $WORK/nginx;
  fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx;
  scgi_temp_path $WORK/nginx;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$UPSTREAM_PORT;
    location / { default_type text/plain; return 200 "ok\n"; }
  }
}
NGINX
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
PIDS+=("$!")

java -jar "auth-service/target/auth-service-$VERSION-exec.jar" \
  --spring.profiles.active=embedded --server.address=127.0.0.1 --server.port="$AUTH_PORT" \
  --spring.datasource.url="jdbc:h2:file:$WORK/auth;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" \
  --gatehouse.introspection.client-secret="$CLIENT_SECRET" \
  --gatehouse.demo.alice-password="$ALICE_PASSWORD" --gatehouse.demo.admin-password="$(secret)" \
  --gatehouse.gateway-url="http://127.0.0.1" --gatehouse.token.issuer="http://127.0.0.1" \
  >"$WORK/auth-service.log" 2>&1 &
PIDS+=("$!")

cat >"$WORK/routes.yml" <<ROUTES
spring.cloud.gateway.server.webflux.routes:
  - id: bench-plain
    uri: http://127.0.0.1:$UPSTREAM_PORT
    predicates: [ "Path=/plain/**" ]
    metadata:
      gatehouse: { auth: none }
  - id: bench-gatehouse
    uri: http://127.0.0.1:$UPSTREAM_PORT
    predicates: [ "Path=/gh/**" ]
    metadata:
      gatehouse: { auth: required, audience: bench }
  - id: login
    uri: http://127.0.0.1:$AUTH_PORT
    predicates: [ "Path=/login" ]
    metadata:
      gatehouse: { auth: none, audience: auth-service }
ROUTES

# One gateway per variant, all started now and measured in interleaved rounds (A B A B ...), so a
# change of the machine's load hits every variant alike. A variant: name|java|JVM options|arguments
# and, optionally, |the gateway jar (another build, e.g. a copy of the one before a change).
VARIANTS="${VARIANTS:-default|$GATEWAY_JAVA|$GATEWAY_JVM_OPTS|$GATEWAY_ARGS}"
NAMES=(); GW_PIDS=(); GW_PORTS=(); GW_MGMTS=(); JAVA_BINS=()
while IFS='|' read -r name java opts args jar; do
  [[ -z "$name" ]] && continue
  port="$(free_port)"; mgmt="$(free_port)"
  java_bin="$(dirname "$(readlink -f "$(command -v "${java:-java}")")")"
  if [[ -n "$PROFILE" ]]; then
    : "${ASYNC_PROFILER:?set ASYNC_PROFILER to linux-x64/libasyncProfiler.so}"
    # Loaded at start (no dynamic-attach warning), started only after the warm-up, below.
    opts="$opts -agentpath:$ASYNC_PROFILER"
  fi
  # shellcheck disable=SC2086
  "$java_bin/java" $opts -jar "${jar:-gateway/target/gateway-$VERSION-exec.jar}" \
    --server.address=127.0.0.1 --server.port="$port" \
    --management.server.address=127.0.0.1 --management.server.port="$mgmt" \
    --spring.config.additional-location="file:$WORK/routes.yml" \
    --gatehouse.upstream.auth-service="http://127.0.0.1:$AUTH_PORT" \
    --gatehouse.upstream.demo-backend="http://127.0.0.1:$UPSTREAM_PORT" \
    --gatehouse.introspection.client-secret="$CLIENT_SECRET" \
    --gatehouse.token.issuer="http://127.0.0.1" $args \
    >"$WORK/gateway-$name.log" 2>&1 &
  PIDS+=("$!"); GW_PIDS+=("$!"); NAMES+=("$name"); GW_PORTS+=("$port"); GW_MGMTS+=("$mgmt")
  JAVA_BINS+=("$java_bin")
  echo "variant $name: $("$java_bin/java" -version 2>&1 | head -1); options: ${opts:-none}; arguments: ${args:-none}"
done <<<"$VARIANTS"

await_up "http://127.0.0.1:$AUTH_PORT/actuator/health"
for mgmt in "${GW_MGMTS[@]}"; do await_up "http://127.0.0.1:$mgmt/actuator/health"; done
GW_PORT="${GW_PORTS[0]}"

# Real sessions, logged in through the gateway as an API client would.
: >"$WORK/cookies.txt"
for _ in $(seq 1 "$SESSIONS"); do
  curl -fsS -o /dev/null -D - -H 'Content-Type: application/json' \
    -d "{\"username\":\"alice\",\"password\":\"$ALICE_PASSWORD\"}" "http://127.0.0.1:$GW_PORT/login" \
    | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(GATEHOUSE_SESSION=[^;]*\).*/\1/p' >>"$WORK/cookies.txt"
done
[[ "$(wc -l <"$WORK/cookies.txt")" -eq "$SESSIONS" ]] || { echo "login failed" >&2; exit 1; }

cat >"$WORK/rotate.lua" <<'LUA'
-- One session cookie per request, round-robin from a different start per thread.
local cookies = {}
for line in io.lines(os.getenv("COOKIES")) do cookies[#cookies + 1] = line end
local i = 0
function init(args) i = math.random(#cookies) end
function request()
  i = i % #cookies + 1
  -- What an API client sends besides the cookie: the filters that read Accept and friends see them.
  return wrk.format("GET", nil, {
    Cookie = cookies[i],
    Accept = "application/json",
    ["User-Agent"] = "warm-path/1.0",
    ["Accept-Encoding"] = "gzip, deflate",
  })
end
LUA
path="/$TARGET/hello"
curl -fsS -o /dev/null -H "Cookie: $(head -1 "$WORK/cookies.txt")" "http://127.0.0.1:$GW_PORT$path" \
  || { echo "$path does not answer 200" >&2; exit 1; }

TICK="$(getconf CLK_TCK)"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
run_wrk() { COOKIES="$WORK/cookies.txt" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency -s "$WORK/rotate.lua" "http://127.0.0.1:$1$path"; }
# Quoted: jcmd would read "start,event=cpu" as its own key=value option.
profiler() { "${JAVA_BINS[$1]}/jcmd" "${GW_PIDS[$1]}" "JVMTI.agent_load $ASYNC_PROFILER \"$2\"" >>"$WORK/profiler.txt"; }

for i in "${!NAMES[@]}"; do
  echo "warm-up ${NAMES[$i]}: $WARMUP on $path"
  run_wrk "${GW_PORTS[$i]}" "$WARMUP" >"$WORK/warmup-${NAMES[$i]}.txt"
  # Started on the warmed-up process: the flame graph shows the steady state, not the JIT warm-up.
  if [[ -n "$PROFILE" ]]; then profiler "$i" "start,event=$PROFILE"; fi
done
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!NAMES[@]}"; do
    name="${NAMES[$i]}"; pid="${GW_PIDS[$i]}"; file="$WORK/round-$round-$name.txt"
    before="$(cpu_ticks "$pid")"
    run_wrk "${GW_PORTS[$i]}" "$DURATION" >"$file"
    after="$(cpu_ticks "$pid")"
    requests="$(awk '/requests in/ {print $1}' "$file")"
    bad="$(awk '/Non-2xx/ {print $NF} /Socket errors/ {print "socket-errors"}' "$file" | tr '\n' ' ')"
    rps="$(awk '/Requests\/sec/ {printf "%d", $2}' "$file")"
    p50="$(awk '$1=="50%" {print $2}' "$file")"
    p99="$(awk '$1=="99%" {print $2}' "$file")"
    max="$(awk '$1=="Latency" {print $4}' "$file")"
    us="$(awk -v t=$((after - before)) -v hz="$TICK" -v n="$requests" 'BEGIN {printf "%.1f", t * 1e6 / hz / n}')"
    printf 'round %s %-24s %6s req/s  %7s us/request  p50 %-8s p99 %-8s max %-8s requests %s %s\n' \
      "$round" "$name" "$rps" "$us" "$p50" "$p99" "$max" "$requests" "${bad:+non-2xx/errors: $bad}"
    echo "$(date -u +%FT%TZ),$TARGET,$name,$round,$rps,$us,$p50,$p99,$requests,$max" >>"$OUT/results.csv"
  done
done
if [[ -n "$PROFILE" ]]; then
  for i in "${!NAMES[@]}"; do
    flame="$OUT/${PROFILE_NAME:-flame}-${NAMES[$i]}-$PROFILE.html"
    profiler "$i" "dump,file=${flame%.html}.collapsed"
    profiler "$i" "stop,file=$flame"
    echo "flame graph: $flame"
  done
fi
echo "logs: $WORK"
