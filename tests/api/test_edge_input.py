"""Input at the edge: text that cannot be stored, deep JSON, ids and dates outside the columns: no 500."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Receipt, Trip
from tests.api.test_settlement import add_receipt, approved_trip, rail
from tests.factories import make_user
from tests.trip_helpers import create_trip, make_office, trip_body
from tests.web.helpers import web_login

PROBLEM = "application/problem+json"
BAD_TEXTS = ["\ud800", "부산\x00역", "\udfff끝"]


def raw(body) -> dict:
    """Request arguments for a JSON body with \\u escapes (as an attacker sends lone surrogates)."""
    return {"data": json.dumps(body), "content_type": "application/json"}


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_an_e_receipt_with_text_that_cannot_be_stored_is_422_and_stores_nothing(client, text):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    body = {"source": "korail", "document_type": "rail_ticket",
            "fields": {"total_amount": 59800, "departure": text}}
    resp = client.post(f"/api/v1/trips/{trip['id']}/receipts", **raw(body), headers=office.h_traveler)
    assert resp.status_code == 422 and resp.mimetype == PROBLEM
    assert count(Receipt) == 0


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_a_correction_with_text_that_cannot_be_stored_is_422_and_the_queue_still_opens(client, text):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    rid = add_receipt(trip["id"], office.traveler.id, fields=rail(59800))
    resp = client.patch(f"/api/v1/receipts/{rid}", **raw({"fields": {"arrival": text}}),
                        headers=office.h_traveler)
    assert resp.status_code == 422
    assert db.session.get(Receipt, rid).corrections in (None, {})
    web_login(client, office.approver.username)
    assert client.get("/web/").status_code == 200


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_a_trip_with_text_that_cannot_be_stored_is_422(client, text):
    office = make_office(client)
    resp = client.post("/api/v1/trips", **raw(trip_body(purpose=text)), headers=office.h_traveler)
    assert resp.status_code == 422 and count(Trip) == 0


def test_deeply_nested_json_is_refused_even_before_login(client):
    deep = "[" * 100_000 + "]" * 100_000
    resp = client.post("/api/v1/auth/login", data=deep, content_type="application/json")
    assert resp.status_code == 422 and resp.mimetype == PROBLEM


def test_a_json_body_over_the_size_limit_is_413(client):
    big = '{"username": "' + "x" * (1024 * 1024 + 10) + '", "password": "p"}'
    resp = client.post("/api/v1/auth/login", data=big, content_type="application/json")
    assert resp.status_code == 413


@pytest.mark.parametrize("url", ["/api/v1/trips/{big}", "/api/v1/trips/{big}/events",
                                 "/api/v1/trips/{big}/statement", "/api/v1/trips/{big}/receipts",
                                 "/api/v1/receipts/{big}", "/api/v1/receipts/{big}/file",
                                 "/api/v1/exports/{big}", "/web/trips/{big}"])
def test_an_id_beyond_the_column_is_404(client, url):
    office = make_office(client)
    web_login(client, office.approver.username)
    resp = client.get(url.format(big=2**31), headers=office.h_approver)
    assert resp.status_code == 404


@pytest.mark.parametrize("query", ["traveler_id=2147483648", "unit_id=99999999999999999999",
                                   "date_from=0001-01-01", "date_to=9999-12-31",
                                   "status=%00"])
def test_a_filter_outside_the_columns_is_422(client, query):
    office = make_office(client)
    resp = client.get(f"/api/v1/trips?{query}", headers=office.h_approver)
    assert resp.status_code == 422 and resp.mimetype == PROBLEM


@pytest.mark.parametrize("query", ["from=0001-01-01", "to=9999-12-31", "traveler=2147483648",
                                   "unit=99999999999999999999"])
def test_the_web_queue_ignores_filters_outside_the_columns(client, query):
    office = make_office(client)
    web_login(client, office.approver.username)
    assert client.get(f"/web/?{query}").status_code == 200


def test_impact_filters_outside_the_columns_are_422(client):
    office = make_office(client)
    resp = client.get("/api/v1/stats/impact?date_from=0001-01-01", headers=office.h_approver)
    assert resp.status_code == 422


@pytest.mark.parametrize("nxt", ["/web/\r\nSet-Cookie: x=1", "/web/%0d%0aLocation:%20http://evil",
                                 "/web/\nfoo"])
def test_cr_or_lf_in_the_web_logins_next_is_ignored(client, nxt):
    user = make_user(roles=("traveler", "approver"))
    page = client.get("/web/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    resp = client.post("/web/login", data={"username": user.username, "password": "password-123",
                                           "csrf_token": token, "next": nxt})
    assert resp.status_code == 303
    assert "\r" not in resp.headers["Location"] and "\n" not in resp.headers["Location"]
    assert resp.headers["Location"].endswith("/web/")


def test_objects_where_settle_expects_strings_are_422(client):
    office = make_office(client)
    trip = approved_trip(client, office)
    resp = client.post(f"/api/v1/trips/{trip['id']}/settle", headers=office.h_traveler,
                       json={"comment": {"a": 1}, "lodging": [{"night": {"x": 1}}]})
    assert resp.status_code == 422


def test_a_multipart_part_whose_name_cannot_be_read_is_422(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    boundary = "b0undary"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="'.encode() + b'N\xf4\x89\xab\x98\\"'
            + b'\r\n\r\nx\r\n' + f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="f"\r\n\r\nx\r\n--{boundary}--\r\n'.encode())
    resp = client.post(f"/api/v1/trips/{trip['id']}/receipts", data=body, headers={
        **office.h_traveler, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert resp.status_code == 422 and count(Receipt) == 0
