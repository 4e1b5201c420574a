"""Card-number lines give no amount, a printed minus amount checks the paid one, terminals mark a ticket.

Hand-made OCR lines through the parser (no engine).
"""

from __future__ import annotations

from ocr.parsers import parse
from tests.unit.ocr.ocr_samples import lines


def test_a_card_number_beside_the_card_label_is_no_amount():
    # The masked digits of '4644-3***-****-1234' read as '4644 3' to the right of 신용카드.
    kind, f, _ = parse(lines(("카페 모모", 20, 0), ("2025-04-19 11:41", 20, 50), ("신용카드", 20, 100),
                             ("4644 3", 300, 100), ("합계", 20, 150), ("12,000", 300, 150)))
    assert kind == "card_slip"
    assert f["total_amount"] == 12000


def test_a_bare_number_under_a_card_number_label_is_no_amount():
    kind, f, _ = parse(lines(("카페 모모", 20, 0), ("2025-04-19 11:41", 20, 50), ("신용카드", 20, 100),
                             ("카드번호", 20, 150), ("46443", 300, 150), ("결제", 20, 200)))
    assert kind == "card_slip"
    assert f.get("total_amount") != 46443


def test_a_masked_card_number_is_no_amount():
    _, f, _ = parse(lines(("카페 모모", 20, 0), ("2025-04-19 11:41", 20, 50), ("신용카드", 20, 100),
                          ("4644-3*** **** 12", 300, 100), ("판매금액", 20, 150), ("8,000", 300, 150)))
    assert f.get("total_amount") == 8000


def column(*texts, x=20):
    """One line per text, stacked 50 px apart."""
    return lines(*[(t, x, 50 * i) for i, t in enumerate(texts)])


def test_a_minus_amount_with_an_illegible_label_confirms_the_paid_amount():
    kind, f, c = parse(column("한빛상회", "2025-04-19 11:41", "합계 177,800", "흐릿 -84,700",
                              "결제금액 93,100", "승인번호 12345678"))
    assert kind == "card_slip"
    assert f["total_amount"] == 93100 and c["total_amount"] >= 0.9


def test_a_minus_amount_derives_no_total_printed_nowhere():
    _, f, c = parse(column("한빛상회", "2025-04-19 11:41", "합계 177,800", "흐릿 -84,700",
                           "결제금액 93,700", "승인번호 12345678"))
    assert f["total_amount"] != 93100 and c["total_amount"] < 0.6


def test_listed_terminals_under_trip_end_labels_make_a_ticket():
    # A booking mail's table with its title lost: card words (결제금액, 결제수단) and a booking date.
    page = lines(("고객님, 예매가 완료되었습니다.", 20, 0),
                 ("출발지", 20, 60), ("도착지", 220, 60), ("출발일시", 420, 60), ("금액", 700, 60),
                 ("동서울", 20, 110), ("대전복합", 220, 110), ("2025.05.12 14:30", 420, 110),
                 ("23,400", 700, 110),
                 ("결제금액", 20, 170), ("23,400원", 600, 170),
                 ("결제수단", 20, 220), ("신한카드", 600, 220),
                 ("예매일시", 20, 270), ("2025.05.08 09:12", 600, 270))
    kind, f, _ = parse(page)
    assert kind == "bus_ticket"
    assert f["date"] == "2025-05-12"


def test_a_shop_address_beside_a_departure_word_makes_no_ticket():
    kind, _, _ = parse(column("한빛상회", "출발 전 확인하세요 12,000", "2025-04-19 11:41", "합계 12,000",
                              "신용카드 12,000", "승인번호 12345678"))
    assert kind == "card_slip"


def test_a_card_number_whose_masks_read_as_words_is_no_amount():
    # Under the slip's title (카드 ...) the masked card number reads as a bare number and letters.
    kind, f, c = parse(column("카드 매출전표", "35720 개 추대 개 추추개않", "승인번호 62837003",
                              "2024년 3월 11일 10:15:40", "흐릿", "52,000", "흐릿", "-12,000",
                              "흐릿", "40,000"))
    assert kind == "card_slip"
    assert f["total_amount"] == 40000 and c["total_amount"] < 0.6


def test_printed_amounts_without_a_minus_derive_nothing():
    _, f, _ = parse(column("카드 매출전표", "승인번호 62837003", "2024년 3월 11일 10:15:40",
                           "흐릿", "52,000", "흐릿", "12,000", "흐릿", "40,000"))
    assert f.get("total_amount") != 40000
