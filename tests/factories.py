"""Small factories so each test builds its own data."""
from __future__ import annotations

import itertools

from app.extensions import db
from app.services import accounts

_seq = itertools.count(1)


def make_unit(code: str | None = None, agency: str = "AG-T", location: str = "세종특별자치시"):
    """A unit (its agency is created if new)."""
    n = next(_seq)
    return accounts.create_unit(session=db.session, agency_code=agency, code=code or f"U{n}",
                                name=f"테스트과{n}", location=location)


def make_user(username: str | None = None, *, unit=None, roles=("traveler",), approves=(),
              grade: int = 2, password: str = "password-123"):
    """A user; approvers get `approves` unit codes."""
    n = next(_seq)
    unit = unit or make_unit()
    return accounts.create_user(session=db.session, username=username or f"user{n}",
                                password=password, name=f"사용자{n}", employee_no=f"E{n:06d}",
                                unit_code=unit.code, grade=grade, roles=roles,
                                approves=approves)


def login(client, username: str, password: str = "password-123") -> dict:
    """Log in through the API and return the Authorization header."""
    resp = client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert resp.status_code == 200, resp.get_json()
    return {"Authorization": f"Bearer {resp.get_json()['access_token']}"}
