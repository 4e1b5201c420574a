"""Extension objects, created unbound and wired in create_app()."""
from __future__ import annotations

import unicodedata

from flask import current_app, request
from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations are stable."""

    metadata = MetaData(naming_convention=NAMING)


def login_key(username: object) -> str:
    """The rate-limit key of a login attempt: one account however its name is typed or reached.

    NFC, stripped and casefolded, so " traveler3", "traveler3\t" and "Traveler3" share one counter,
    and the API and the web form build the same key (one scope for both).
    """
    name = username if isinstance(username, str) else ""
    name = unicodedata.normalize("NFC", name.strip()).casefold()
    return f"login-account:{name[:80]}"


def client_address() -> str:
    """The caller's address (ProxyFix rewrites remote_addr when TRUST_PROXY is on)."""
    return request.remote_addr or "unknown"


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
jwt = JWTManager()
limiter = Limiter(key_func=client_address, default_limits=[])


def limit_login(account_key):
    """The login limits per address and per account, one scope for the API and the web form.

    Shared scopes (not per endpoint), so ten tries on the API and ten on the form are ten in all;
    counters live in RATELIMIT_STORAGE_URI (Redis in production, see Config.validate).
    """
    def decorator(fn):
        fn = limiter.shared_limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
                                  scope="login-account", key_func=account_key, methods=["POST"])(fn)
        return limiter.shared_limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
                                    scope="login-address", key_func=client_address,
                                    methods=["POST"])(fn)
    return decorator
