"""The approver's server-rendered pages (Korean)."""
from __future__ import annotations

from flask import Flask, redirect


def register_web(app: Flask) -> None:
    """Register the web blueprint(s) if present, and the root redirect."""
    try:
        from app.web.views import bp
    except ModuleNotFoundError as exc:
        if exc.name != "app.web.views":
            raise
        bp = None
    if bp is not None:
        app.register_blueprint(bp)
    from app.mobile import bp as mobile_bp  # the traveller's phone app at /m/

    app.register_blueprint(mobile_bp)

    @app.get("/")
    def index():
        return redirect("/web/" if bp is not None else "/api/v1/docs")
