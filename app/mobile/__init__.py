"""The traveler's phone client (a progressive web app) served at /m/: static files only.

Everything the app shows comes from the public JSON API under /api/v1; this blueprint serves the
shell, the service worker (scope /m/) and the manifest, with headers that keep them fresh and safe.
"""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, send_from_directory

STATIC_DIR = Path(__file__).resolve().parent / "static"
SCOPE = "/m/"

# The shell never needs anything from another origin; blob: is for the photo previews and the PDF.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
       "connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-src 'self' blob:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
TYPES = {".js": "text/javascript", ".css": "text/css", ".webmanifest": "application/manifest+json",
         ".png": "image/png", ".html": "text/html", ".svg": "image/svg+xml"}

bp = Blueprint("mobile", __name__, url_prefix="/m")


def _send(name: str, *, revalidate: bool) -> Response:
    suffix = Path(name).suffix
    if suffix not in TYPES:
        abort(404)
    resp = send_from_directory(STATIC_DIR, name, mimetype=TYPES[suffix], max_age=0)
    # The service worker keeps the offline copy; the network copy must always be revalidated so a
    # new release reaches phones on the next visit.
    resp.headers["Cache-Control"] = "no-cache" if revalidate else "public, max-age=3600"
    resp.headers["Content-Security-Policy"] = CSP
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Referrer-Policy"] = "same-origin"
    return resp


@bp.get("/")
def index() -> Response:
    """The app shell (every screen is drawn by app.js from the API)."""
    return _send("index.html", revalidate=True)


@bp.get("/sw.js")
def service_worker() -> Response:
    """The service worker, controlling /m/ (never cached by HTTP, or updates would stall)."""
    resp = _send("sw.js", revalidate=True)
    resp.headers["Service-Worker-Allowed"] = SCOPE
    return resp


@bp.get("/<path:name>")
def asset(name: str) -> Response:
    """Scripts, styles, manifest and icons."""
    return _send(name, revalidate=not name.startswith("icons/"))
