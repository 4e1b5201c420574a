"""The approver's server-rendered pages (Korean) and the traveler's phone app."""
from __future__ import annotations

from flask import Flask, redirect

from app.mobile import bp as mobile_bp
from app.web.views import bp as web_bp


def register_web(app: Flask) -> None:
    """Register the approver's pages at /web/, the phone app at /m/ and the root redirect."""
    app.register_blueprint(web_bp)
    app.register_blueprint(mobile_bp)

    @app.get("/")
    def index():
        return redirect("/web/")
