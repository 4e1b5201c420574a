#!/usr/bin/env bash
# Load test: authenticated GET /api/v1/me against gunicorn on this machine (wrk from Debian).
# Usage: bash benchmarks/me_bench.sh [seconds] [connections]   (DATABASE_URL to use PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20}"
CONNS="${2:-16}"
WORKERS="${WEB_CONCURRENCY:-2}"  # one per core: the work is CPU-bound
PORT="${PORT:-8099}"
command -v wrk >/dev/null || { echo "apt-get install wrk" >&2; exit 1; }
WORK="$(mktemp -d)"
export YEOBI_ENV=production SECRET_KEY="bench-secret-0123456789abcdef-0123456789" \
       JWT_SECRET_KEY="bench-jwt-0123456789abcdef-0123456789abcdef" \
       DATABASE_URL="${DATABASE_URL:-sqlite:///$WORK/bench.sqlite3}" FLASK_APP=wsgi:app \
       OCR_EMBEDDED_WORKER=0 LOGIN_LIMIT_PER_ACCOUNT="1000 per minute"
.venv/bin/flask db upgrade >/dev/null 2>&1
.venv/bin/flask seed-demo --no-trips >/dev/null
.venv/bin/gunicorn -w "$WORKERS" -b "127.0.0.1:$PORT" --log-level warning wsgi:app 2>"$WORK/gunicorn.log" &
GPID=$!
trap 'kill $GPID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
TOKEN=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"traveler1","password":"yeobi-demo"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
cat > "$WORK/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA
echo "gunicorn workers=$WORKERS, wrk ${DURATION}s ${CONNS} connections, db=${DATABASE_URL%%:*}"
wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -s "$WORK/auth.lua" "http://127.0.0.1:$PORT/api/v1/me"
