"""JWT wiring: who the caller is, revoked tokens, and role checks for the API."""
from __future__ import annotations

from functools import wraps

from flask import Flask, g
from flask_jwt_extended import current_user, verify_jwt_in_request
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.errors import Forbidden, problem
from app.extensions import client_address, db, jwt
from app.models import RevokedToken, User
from app.services.access_log import Origin


# What every authenticated request needs of its user: roles, approved units and unit.
_USER_LOADS = (joinedload(User.role_rows), joinedload(User.approves), joinedload(User.unit))


def request_origin(reason: str | None = None) -> Origin:
    """Where this request comes from (and why, when asked), for the personal-data access log."""
    return Origin(ip=client_address(), reason=reason)


def init_auth(app: Flask) -> None:
    """Register the JWT callbacks on the app."""
    jwt.init_app(app)

    @jwt.user_identity_loader
    def _identity(user: User | int | str) -> str:
        return str(user.id if isinstance(user, User) else user)

    @jwt.token_in_blocklist_loader
    def _revoked(_header: dict, payload: dict) -> bool:
        if not isinstance(payload.get("jti"), str) or not isinstance(payload.get("exp"), int):
            # Only a holder of the signing key can mint such a token; it could never be revoked
            # (no jti) or would never expire (no exp): refused like a revoked one.
            return True
        # Runs on every authenticated request, before the user lookup: one round trip answers
        # both "was this token revoked?" and "who is this?" (with roles and units).
        row = db.session.execute(
            select(User, RevokedToken.jti)
            .outerjoin(RevokedToken, RevokedToken.jti == payload["jti"])
            .options(*_USER_LOADS)
            .where(User.id == int(payload["sub"]))
        ).unique().first()
        g._auth_user = (payload["jti"], row[0] if row else None)
        return bool(row and row[1])

    @jwt.user_lookup_loader
    def _lookup(_header: dict, payload: dict) -> User | None:
        cached = g.pop("_auth_user", None)
        if cached is not None and cached[0] == payload["jti"]:
            user = cached[1]
        else:
            user = db.session.get(User, int(payload["sub"]), options=_USER_LOADS)
        if user is None or not user.active:
            return None
        g.user_id = user.id
        return user

    def _unauth(detail: str):
        return problem(401, "Authentication required", detail, type_slug="unauthorized")

    jwt.unauthorized_loader(lambda reason: _unauth(f"No valid credentials: {reason}"))
    jwt.invalid_token_loader(lambda reason: _unauth(f"The token is invalid: {reason}"))
    jwt.expired_token_loader(lambda _h, _p: _unauth("The token has expired; refresh or log in."))
    jwt.revoked_token_loader(lambda _h, _p: _unauth(
        "The token was revoked (logged out) or lacks its exp or jti claim."))
    jwt.user_lookup_error_loader(lambda _h, _p: _unauth("The account is unknown or disabled."))
    jwt.needs_fresh_token_loader(lambda _h, _p: _unauth("A fresh login is required."))


def login_required(fn):
    """Require a valid access token (header or cookie) and a known active user."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        verify_jwt_in_request()
        return fn(*args, **kwargs)

    return wrapper


def roles_required(*roles: str):
    """Require an access token whose user holds at least one of `roles`."""

    def decorator(fn):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            verify_jwt_in_request()
            if not current_user.roles.intersection(roles):
                raise Forbidden(f"This needs one of the roles: {', '.join(roles)}.")
            return fn(*args, **kwargs)

        return wrapper

    return decorator
