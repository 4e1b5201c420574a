"""The OpenAPI document tells the truth: problem+json errors, numeric bounds, closed receipt fields."""
from __future__ import annotations

import pytest

from workflow import bounds


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


def _responses(spec):
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if isinstance(op, dict) and "responses" in op:
                for code, resp in op["responses"].items():
                    if "$ref" in resp:
                        resp = spec["components"]["responses"][resp["$ref"].rsplit("/", 1)[-1]]
                    yield f"{method.upper()} {path} {code}", code, resp


def test_every_error_is_documented_as_problem_json(spec):
    for where, code, resp in _responses(spec):
        content = resp.get("content") or {}
        if code == "default" or code[0] in "45":
            assert "application/json" not in content, where
            assert not content or "application/problem+json" in content, where


def test_every_json_success_has_its_schema(spec):
    for where, code, resp in _responses(spec):
        content = resp.get("content") or {}
        if code.startswith("2") and any(m in content for m in ("text/csv", "text/html")):
            assert "application/json" in content, where


def test_bounds_are_numbers_in_the_document(spec):
    fuel = spec["components"]["schemas"]["FuelClaim"]["properties"]
    assert fuel["distance_km"]["type"] == "number"
    assert fuel["distance_km"]["minimum"] == 0 and fuel["distance_km"]["maximum"] == 5000
    assert fuel["fuel_price"]["maximum"] == bounds.MAX_FUEL_PRICE_KRW
    lodging = spec["components"]["schemas"]["LodgingClaim"]["properties"]
    assert lodging["amount"]["maximum"] == bounds.MAX_ITEM_KRW


def test_ids_in_paths_are_bounded_to_the_columns(spec):
    param = spec["paths"]["/api/v1/trips/{trip_id}"]["parameters"][0]
    assert param["schema"]["maximum"] == bounds.MAX_ID


def test_receipt_fields_are_a_closed_set(spec):
    body = spec["paths"]["/api/v1/trips/{trip_id}/receipts"]["post"]["requestBody"]
    fields = body["content"]["application/json"]["schema"]["properties"]["fields"]
    assert fields["additionalProperties"] is False and "total_amount" in fields["properties"]
    assert fields["properties"]["total_amount"]["type"] == "integer"


def test_the_trip_rules_are_stated(spec):
    end_at = spec["components"]["schemas"]["TripCreate"]["properties"]["end_at"]
    assert "after start_at" in end_at["description"]


def test_a_correction_names_at_least_one_field(spec):
    props = spec["components"]["schemas"]["CorrectionIn"]["properties"]["fields"]
    assert props["minProperties"] == 1 and props["additionalProperties"] is False
