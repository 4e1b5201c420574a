#!/usr/bin/env bash
# Set up Yeobi on a fresh Debian machine and start it with demo data on http://127.0.0.1:8000
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

apt_install "${OCR_DEBS[@]}"
make_venv ""
export FLASK_APP=wsgi:app
echo "==> applying database migrations"
.venv/bin/flask db upgrade
echo "==> loading demo data"
.venv/bin/flask seed-demo
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
echo "==> starting Yeobi on http://$HOST:$PORT  (approval pages: /web/, phone app: /m/, API docs: /api/v1/docs)"
if [ "${YEOBI_ENV:-development}" = "production" ]; then
  exec .venv/bin/gunicorn -w "${WEB_CONCURRENCY:-$(nproc)}" -b "$HOST:$PORT" wsgi:app
fi
exec .venv/bin/flask run --host "$HOST" --port "$PORT"
