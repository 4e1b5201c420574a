"""GET /destinations: suggestions for the trip form from the 시/군/구 table."""
from __future__ import annotations

import pytest

from tests.factories import login, make_user

PROBLEM = "application/problem+json"


def test_typing_busan_suggests_busan_and_its_districts_with_their_region_class(client):
    make_user("kim")
    resp = client.get("/api/v1/destinations?q=부산", headers=login(client, "kim"))
    assert resp.status_code == 200
    items = resp.get_json()["items"]
    assert items[0] == {"name": "부산광역시", "region_class": "metro"}
    assert len(items) == 10 and all(i["name"].startswith("부산광역시") for i in items)
    assert {i["region_class"] for i in items} == {"metro"}


def test_a_district_short_name_finds_its_full_name(client):
    make_user("kim")
    resp = client.get("/api/v1/destinations?q=해운대", headers=login(client, "kim"))
    assert resp.get_json()["items"] == [{"name": "부산광역시 해운대구", "region_class": "metro"}]


def test_seoul_is_its_own_lodging_class_and_limit_is_honoured(client):
    make_user("kim")
    resp = client.get("/api/v1/destinations?q=서울&limit=3", headers=login(client, "kim"))
    items = resp.get_json()["items"]
    assert len(items) == 3 and items[0] == {"name": "서울특별시", "region_class": "seoul"}


def test_an_unknown_place_gives_an_empty_list(client):
    make_user("kim")
    resp = client.get("/api/v1/destinations?q=아틀란티스", headers=login(client, "kim"))
    assert resp.status_code == 200 and resp.get_json() == {"items": []}


@pytest.mark.parametrize("query", ["", "q=", "q=" + "가" * 51, "q=부산&limit=0", "q=부산&limit=21",
                                   "q=부산&limit=many"])
def test_a_missing_or_bad_query_is_a_422_problem(client, query):
    make_user("kim")
    resp = client.get(f"/api/v1/destinations?{query}", headers=login(client, "kim"))
    assert resp.status_code == 422 and resp.mimetype == PROBLEM
    assert resp.get_json()["errors"]


def test_suggestions_need_a_login(client):
    resp = client.get("/api/v1/destinations?q=부산")
    assert resp.status_code == 401 and resp.mimetype == PROBLEM


@pytest.mark.parametrize("roles", [("traveler",), ("traveler", "approver"), ("finance",), ("admin",)])
def test_every_role_may_ask_for_suggestions(client, roles):
    make_user("someone", roles=roles)
    resp = client.get("/api/v1/destinations?q=세종", headers=login(client, "someone"))
    assert resp.get_json()["items"] == [{"name": "세종특별자치시", "region_class": "other"}]
