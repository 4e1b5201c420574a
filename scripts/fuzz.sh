#!/usr/bin/env bash
# Fuzz the JSON API with schemathesis (--checks all) as every role, against a throwaway local server.
#   bash scripts/fuzz.sh [SOURCE_DIR] [SECONDS_PER_ROLE]
# SOURCE_DIR defaults to this checkout (pass an exported older commit to compare before/after).
# schemathesis is a dev tool (`pip install -e .[fuzz]`), never a runtime dependency. Reports (JUnit)
# go to test-output/fuzz/<role>.xml; the summary line of each role is printed at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$(cd "${1:-$ROOT}" && pwd)"
SECONDS_PER_ROLE="${2:-120}"
BIN="$ROOT/.venv/bin"
[ -x "$BIN/schemathesis" ] || "$BIN/pip" install -q -e "$ROOT[fuzz]"
WORK="$(mktemp -d)"
OUT="$ROOT/test-output/fuzz"
mkdir -p "$OUT"
export YEOBI_ENV=development YEOBI_INSTANCE_DIR="$WORK" DATABASE_URL="sqlite:///$WORK/fuzz.sqlite3"
export UPLOAD_DIR="$WORK/uploads" OCR_EMBEDDED_WORKER=0 FLASK_APP=wsgi:app
# Generous login limits: the fuzzer logs in thousands of times; the limits have their own tests.
export LOGIN_LIMIT_PER_ACCOUNT="1000000 per minute" LOGIN_LIMIT_PER_ADDRESS="1000000 per minute"
cd "$SRC"
"$BIN/flask" db upgrade >/dev/null 2>&1
"$BIN/flask" seed-demo >/dev/null
PORT="$("$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$BIN/gunicorn" -w 1 --threads 4 -b "127.0.0.1:$PORT" --timeout 120 wsgi:app >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 50); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
token() {
  curl -s -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"yeobi-demo\"}" |
    "$BIN/python" -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
status=0
for role in traveler1 approver1 finance1 admin1 anonymous; do
  header=()
  [ "$role" = anonymous ] || header=(-H "Authorization: Bearer $(token "$role")")
  echo "==> $role"
  # Logout would revoke the role's token for the rest of the run.
  "$BIN/schemathesis" --config-file "$ROOT/scripts/schemathesis.toml" run "$BASE/api/v1/openapi.json" --checks all "${header[@]}" \
    --exclude-path /api/v1/auth/logout --max-time "$SECONDS_PER_ROLE" --workers 2 --seed 12 \
    --report junit --report-junit-path "$OUT/$role.xml" --no-color 2>&1 | tee "$OUT/$role.txt" |
    grep -E "^ +❌|^=+ .* in [0-9.]+s =+$" || true
  if grep -qE "^ +❌" "$OUT/$role.txt"; then status=1; fi
done
echo "server errors logged: $(grep -c 'unhandled error' "$WORK/server.log" || true)"
exit "$status"
