"""Response headers for every route: nosniff, no caching of personal data, a CSP on HTML pages."""
from __future__ import annotations

from flask import Flask, Response, request

# The approver's pages: no script at all, the one stylesheet, images from the app (thumbnails) and
# the empty data: favicon; forms post only here; never framed.
WEB_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
           "frame-ancestors 'none'; base-uri 'none'")
# Other HTML (error pages, the API reference, the printable statement): inline style only.
PLAIN_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"


def secure_headers(response: Response) -> Response:
    """Add the headers a response lacks; a route that set its own keeps it."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    if request.path.startswith("/api/"):
        # Trips, statements and receipts are personal data: no browser or proxy keeps a copy.
        headers.setdefault("Cache-Control", "no-store")
    if response.mimetype == "text/html":
        headers.setdefault("Content-Security-Policy",
                           WEB_CSP if request.path.startswith("/web/") else PLAIN_CSP)
        headers.setdefault("Cache-Control", "no-store")
        headers.setdefault("X-Frame-Options", "DENY")
    return response


def init_headers(app: Flask) -> None:
    """Register secure_headers after every request, errors included."""
    app.after_request(secure_headers)
