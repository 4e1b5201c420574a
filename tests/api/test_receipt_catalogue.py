"""The receipt-field catalogue through the API: the vocabulary, the schema, and masking per role."""
from __future__ import annotations

import pytest

from app.services.ocr_jobs import run_pending_jobs
from ocr.fields import CATALOGUE, DOCUMENT_LABELS
from tests.api.receipt_support import (RAIL, advance, fake_extract, headers_for, jpeg_bytes, make_trip,
                                      upload, world)
from workflow.receipt_states import RECEIPT_STATUS_LABELS
from workflow.states import Action


@pytest.fixture
def people(app):
    return world()


def test_the_vocabulary_lists_every_catalogued_field_document_type_and_status(client):
    body = client.get("/api/v1/vocabulary").get_json()
    assert [f["name"] for f in body["receipt_fields"]] == [f.name for f in CATALOGUE]
    fare = next(f for f in body["receipt_fields"] if f["name"] == "fare")
    assert fare == {"name": "fare", "label": "운임", "type": "money", "unit": "KRW", "masking": "none",
                    "document_types": ["rail_ticket", "bus_ticket"]}
    assert body["document_types"] == {d.value: {"label": label} for d, label in DOCUMENT_LABELS.items()}
    assert body["receipt_statuses"]["processing"] == {"label": RECEIPT_STATUS_LABELS["processing"]}
    assert set(body["ocr_job_statuses"]) == {"queued", "processing", "done", "failed"}


def test_the_openapi_schema_of_corrections_is_the_catalogue(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    body = spec["paths"]["/api/v1/receipts/{receipt_id}"]["patch"]["requestBody"]["content"]
    schema = next(iter(body.values()))["schema"]
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    props = schema["properties"]["fields"]["properties"]
    assert list(props) == [f.name for f in CATALOGUE]
    assert props["total_amount"]["type"] == "integer" and props["total_amount"]["title"] == "결제 금액"


def test_a_correction_of_an_uncatalogued_field_is_422(client, app, people):
    kim = headers_for(client, "kim")
    trip = make_trip(people["kim"])
    app.extensions["yeobi_reader"] = fake_extract(RAIL)
    receipt_id = upload(client, kim, trip.id, jpeg_bytes()).get_json()["id"]
    run_pending_jobs(app)
    resp = client.patch(f"/api/v1/receipts/{receipt_id}", headers=kim, json={"fields": {"toll_gate": "x"}})
    assert resp.status_code == 422


def test_every_role_that_may_read_a_receipt_sees_the_same_masked_card_number(client, app, people):
    kim = headers_for(client, "kim")
    trip = make_trip(people["kim"])
    app.extensions["yeobi_reader"] = fake_extract({**RAIL, "card_no_masked": "9410-1234-5678-4321"})
    receipt_id = upload(client, kim, trip.id, jpeg_bytes()).get_json()["id"]
    run_pending_jobs(app)
    advance(trip.id, (Action.APPLY, people["kim"]), (Action.APPROVE, people["boss_a"]),
            (Action.SETTLE, people["kim"]))
    seen = {}
    for who in ("kim", "boss_a", "money", "root"):  # traveler, approver, finance, admin
        body = client.get(f"/api/v1/receipts/{receipt_id}", headers=headers_for(client, who)).get_json()
        seen[who] = (body["fields"]["card_no_masked"], body["ocr_fields"]["card_no_masked"])
    assert set(seen.values()) == {("9410-12**-****-4321", "9410-12**-****-4321")}
    anonymous = client.get(f"/api/v1/receipts/{receipt_id}")
    assert anonymous.status_code == 401
