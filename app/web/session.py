"""The web session: a JWT in an HttpOnly cookie, CSRF on every form, and the page guard."""
from __future__ import annotations

import hmac
import secrets
import time
from datetime import datetime, timedelta, timezone
from functools import wraps
from urllib.parse import urlsplit

from flask import current_app, g, redirect, render_template, request, session, url_for
from flask_jwt_extended import (
    create_access_token,
    current_user,
    get_jwt,
    set_access_cookies,
    verify_jwt_in_request,
)
from flask_jwt_extended.exceptions import CSRFError, JWTExtendedException
from jwt.exceptions import ExpiredSignatureError, PyJWTError

from app.errors import Forbidden

# Renew the cookie when less than this is left, so an approver at work is not logged out mid-task.
RENEW_WHEN_LEFT = timedelta(minutes=10)
LOGIN_CSRF_KEY = "login_csrf"


def safe_next(target: str | None) -> str:
    """Only a path inside /web/ may be a redirect target (no open redirects)."""
    # Control characters (CR/LF, tab...) would split or bend the Location header: ignore such a target.
    if not target or any(ord(c) < 0x20 or ord(c) == 0x7F for c in target) or "\\" in target:
        return url_for("web.queue")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/web/") or "//" in parts.path:
        return url_for("web.queue")
    return target


def _to_login(reason: str = ""):
    target = request.full_path if request.method == "GET" else (request.referrer or "")
    nxt = safe_next(urlsplit(target).path + ("?" + urlsplit(target).query
                                             if urlsplit(target).query else ""))
    return redirect(url_for("web.login", next=nxt, reason=reason or None))


def page(fn):
    """Require a logged-in approver (cookie JWT; CSRF checked on POST) or answer in HTML."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            verify_jwt_in_request(locations=["cookies"])
        except CSRFError:
            return render_template("web/message.html", title="보안 확인 실패",
                                   message="폼의 보안 토큰이 맞지 않습니다. 페이지를 새로 고친 뒤 "
                                           "다시 시도하세요."), 400
        except ExpiredSignatureError:
            return _to_login("expired")
        except (JWTExtendedException, PyJWTError):
            return _to_login()
        if session_too_old(get_jwt()):
            return _to_login("expired")
        g.web_csrf = get_jwt().get("csrf", "")
        g.web_user = current_user._get_current_object()  # the proxy re-resolves on each use
        if not current_user.approved_unit_ids:
            raise Forbidden("권한이 없습니다.")
        return fn(*args, **kwargs)

    return wrapper


def session_too_old(claims: dict) -> bool:
    """True when the web session began more than WEB_SESSION_MAX_HOURS ago (absolute lifetime)."""
    started = claims.get("auth_time", claims.get("iat", 0))
    limit = timedelta(hours=current_app.config["WEB_SESSION_MAX_HOURS"]).total_seconds()
    return not isinstance(started, int) or time.time() - started > limit


def new_session_token(user, *, csrf: str | None = None, auth_time: int | None = None) -> str:
    """A web session's access token: the login time rides along so renewals cannot extend it."""
    claims = {"auth_time": auth_time if auth_time is not None else int(time.time())}
    if csrf:
        claims["csrf"] = csrf
    return create_access_token(identity=user, additional_claims=claims)


def actor():
    """The logged-in user of this page request (set by @page)."""
    return g.web_user


def renew_cookie(response):
    """Implicit refresh: a fresh access cookie near expiry, keeping the same CSRF value."""
    if getattr(g, "web_user", None) is None or response.status_code >= 400:
        return response
    claims = get_jwt()
    left = datetime.fromtimestamp(claims["exp"], tz=timezone.utc) - datetime.now(timezone.utc)
    if left < RENEW_WHEN_LEFT:
        token = new_session_token(g.web_user, csrf=claims["csrf"],
                                  auth_time=claims.get("auth_time", claims.get("iat")))
        set_access_cookies(response, token)
    return response


def login_csrf_token() -> str:
    """A per-browser token for the login form (there is no JWT yet to carry one)."""
    token = session.get(LOGIN_CSRF_KEY)
    if not token:
        token = session[LOGIN_CSRF_KEY] = secrets.token_urlsafe(24)
    return token


def login_csrf_ok() -> bool:
    """True when the login form carries this browser's token."""
    expected = session.get(LOGIN_CSRF_KEY, "")
    given = request.form.get("csrf_token", "")
    return bool(expected) and hmac.compare_digest(expected, given)


def csrf_field_name() -> str:
    """The form field flask-jwt-extended reads the CSRF token from."""
    return current_app.config.get("JWT_ACCESS_CSRF_FIELD_NAME", "csrf_token")
