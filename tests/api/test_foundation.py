"""Login, tokens, roles, rate limits and the one error format."""
from __future__ import annotations

import pytest

from app.extensions import db
from tests.factories import login, make_unit, make_user

PROBLEM = "application/problem+json"


def _assert_problem(resp, status: int) -> dict:
    assert resp.status_code == status
    assert resp.mimetype == PROBLEM
    body = resp.get_json()
    assert body["status"] == status
    assert body["type"].startswith("https://") and body["title"] and body["detail"]
    assert "Traceback" not in resp.get_data(as_text=True)
    return body


def test_login_returns_tokens_and_the_user(client, app):
    make_user("kim", roles=("traveler",))
    resp = client.post("/api/v1/auth/login", json={"username": "kim", "password": "password-123"})
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["token_type"] == "Bearer" and body["access_token"] and body["refresh_token"]
    assert body["user"]["username"] == "kim" and body["user"]["roles"] == ["traveler"]
    assert "password" not in str(body["user"]) and "password_hash" not in body["user"]


def test_login_with_wrong_password_is_401_problem(client):
    make_user("kim")
    resp = client.post("/api/v1/auth/login", json={"username": "kim", "password": "nope-nope"})
    assert _assert_problem(resp, 401)["detail"] == "Wrong username or password."


def test_login_for_unknown_user_looks_the_same_as_a_wrong_password(client):
    resp = client.post("/api/v1/auth/login", json={"username": "ghost", "password": "whatever1"})
    assert _assert_problem(resp, 401)["detail"] == "Wrong username or password."


def test_me_shows_the_logged_in_user(client):
    unit = make_unit("UA")
    make_user("appr", unit=unit, roles=("traveler", "approver"), approves=("UA",), grade=1)
    resp = client.get("/api/v1/me", headers=login(client, "appr"))
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["grade"] == 1 and body["unit"]["code"] == "UA"
    assert body["roles"] == ["approver", "traveler"] and body["approves_unit_ids"] == [unit.id]


def test_me_without_a_token_is_401_problem(client):
    _assert_problem(client.get("/api/v1/me"), 401)


def test_me_with_a_garbage_token_is_401_problem(client):
    _assert_problem(client.get("/api/v1/me", headers={"Authorization": "Bearer abc.def.ghi"}), 401)


def test_refresh_gives_a_new_access_token(client):
    make_user("kim")
    tokens = client.post("/api/v1/auth/login",
                         json={"username": "kim", "password": "password-123"}).get_json()
    resp = client.post("/api/v1/auth/refresh", headers={"Authorization": f"Bearer {tokens['refresh_token']}"})
    assert resp.status_code == 200
    new = resp.get_json()["access_token"]
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {new}"}).status_code == 200


def test_an_access_token_cannot_be_used_to_refresh(client):
    make_user("kim")
    _assert_problem(client.post("/api/v1/auth/refresh", headers=login(client, "kim")), 401)


def test_logout_revokes_the_token(client):
    make_user("kim")
    headers = login(client, "kim")
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 200
    body = _assert_problem(client.get("/api/v1/me", headers=headers), 401)
    assert "revoked" in body["detail"]


def test_a_disabled_account_can_no_longer_use_its_token(client):
    user = make_user("kim")
    headers = login(client, "kim")
    user.active = False
    db.session.commit()
    _assert_problem(client.get("/api/v1/me", headers=headers), 401)


def test_login_is_rate_limited_per_account(client, app):
    make_user("kim")
    limit = int(app.config["LOGIN_LIMIT_PER_ACCOUNT"].split()[0])
    for _ in range(limit):
        client.post("/api/v1/auth/login", json={"username": "kim", "password": "wrong-pass"})
    resp = client.post("/api/v1/auth/login", json={"username": "kim", "password": "password-123"})
    _assert_problem(resp, 429)
    # Another account from the same address is not locked out by kim's failures.
    make_user("lee")
    assert client.post("/api/v1/auth/login",
                       json={"username": "lee", "password": "password-123"}).status_code == 200


def test_login_is_rate_limited_per_address(client, app):
    limit = int(app.config["LOGIN_LIMIT_PER_ADDRESS"].split()[0])
    for i in range(limit):
        client.post("/api/v1/auth/login", json={"username": f"probe{i}", "password": "wrong-pass"})
    _assert_problem(client.post("/api/v1/auth/login", json={"username": "x", "password": "y"}), 429)


@pytest.mark.parametrize("roles,status", [(("admin",), 200), (("traveler",), 403),
                                          (("approver",), 403), (("finance",), 403)])
def test_only_admins_list_users(client, roles, status):
    make_user("someone", roles=roles)
    resp = client.get("/api/v1/admin/users", headers=login(client, "someone"))
    assert resp.status_code == status
    if status == 200:
        assert resp.get_json()["meta"]["total"] == 1
    else:
        _assert_problem(resp, 403)


def test_unknown_api_path_is_404_problem(client):
    _assert_problem(client.get("/api/v1/nothing-here"), 404)


def test_wrong_method_is_405_problem_with_allow_header(client):
    resp = client.get("/api/v1/auth/login")
    _assert_problem(resp, 405)
    assert "POST" in resp.headers["Allow"]


def test_missing_fields_are_422_problem_with_errors_per_field(client):
    body = _assert_problem(client.post("/api/v1/auth/login", json={"username": "kim"}), 422)
    assert "password" in body["errors"]


def test_a_body_that_is_not_json_is_415_problem(client):
    resp = client.post("/api/v1/auth/login", data="username=kim", content_type="text/plain")
    _assert_problem(resp, 415)


def test_an_oversized_body_is_413_problem(client, app):
    big = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    resp = client.post("/api/v1/auth/login", data=big, content_type="application/json")
    _assert_problem(resp, 413)


def test_an_unexpected_error_is_500_problem_without_traceback(backend, tmp_path, request):
    from tests.conftest import make_app

    app = make_app(backend, tmp_path, request, PROPAGATE_EXCEPTIONS=False)

    @app.get("/api/v1/boom-for-test")
    def boom():
        raise RuntimeError("secret internals")

    app.test_client_class = None  # a test-only route: not in the OpenAPI document on purpose
    with app.app_context():
        resp = app.test_client().get("/api/v1/boom-for-test")
        body = _assert_problem(resp, 500)
        assert "secret internals" not in resp.get_data(as_text=True)
        assert body["title"] == "Internal server error"


def test_healthz_and_readyz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json() == {"status": "ready"}


def test_readyz_is_503_when_the_database_is_unreachable(tmp_path, request):
    from tests.conftest import make_app

    app = make_app("sqlite", tmp_path, request,
                   SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    with app.app_context():
        _assert_problem(app.test_client().get("/readyz"), 503)


def test_openapi_document_and_docs_page(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/auth/login" in spec["paths"] and "/api/v1/me" in spec["paths"]
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and "/api/v1/auth/login" in page.get_data(as_text=True)


def test_login_limits_are_shared_through_redis_when_configured(tmp_path, request):
    """Two app instances (two servers) count failures together when REDIS_URL is set."""
    import os
    import uuid

    from tests.conftest import make_app

    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        pytest.skip("no local Redis (scripts/test.sh sets TEST_REDIS_URL when one answers)")
    name = f"redis-{uuid.uuid4().hex[:12]}"
    for i in range(2):
        (tmp_path / str(i)).mkdir()
    apps = [make_app("sqlite", tmp_path / str(i), request, RATELIMIT_STORAGE_URI=redis_url)
            for i in range(2)]
    limit = int(apps[0].config["LOGIN_LIMIT_PER_ACCOUNT"].split()[0])
    statuses = []
    for i in range(limit + 1):
        with apps[i % 2].app_context():
            resp = apps[i % 2].test_client().post(
                "/api/v1/auth/login", json={"username": name, "password": "wrong-pass"})
            statuses.append(resp.status_code)
    assert statuses[:limit] == [401] * limit and statuses[limit] == 429
