#!/usr/bin/env bash
# Builds and starts Gatehouse on embedded defaults: auth-service (H2 file database, demo users),
# demo-backend and the gateway. Needs only a JDK 17+. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")"

GATEWAY_PORT="${GATEWAY_PORT:-8080}"
AUTH_SERVICE_PORT="${AUTH_SERVICE_PORT:-9000}"
BACKEND_PORT="${BACKEND_PORT:-8081}"
GATEWAY_MANAGEMENT_PORT="${GATEWAY_MANAGEMENT_PORT:-8090}"
LOG_DIR="data/logs"

random_secret() { head -c 18 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }

ALICE_PASSWORD="${GATEHOUSE_DEMO_ALICE_PASSWORD:-$(random_secret)}"
ADMIN_PASSWORD="${GATEHOUSE_DEMO_ADMIN_PASSWORD:-$(random_secret)}"
# The admin role requires TOTP MFA: a random 20-byte secret, Base32, for an authenticator app.
ADMIN_TOTP_SECRET="${GATEHOUSE_DEMO_ADMIN_TOTP_SECRET:-$(head -c 20 /dev/urandom | base32 | tr -d '=\n')}"
CLIENT_SECRET="${GATEHOUSE_INTROSPECTION_CLIENT_SECRET:-$(random_secret)}"
ISSUER="http://localhost:${GATEWAY_PORT}"

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  echo "Building (first run downloads Maven and dependencies)..."
  ./mvnw -q -B -DskipTests -Dspotless.check.skip=true package -pl auth-service,gateway,demo-backend -am
fi

mkdir -p "$LOG_DIR"
VERSION="0.1.0-SNAPSHOT"
PIDS=()

stop_all() {
  trap - INT TERM EXIT
  if ((${#PIDS[@]})); then
    echo
    echo "Stopping Gatehouse..."
    kill "${PIDS[@]}" 2>/dev/null || true
    wait "${PIDS[@]}" 2>/dev/null || true
    echo "Stopped."
  fi
}
trap 'stop_all; exit 130' INT TERM
trap stop_all EXIT

start() {
  local name="$1"; shift
  java -jar "$@" >"$LOG_DIR/$name.log" 2>&1 &
  PIDS+=("$!")
}

await_healthy() {
  local name="$1" url="$2"
  for _ in $(seq 1 240); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    if ! kill -0 "${PIDS[@]}" 2>/dev/null; then break; fi
    sleep 0.5
  done
  echo "$name did not start; the end of $LOG_DIR/$name.log:" >&2
  tail -n 40 "$LOG_DIR/$name.log" >&2
  exit 1
}

start auth-service "auth-service/target/auth-service-$VERSION-exec.jar" \
  --spring.profiles.active=embedded \
  --server.port="$AUTH_SERVICE_PORT" \
  --gatehouse.introspection.client-secret="$CLIENT_SECRET" \
  --gatehouse.demo.alice-password="$ALICE_PASSWORD" \
  --gatehouse.demo.admin-password="$ADMIN_PASSWORD" \
  --gatehouse.demo.admin-totp-secret="$ADMIN_TOTP_SECRET" \
  --gatehouse.gateway-url="http://127.0.0.1:$GATEWAY_PORT" \
  --gatehouse.token.issuer="$ISSUER"
start demo-backend "demo-backend/target/demo-backend-$VERSION-exec.jar" \
  --server.port="$BACKEND_PORT" \
  --spring.security.oauth2.resourceserver.jwt.jwk-set-uri="http://127.0.0.1:$GATEWAY_PORT/.well-known/jwks.json" \
  --spring.security.oauth2.resourceserver.jwt.issuer-uri="$ISSUER"
start gateway "gateway/target/gateway-$VERSION-exec.jar" \
  --server.port="$GATEWAY_PORT" \
  --management.server.port="$GATEWAY_MANAGEMENT_PORT" \
  --gatehouse.upstream.auth-service="http://127.0.0.1:$AUTH_SERVICE_PORT" \
  --gatehouse.upstream.demo-backend="http://127.0.0.1:$BACKEND_PORT" \
  --gatehouse.introspection.client-secret="$CLIENT_SECRET" \
  --gatehouse.token.issuer="$ISSUER"

echo "Starting auth-service, demo-backend and gateway (logs in $LOG_DIR/)..."
await_healthy auth-service "http://127.0.0.1:$AUTH_SERVICE_PORT/actuator/health"
await_healthy demo-backend "http://127.0.0.1:$BACKEND_PORT/actuator/health"
await_healthy gateway "http://127.0.0.1:$GATEWAY_MANAGEMENT_PORT/actuator/health"

cat <<BANNER

  Gatehouse is running: http://localhost:$GATEWAY_PORT/

  Demo users (embedded profile only):
    alice / $ALICE_PASSWORD   (role user)
    admin / $ADMIN_PASSWORD   (roles user, admin)
      TOTP secret for an authenticator app: $ADMIN_TOTP_SECRET
      (or: otpauth://totp/Gatehouse:admin?secret=$ADMIN_TOTP_SECRET&issuer=Gatehouse)

  The session cookie is sent without 'Secure' in this local profile (plain http).
  Press Ctrl-C to stop all three services.

BANNER
wait
