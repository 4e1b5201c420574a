#!/usr/bin/env bash
# Set up Yeobi on a fresh Debian machine and start it with demo data on http://127.0.0.1:8000
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

apt_install "${OCR_DEBS[@]}"
# A local mail catcher unless SMTP_URL is given (never by default in production).
if [ "${YEOBI_ENV:-development}" = "production" ]; then MAIL_CATCHER="${MAIL_CATCHER:-0}"; fi
MAIL_CATCHER="${MAIL_CATCHER:-1}"
if [ "$MAIL_CATCHER" = "1" ] && [ -z "${SMTP_URL:-}" ]; then
  make_venv "[mailcatcher]"
else
  make_venv ""
fi
export FLASK_APP=wsgi:app
echo "==> applying database migrations"
.venv/bin/flask db upgrade
echo "==> loading demo data"
.venv/bin/flask seed-demo
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
export PUBLIC_URL="${PUBLIC_URL:-http://$HOST:$PORT}"
# Notifications (issue 16): without SMTP_URL, a local mail catcher takes every mail (MAIL_CATCHER=0: none).
if [ "$MAIL_CATCHER" = "1" ] && [ -z "${SMTP_URL:-}" ]; then
  MAIL_PORT="${MAIL_PORT:-8025}"
  MAIL_DIR="${MAIL_DIR:-instance/mail}"
  .venv/bin/flask notify mail-catcher --port "$MAIL_PORT" --maildir "$MAIL_DIR" &
  CATCHER_PID=$!
  trap 'kill "$CATCHER_PID" 2>/dev/null || true' EXIT
  export SMTP_URL="smtp://127.0.0.1:$MAIL_PORT"
  export MAIL_USER_DOMAIN="${MAIL_USER_DOMAIN:-yeobi.example}"
  echo "==> mail catcher on $SMTP_URL: every mail is a file in $MAIL_DIR/" \
       "(read the latest: cat \"\$(ls -t $MAIL_DIR/*.txt | head -1)\")"
fi
# Web Push: a development VAPID key pair, made once and kept in instance/ (never in the repository);
# production sets VAPID_PRIVATE_KEY / VAPID_PUBLIC_KEY itself.
if [ -z "${VAPID_PRIVATE_KEY:-}" ] && [ "${YEOBI_ENV:-development}" != "production" ]; then
  mkdir -p instance
  [ -s instance/vapid.env ] || .venv/bin/flask notify vapid-keys > instance/vapid.env
  set -a; source instance/vapid.env; set +a
  echo "==> Web Push with the development VAPID key in instance/vapid.env"
fi
echo "==> starting Yeobi on http://$HOST:$PORT  (approval pages: /web/, phone app: /m/, API docs: /api/v1/docs)"
if [ "${YEOBI_ENV:-development}" = "production" ]; then
  .venv/bin/gunicorn -w "${WEB_CONCURRENCY:-$(nproc)}" -b "$HOST:$PORT" wsgi:app
  exit $?
fi
if [ -n "${CATCHER_PID:-}" ]; then
  .venv/bin/flask run --host "$HOST" --port "$PORT"  # not exec: the trap stops the catcher afterwards
else
  exec .venv/bin/flask run --host "$HOST" --port "$PORT"
fi
