"""Receipt and OCR-job statuses: every legal move of the tables, and every other move refused."""
from __future__ import annotations

import itertools

import pytest

from workflow.receipt_states import (
    OCR_JOB_STATUS_LABELS,
    OCR_JOB_TRANSITIONS,
    PENDING,
    RECEIPT_STATUS_LABELS,
    RECEIPT_TRANSITIONS,
    IllegalMove,
    OcrJobStatus,
    ReadingEvent,
    ReceiptStatus,
    move,
    sources,
)

E = ReadingEvent
# Written out by hand from the reading (claim -> read / fail / retry), not copied from the tables.
EXPECTED = {
    ("queued", E.CLAIM): "processing",
    ("processing", E.READ): "done",
    ("processing", E.FAIL): "failed",
    ("processing", E.RETRY): "queued",
}
MACHINES = [(ReceiptStatus, RECEIPT_TRANSITIONS), (OcrJobStatus, OCR_JOB_TRANSITIONS)]


@pytest.mark.parametrize("machine,table", MACHINES)
def test_the_table_holds_exactly_the_expected_moves(machine, table):
    assert {(s.value, e): t.value for (s, e), t in table.items()} == EXPECTED


@pytest.mark.parametrize("machine", [ReceiptStatus, OcrJobStatus])
@pytest.mark.parametrize("start,event", list(EXPECTED))
def test_every_legal_move_lands_on_its_status_of_the_same_machine(machine, start, event):
    target = move(machine(start), event)
    assert target == EXPECTED[(start, event)] and type(target) is machine


@pytest.mark.parametrize("machine", [ReceiptStatus, OcrJobStatus])
def test_every_other_move_raises_illegal_move(machine):
    illegal = [(s, e) for s, e in itertools.product(machine, E) if (s.value, e) not in EXPECTED]
    assert len(illegal) == len(machine) * len(E) - len(EXPECTED)
    for status, event in illegal:
        with pytest.raises(IllegalMove) as caught:
            move(status, event)
        assert caught.value.status is status and caught.value.event == event


def test_a_finished_reading_cannot_be_claimed_again():
    with pytest.raises(IllegalMove, match="'claim' is not allowed while the ReceiptStatus is 'done'"):
        move(ReceiptStatus.DONE, E.CLAIM)


def test_an_unknown_event_is_an_illegal_move_not_a_crash():
    with pytest.raises(IllegalMove):
        move(OcrJobStatus.QUEUED, "jump")


def test_stored_values_are_the_strings_the_database_and_api_already_hold():
    for machine in (ReceiptStatus, OcrJobStatus):
        assert [s.value for s in machine] == ["queued", "processing", "done", "failed"]
    assert ReceiptStatus.QUEUED == "queued" and PENDING == {"queued", "processing"}


def test_only_queued_jobs_can_be_claimed():
    assert sources(OcrJobStatus, E.CLAIM) == (OcrJobStatus.QUEUED,)
    assert set(sources(ReceiptStatus, E.RETRY)) == {ReceiptStatus.PROCESSING}


def test_every_status_has_a_korean_label():
    assert set(RECEIPT_STATUS_LABELS) == set(ReceiptStatus)
    assert set(OCR_JOB_STATUS_LABELS) == set(OcrJobStatus)
    assert all(label.strip() for label in [*RECEIPT_STATUS_LABELS.values(), *OCR_JOB_STATUS_LABELS.values()])
