"""The receipt-field catalogue (ocr/fields.py): the one list of what the reader outputs, and its masking."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import ocr
from ocr import fields as catalogue
from ocr.fields import CATALOGUE, FIELDS, Audience, DocumentType, FieldType, Masking, mask_card, masked
from ocr.model import Extraction, empty_fields

PARSERS = Path(ocr.__file__).parent / "parsers"
SAMPLES = Path(__file__).resolve().parents[3] / "sample_receipts"


def test_every_field_a_parser_writes_is_catalogued():
    written = set()
    for path in PARSERS.glob("*.py"):
        written |= set(re.findall(r"""\.put\(\s*["'](\w+)["']""", path.read_text(encoding="utf-8")))
    assert written and written <= set(FIELDS)


def test_the_ocr_output_has_exactly_the_catalogued_fields_in_catalogue_order():
    out = Extraction(document_type="rail_ticket", fields={"total_amount": 59800}).to_dict()
    assert list(out["fields"]) == list(out["confidence"]) == [f.name for f in CATALOGUE]
    assert ocr.FIELD_NAMES == catalogue.FIELD_NAMES and list(empty_fields()) == list(FIELDS)


def test_an_extraction_with_an_uncatalogued_field_is_refused():
    with pytest.raises(ValueError, match="not in the catalogue.*toll_gate"):
        Extraction(fields={**empty_fields(), "toll_gate": "서울"})


def test_every_expected_sample_field_is_catalogued_for_its_document_type():
    for path in sorted(SAMPLES.glob("*.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(expected, dict) or "fields" not in expected:
            continue  # the manifest
        kind = DocumentType(expected["document_type"])
        for name in expected["fields"]:
            assert kind in FIELDS[name].document_types, (path.name, name)


def test_each_field_has_a_korean_label_a_type_and_a_unit_where_it_counts():
    for field in CATALOGUE:
        assert re.search(r"[가-힣]", field.label), field.name
        assert field.document_types and all(isinstance(d, DocumentType) for d in field.document_types)
    assert {f.name for f in CATALOGUE if f.type is FieldType.MONEY} == set(catalogue.MONEY_FIELDS)
    assert all(f.unit == "KRW" for f in CATALOGUE if f.type is FieldType.MONEY)
    assert FIELDS["distance_km"].unit == "km"
    assert len({f.label for f in CATALOGUE}) == len(CATALOGUE)


def test_every_document_type_has_one_label_and_unknown_ones_have_none():
    assert set(catalogue.DOCUMENT_LABELS) == set(DocumentType)
    assert catalogue.document_label("rail_ticket") == "철도 승차권"
    assert catalogue.document_label("card_receipt") is None


def test_only_the_card_number_is_masked():
    assert [f.name for f in CATALOGUE if f.masking is Masking.CARD] == ["card_no_masked"]
    assert masked("ticket_no", "82103-0314-12345-67") == "82103-0314-12345-67"


@pytest.mark.parametrize("audience,shown", [
    (Audience.READER, "1234-56**-****-3456"),   # the OCR output, stored: first six and last four
    (Audience.SENDER, "****-****-****-3456"),   # an e-receipt or a correction: last four only
    (Audience.LOG, "1234-****-****-3456"),      # the server's log lines
])
def test_a_full_card_number_is_masked_as_each_audience_may_see_it(audience, shown):
    assert mask_card("1234-5678-9012-3456", audience) == shown
    assert masked("card_no_masked", "1234-5678-9012-3456", audience) == shown


def test_masking_an_already_masked_number_changes_nothing():
    for audience in Audience:
        once = mask_card("6117-35**-****-6533", audience)
        assert mask_card(once, audience) == once and once.endswith("6533")


def test_the_ocr_output_never_carries_a_full_card_number():
    out = Extraction(fields={**empty_fields(), "card_no_masked": "4518-4412-3456-1234"}).to_dict()
    assert out["fields"]["card_no_masked"] == "4518-44**-****-1234"


def test_the_vocabulary_entry_of_a_field_is_plain_json():
    entry = FIELDS["total_amount"].as_dict()
    assert entry == {"name": "total_amount", "label": "결제 금액", "type": "money", "unit": "KRW",
                     "masking": "none", "document_types": ["rail_ticket", "bus_ticket", "card_slip",
                                                           "taxi_receipt"]}
    assert json.loads(json.dumps(entry)) == entry
