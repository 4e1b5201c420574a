"""Headers on every response, the web pages' CSP, logout with its CSRF token, session lifetimes, JWT
claims."""
from __future__ import annotations

import re
import time
from pathlib import Path

import jwt as pyjwt
import pytest
from flask_jwt_extended import create_access_token, decode_token

from tests.api.test_settlement import approved_trip, settle
from tests.factories import login, make_unit, make_user
from tests.trip_helpers import make_office
from tests.web.helpers import csrf_of, web_login

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def boss(app):
    unit = make_unit("HD")
    return make_user("hboss", unit=unit, roles=("traveler", "approver"), approves=("HD",))


@pytest.mark.parametrize("url", ["/api/v1/me", "/api/v1/trips", "/api/v1/nowhere", "/web/login",
                                 "/web/nowhere", "/m/", "/healthz", "/api/v1/openapi.json"])
def test_every_response_says_nosniff(client, boss, url):
    resp = client.get(url, headers=login(client, "hboss"))
    resp.close()  # /m/ streams a file
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", ["/api/v1/me", "/api/v1/trips", "/api/v1/trips/999"])
def test_api_json_and_problems_are_never_cached(client, boss, url):
    resp = client.get(url, headers=login(client, "hboss"))
    assert resp.headers["Cache-Control"] == "no-store"


def test_the_printable_statement_is_never_cached(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    settle(client, office.h_traveler, trip["id"])
    for fmt in ("html", "pdf"):
        resp = client.get(f"/api/v1/trips/{trip['id']}/statement?format={fmt}", headers=office.h_traveler)
        if resp.status_code == 503:  # no Korean font on this machine: the PDF cannot be drawn
            continue
        assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", ["/web/login", "/web/", "/web/impact", "/web/trips/999"])
def test_web_pages_carry_a_csp_without_inline_script(client, boss, url):
    web_login(client, "hboss")
    csp = client.get(url).headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "script-src" not in csp


def test_the_web_templates_need_nothing_the_csp_forbids():
    for path in (ROOT / "app/web/templates/web").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script|<style|\sstyle=|\son[a-z]+=|javascript:", text), path.name


def test_logout_without_its_csrf_token_is_refused_and_the_session_stays(client, boss):
    web_login(client, "hboss")
    resp = client.post("/web/logout", data={})
    assert resp.status_code == 400
    assert client.get("/web/").status_code == 200


def test_logout_with_its_csrf_token_revokes_the_session_server_side(client, boss):
    web_login(client, "hboss")
    cookie = client.get_cookie("access_token_cookie").value
    resp = client.post("/web/logout",
                       data={"csrf_token": csrf_of(client.get("/web/").get_data(as_text=True))})
    assert resp.status_code == 303
    client.set_cookie("access_token_cookie", cookie)
    assert client.get("/web/").status_code == 302


def _cookie_token(app, user, *, auth_time: int, minutes: int = 30) -> str:
    from datetime import timedelta

    return create_access_token(identity=user, expires_delta=timedelta(minutes=minutes),
                               additional_claims={"auth_time": auth_time, "csrf": "c" * 20})


def test_a_web_session_older_than_its_absolute_lifetime_goes_back_to_login(app, client, boss):
    old = int(time.time()) - (app.config["WEB_SESSION_MAX_HOURS"] * 3600 + 60)
    client.set_cookie("access_token_cookie", _cookie_token(app, boss, auth_time=old))
    resp = client.get("/web/")
    assert resp.status_code == 302 and "reason=expired" in resp.headers["Location"]


def test_renewing_a_web_session_keeps_its_login_time(app, client, boss):
    started = int(time.time()) - 3600
    client.set_cookie("access_token_cookie", _cookie_token(app, boss, auth_time=started, minutes=5))
    assert client.get("/web/").status_code == 200
    renewed = client.get_cookie("access_token_cookie").value
    assert decode_token(renewed)["auth_time"] == started


@pytest.mark.parametrize("drop", ["exp", "jti"])
def test_a_signed_token_without_exp_or_jti_is_refused(app, client, boss, drop):
    claims = {"sub": str(boss.id), "type": "access", "fresh": False, "iat": int(time.time()),
              "nbf": int(time.time()), "exp": int(time.time()) + 600, "jti": "x" * 36}
    del claims[drop]
    token = pyjwt.encode(claims, app.config["JWT_SECRET_KEY"], algorithm="HS256")
    resp = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 401
