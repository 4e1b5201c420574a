"""Login limits: one counter per normalised account across the API and the web form, shared storage."""
from __future__ import annotations

import os
import uuid

import pytest

from app.config import Config, ConfigError
from tests.factories import make_user
from tests.web.helpers import web_login

SECRETS = {"SECRET_KEY": "s" * 40, "JWT_SECRET_KEY": "j" * 40, "AUDIT_KEY": "a" * 40}


def test_spellings_of_one_name_over_the_api_and_the_form_share_one_counter(app):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "4 per 5 minutes"
    user = make_user()
    client = app.test_client()
    name = user.username
    tries = [client.post("/api/v1/auth/login", json={"username": f" {name}", "password": "bad-pass"}),
             web_login(client, f"{name}\t", "bad-pass"),
             client.post("/api/v1/auth/login", json={"username": name.upper(), "password": "bad-pass"}),
             web_login(client, name, "bad-pass"),
             client.post("/api/v1/auth/login", json={"username": name, "password": "password-123"})]
    assert [t.status_code for t in tries] == [401, 401, 401, 401, 429]


@pytest.mark.parametrize("body", [[], ["traveler1"], "x", 7, None])
def test_a_login_body_that_is_not_an_object_is_refused_not_a_server_error(client, body):
    resp = client.post("/api/v1/auth/login", json=body)
    assert resp.status_code in (400, 422) and resp.mimetype == "application/problem+json"


def test_production_refuses_several_workers_with_per_process_counters():
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI"):
        Config(ENV="production", WEB_WORKERS=2, RATELIMIT_STORAGE_URI="memory://", **SECRETS).validate()
    Config(ENV="production", WEB_WORKERS=1, RATELIMIT_STORAGE_URI="memory://", **SECRETS).validate()
    Config(ENV="production", WEB_WORKERS=4, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0",
           **SECRETS).validate()


def test_gunicorn_refuses_to_start_several_workers_without_shared_counters(monkeypatch):
    import importlib.util
    from pathlib import Path
    from types import SimpleNamespace

    path = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("gunicorn_conf", path)
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    monkeypatch.setenv("YEOBI_ENV", "production")
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    with pytest.raises(ConfigError):
        conf.on_starting(SimpleNamespace(cfg=SimpleNamespace(workers=2)))
    conf.on_starting(SimpleNamespace(cfg=SimpleNamespace(workers=1)))


def test_the_web_form_and_the_api_count_together_through_redis(tmp_path, request):
    """Two app instances (two workers) and both entry points share one counter in Redis."""
    from tests.conftest import make_app

    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        pytest.skip("no local Redis (scripts/test.sh sets TEST_REDIS_URL when one answers)")
    name = f"redis-{uuid.uuid4().hex[:12]}"
    apps = []
    for i in range(2):
        (tmp_path / str(i)).mkdir()
        apps.append(make_app("sqlite", tmp_path / str(i), request, RATELIMIT_STORAGE_URI=redis_url,
                             LOGIN_LIMIT_PER_ACCOUNT="3 per 5 minutes"))
    statuses = []
    for i in range(4):
        with apps[i % 2].app_context():
            client = apps[i % 2].test_client()
            if i % 2:
                statuses.append(web_login(client, f" {name.upper()}", "bad-pass").status_code)
            else:
                statuses.append(client.post("/api/v1/auth/login",
                                            json={"username": name, "password": "bad-pass"}).status_code)
    assert statuses == [401, 401, 401, 429]
