#!/usr/bin/env bash
# Run the whole test suite: SQLite always; PostgreSQL and Redis on this machine when present.
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

apt_install "${OCR_DEBS[@]}" fonts-noto-cjk chromium
make_venv "[dev]"

# PostgreSQL: start the local server if it is installed but down, then use a throwaway database.
if [ -z "${TEST_DATABASE_URL:-}" ] && command -v psql >/dev/null 2>&1; then
  if ! pg_isready -h 127.0.0.1 -q 2>/dev/null && ls /etc/postgresql >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    sleep 2
  fi
  if pg_isready -h 127.0.0.1 -q 2>/dev/null; then
    DB="yeobi_test_$$"
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB" >/dev/null
    trap 'psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
    export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1/$DB"
    echo "==> PostgreSQL tests on $TEST_DATABASE_URL"
  fi
fi
# Redis: used by the rate limiter and the OCR job queue tests.
if [ -z "${TEST_REDIS_URL:-}" ] && command -v redis-cli >/dev/null 2>&1; then
  if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && command -v redis-server >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null || true
    sleep 1
  fi
  redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && export TEST_REDIS_URL="redis://127.0.0.1:6379/15"
fi
[ -x /usr/bin/chromium ] && export YEOBI_CHROMIUM=/usr/bin/chromium

echo "==> import contracts"
.venv/bin/lint-imports --no-cache
echo "==> ruff"
.venv/bin/ruff check --no-cache .
echo "==> pytest"
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
exit "$rc"
