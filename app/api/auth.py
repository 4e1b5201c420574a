"""POST /auth/login, /auth/refresh, /auth/logout and GET /me."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import current_app, request
from flask_jwt_extended import (
    create_access_token,
    create_refresh_token,
    current_user,
    get_jwt,
    jwt_required,
)
from flask_smorest import Blueprint

from app.api.schemas import LoginSchema, MessageSchema, TokensSchema, UserSchema
from app.extensions import db, limit_login, login_key
from app.models import SEOUL
from app.services.accounts import authenticate, revoke_token

blp = Blueprint("auth", __name__, url_prefix="/api/v1", description="Login and tokens")


def _login_account_key() -> str:
    body = request.get_json(silent=True)
    return login_key(body.get("username") if isinstance(body, dict) else None)


def _tokens(user, with_refresh: bool = True) -> dict:
    expires = current_app.config["JWT_ACCESS_TOKEN_EXPIRES"]
    out = {"access_token": create_access_token(identity=user), "token_type": "Bearer",
           "expires_in": int(expires.total_seconds()), "user": user}
    if with_refresh:
        out["refresh_token"] = create_refresh_token(identity=user)
    return out


@blp.route("/auth/login", methods=["POST"])
@limit_login(_login_account_key)
@blp.arguments(LoginSchema)
@blp.response(200, TokensSchema)
@blp.doc(security=[])
def login(body: dict):
    """Log in with username and password; returns access and refresh tokens and the user."""
    user = authenticate(session=db.session, username=body["username"], password=body["password"])
    return _tokens(user)


@blp.route("/auth/refresh", methods=["POST"])
@jwt_required(refresh=True)
@blp.response(200, TokensSchema)
def refresh():
    """Trade a refresh token for a new access token."""
    return _tokens(current_user, with_refresh=False)


@blp.route("/auth/logout", methods=["POST"])
@jwt_required(verify_type=False)
@blp.response(200, MessageSchema)
def logout():
    """Revoke the token sent (send the refresh token too, to end the session everywhere)."""
    claims = get_jwt()
    expires = datetime.fromtimestamp(claims["exp"], tz=timezone.utc).astimezone(SEOUL)
    revoke_token(session=db.session, jti=claims["jti"], user_id=current_user.id, expires_at=expires)
    return {"message": "Logged out; the token is revoked."}


@blp.route("/me", methods=["GET"])
@jwt_required()
@blp.response(200, UserSchema)
def me():
    """The logged-in user, their roles and units."""
    return current_user._get_current_object()  # the proxy resolves the JWT on every attribute
