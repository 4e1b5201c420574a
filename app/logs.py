"""JSON-lines logging with a request id, scrubbed of secrets and card numbers."""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask, g, request

from ocr.fields import Audience, mask_card as mask_card_number

CARD_RE = re.compile(r"\b(\d{4})[- ]?(\d{4})[- ]?(\d{4})[- ]?(\d{3,4})\b")
ACCOUNT_RE = re.compile(r"\b(\d{3,6})-(\d{2,6})-(\d{4,8})\b")
SEOUL = ZoneInfo("Asia/Seoul")
JWT_RE = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")
SECRET_KV_RE = re.compile(
    r'("?(?:password|token|secret|authorization)"?\s*[:=]\s*)("[^"]*"|[^",\s}]+)', re.IGNORECASE)


def mask_card(text: str) -> str:
    """1234-5678-9012-3456 -> 1234-****-****-3456 (the catalogue's card policy for logs)."""
    return CARD_RE.sub(lambda m: mask_card_number("-".join(m.groups()), Audience.LOG), text)


def scrub(text: str) -> str:
    """Remove tokens, passwords and full card numbers from a log message."""
    text = JWT_RE.sub("[token]", text)
    text = SECRET_KV_RE.sub(r"\1[redacted]", text)
    return mask_card(text)


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "ts": datetime.fromtimestamp(record.created, SEOUL).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": scrub(record.getMessage()),
        }
        for key in ("request_id", "method", "path", "status", "duration_ms", "user_id"):
            if hasattr(record, key):
                data[key] = getattr(record, key)
        if record.exc_info:
            data["exc"] = scrub(self.formatException(record.exc_info))
        return json.dumps(data, ensure_ascii=False)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is now (test capture and gunicorn swap it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


class RequestIdFilter(logging.Filter):
    """Attach the current request id to every record logged inside a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.request_id = getattr(g, "request_id", "-")
        except RuntimeError:  # outside a request
            record.request_id = "-"
        return True


def configure_logging(app: Flask) -> None:
    """Send JSON lines to stderr and log every request once."""
    root = logging.getLogger("yeobi")
    if not any(getattr(h, "_yeobi", False) for h in root.handlers):
        handler = StderrHandler()
        handler.setFormatter(JsonFormatter())
        handler.addFilter(RequestIdFilter())
        handler._yeobi = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        root.propagate = False
    root.setLevel(logging.WARNING if app.testing else logging.INFO)
    access = logging.getLogger("yeobi.access")

    @app.before_request
    def _start() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if re.fullmatch(r"[\w.-]{1,64}", incoming) else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def _finish(response):
        response.headers["X-Request-ID"] = getattr(g, "request_id", "")
        started = getattr(g, "started", None)
        if started is not None:
            access.info(
                "request",
                extra={
                    "request_id": getattr(g, "request_id", "-"),
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": getattr(g, "user_id", None),
                },
            )
        return response
