"""The notice table: which change tells whom what, and the dates it reminds of."""
from __future__ import annotations

from datetime import date

from workflow import notices
from workflow.machine import TRANSITIONS


def test_every_kind_a_transition_names_has_words_and_an_audience():
    for kinds in notices.ON_TRANSITION.values():
        for kind in kinds:
            assert notices.NOTICES[kind].audience in (notices.TRAVELER, notices.APPROVERS)


def test_every_transition_in_the_notice_table_exists_in_the_state_machine():
    moves = {(a.value, s.value) for (_, a), s in TRANSITIONS.items()}
    assert set(notices.ON_TRANSITION) <= moves


def test_an_application_asks_the_approvers_and_a_decision_tells_the_traveler():
    assert notices.kinds_for("apply", "applied") == ("approval_waiting",)
    assert notices.NOTICES["approval_waiting"].audience == notices.APPROVERS
    assert notices.NOTICES["trip_rejected"].audience == notices.TRAVELER
    assert notices.kinds_for("cancel", "cancelled") == ()


def test_the_mail_text_never_carries_the_comment():
    title, body, mail = notices.render("trip_rejected", title="부산 출장", comment="건강 사유 확인")
    assert title == "출장 반려: 부산 출장" and "건강 사유 확인" in body and "건강 사유" not in mail


def test_a_payment_notice_names_the_amount_in_won_and_the_date():
    _, body, mail = notices.render("trip_paid", title="부산 출장", amount=1234567, on=date(2026, 3, 20))
    assert "1,234,567원" in body and "2026-03-20" in mail


def test_a_long_title_is_shortened_with_an_ellipsis():
    title, _, _ = notices.render("approval_waiting", title="가" * 100)
    assert title.endswith("…") and len(title) < 80


def test_the_evidence_deadline_is_two_weeks_after_the_trip():
    assert notices.evidence_deadline(date(2026, 3, 12)) == date(2026, 3, 26)


def test_working_days_skip_weekends_and_holidays():
    friday = date(2026, 12, 4)
    assert notices.working_days_between(friday, date(2026, 12, 7)) == 1  # Sat, Sun skipped
    assert notices.working_days_between(friday, date(2026, 12, 9)) == 3
    assert notices.working_days_between(friday, date(2026, 12, 9), frozenset({date(2026, 12, 8)})) == 2
