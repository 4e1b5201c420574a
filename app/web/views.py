"""The approver's pages under /web: login and logout here; queue, trip and impact pages in pages.py."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, g, redirect, render_template, request, url_for
from flask_jwt_extended import (
    current_user,
    get_jwt,
    set_access_cookies,
    unset_jwt_cookies,
    verify_jwt_in_request,
)
from flask_jwt_extended.exceptions import CSRFError, JWTExtendedException
from jwt.exceptions import PyJWTError
from werkzeug.exceptions import HTTPException

from app.errors import AppError, Unauthorized
from app.extensions import db, limit_login, login_key
from app.models import SEOUL
from app.services.accounts import authenticate, revoke_token
from app.web import session as web_session
from app.web.format import LABELS, register_filters
from workflow.machine import CommentRequired, InvalidTransition

bp = Blueprint("web", __name__, url_prefix="/web", template_folder="templates",
               static_folder="static", static_url_path="/static")
register_filters(bp)

STATUS_TITLES = {400: "잘못된 요청", 401: "로그인이 필요합니다", 403: "권한이 없습니다",
                 404: "찾을 수 없습니다", 405: "허용되지 않는 요청", 409: "처리할 수 없습니다",
                 413: "파일이 너무 큽니다", 422: "입력을 확인하세요", 429: "요청이 너무 많습니다",
                 500: "서버 오류", 503: "잠시 볼 수 없습니다"}
STATUS_MESSAGES = {403: "권한이 없습니다. 이 화면은 해당 부서의 결재권자만 볼 수 있습니다.",
                   404: "요청한 페이지나 출장을 찾을 수 없습니다.",
                   429: "요청이 너무 많습니다. 잠시 후 다시 시도하세요.",
                   500: "서버에서 문제가 생겼습니다. 새로 고쳐 저장된 내용을 확인한 뒤 다시 시도하세요.",
                   503: "개인정보 접근 기록을 남길 수 없어 내용을 보여 드리지 않았습니다. "
                        "잠시 후 다시 시도하세요."}


@bp.context_processor
def _template_globals() -> dict:
    return {"csrf_token": getattr(g, "web_csrf", ""),
            "csrf_field": web_session.csrf_field_name(), "L": LABELS,
            "me": g.get("web_user")}


@bp.after_request
def _after(response):
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
    return web_session.renew_cookie(response)


def _error_page(status: int, message: str = ""):
    title = STATUS_TITLES.get(status, "오류")
    return render_template("web/message.html", title=title,
                           message=STATUS_MESSAGES.get(status) or message or title,
                           status=status), status


@bp.errorhandler(AppError)
def _app_error(err: AppError):
    return _error_page(err.status, err.detail)


@bp.errorhandler(InvalidTransition)
def _invalid(err: InvalidTransition):
    return _error_page(409, "지금 상태에서는 할 수 없는 처리입니다.")


@bp.errorhandler(CommentRequired)
def _comment(err: CommentRequired):
    return _error_page(422, "의견을 입력해야 합니다.")


@bp.errorhandler(HTTPException)
def _http(err: HTTPException):
    if err.code == 429 and request.endpoint == "web.login":
        return _login_page(error="로그인 시도가 너무 많습니다. 잠시 후 다시 시도하세요.",
                           status=429)
    return _error_page(err.code or 500)


def _login_page(*, error: str = "", status: int = 200, username: str = ""):
    reason = request.args.get("reason")
    notice = "로그인 시간이 지났습니다. 다시 로그인하세요." if reason == "expired" else ""
    if request.args.get("bye"):
        notice = "로그아웃했습니다."
    return render_template("web/login.html", error=error, notice=notice, username=username,
                           login_csrf=web_session.login_csrf_token(),
                           next=web_session.safe_next(request.args.get("next"))), status


def _account_key() -> str:
    # The API's key and scope: one account, however it is reached or its name is typed.
    return login_key(request.form.get("username", ""))


@bp.route("/login", methods=["GET", "POST"])
@limit_login(_account_key)
def login():
    """The login form; a success sets the HttpOnly JWT cookie and goes on to the queue."""
    if request.method == "GET":
        return _login_page()
    username = request.form.get("username", "").strip()[:80]
    if not web_session.login_csrf_ok():
        return _login_page(error="보안 토큰이 맞지 않습니다. 다시 시도하세요.", status=400,
                           username=username)
    try:
        user = authenticate(session=db.session, username=username,
                            password=request.form.get("password", "")[:200])
    except Unauthorized:
        return _login_page(error="아이디 또는 비밀번호가 맞지 않습니다.", status=401,
                           username=username)
    response = redirect(web_session.safe_next(request.form.get("next")), code=303)
    set_access_cookies(response, web_session.new_session_token(user))
    return response


@bp.route("/logout", methods=["POST"])
def logout():
    """Revoke the session's token and clear the cookies (CSRF-checked like every form)."""
    try:
        verify_jwt_in_request(locations=["cookies"])
    except CSRFError:
        # Without its token a logout could be forged by another site; the session stays valid
        # and visible, so refuse rather than clear the cookie and leave the token alive.
        return render_template("web/message.html", title="보안 확인 실패",
                               message="로그아웃 양식의 보안 토큰이 맞지 않습니다. 페이지를 새로 고친 뒤 "
                                       "다시 시도하세요.", status=400), 400
    except (JWTExtendedException, PyJWTError):
        pass  # an expired or missing session is already logged out; still clear the cookies
    else:
        _revoke_current()
    response = redirect(url_for("web.login", bye=1), code=303)
    unset_jwt_cookies(response)
    return response


def _revoke_current() -> None:
    claims = get_jwt()
    expires = datetime.fromtimestamp(claims["exp"], tz=timezone.utc).astimezone(SEOUL)
    revoke_token(session=db.session, jti=claims["jti"], user_id=current_user.id,
                 expires_at=expires)


from app.web import pages  # noqa: E402,F401  (routes attach to bp)
from app.web import inbox  # noqa: E402,F401  (알림 pages, issue 16)
from app.web import line_pages  # noqa: E402,F401  (issue 15: 사후보고, absences)
