"""A split payment on a slanted photo whose values slid a row off their labels (generated widened retail
slip, phone capture): the engine's lines as it read them, the card's share confirmed as a part, not taken."""

from __future__ import annotations

from ocr.model import TextLine
from ocr.parsers import parse

# The real engine's reading of a generated phone photo (widened retail, seed 2424): each value on the right
# sits up to a row above its label, so '카 드' meets the voucher's 1,500 and the card's 81,600 is left bare.
DRIFTED = [
    ("무지개마트 터미널점", (171, 81, 413, 118), 0.86),
    ("주식회사 늘봄상사 464-17-84764", (84, 115, 317, 145), 0.86),
    ("주소 :광주광역시 서구 상무대로 1535", (84, 138, 348, 167), 0.90),
    ("대표자", (85, 165, 143, 188), 0.91),
    ("조수아", (464, 162, 524, 189), 0.96),
    ("사업자 No: 134-24-85803", (84, 184, 263, 210), 0.75),
    ("매출일", (83, 209, 152, 238), 0.91),
    ("25-02-20 11:21:12", (356, 213, 521, 238), 0.95),
    ("품명", (81, 250, 119, 276), 0.96),
    ("수량", (331, 254, 372, 280), 0.94),
    ("주차", (81, 273, 121, 298), 0.97),
    ("금액", (479, 257, 519, 284), 0.96),
    ("1", (330, 278, 349, 300), 0.96),
    ("54용지", (82, 296, 139, 322), 0.75),
    ("82,600", (460, 283, 520, 306), 0.96),
    ("1", (330, 302, 350, 324), 0.89),
    ("합계수량/금액", (86, 320, 194, 346), 0.91),
    ("500", (487, 308, 523, 330), 0.95),
    ("2 1 83,100", (440, 332, 525, 355), 0.92),
    ("합계", (88, 358, 143, 388), 0.71),
    ("결제 금액", (89, 387, 180, 418), 0.96),
    ("83,100", (461, 376, 528, 401), 0.96),
    ("상품권", (86, 415, 155, 446), 0.96),
    ("83,100", (449, 406, 528, 433), 0.96),
    ("카 드", (83, 442, 142, 472), 0.92),
    ("1,500", (470, 437, 527, 463), 0.96),
    ("280 NO", (84, 485, 157, 512), 0.32),
    ("\\81,600", (439, 467, 525, 492), 0.53),
    ("승인번호", (86, 508, 164, 536), 0.84),
    ("“~ “ㅡ—_ _…— -6508", (376, 503, 529, 537), 0.29),
    ("36921803", (450, 536, 529, 560), 0.95),
]


def _lines(rows):
    return [TextLine(text, box, conf) for text, box, conf in rows]


def test_a_card_share_plus_the_bare_amount_beside_it_confirms_the_labelled_total():
    _, fields, confidence = parse(_lines(DRIFTED))
    assert fields["total_amount"] == 83100
    assert confidence["total_amount"] >= 0.9


def column(*texts):
    return [TextLine(t, (20, 50 * i, 20 + 28 * len(t), 50 * i + 40), 0.9) for i, t in enumerate(texts)]


def test_a_card_share_that_is_itself_the_paid_total_is_not_a_part():
    # 합계 10,000 less a discount: the card paid 9,000, printed as 결제금액 too; the bare 1,000 under the card
    # line adds up to the gross, which must not win.
    _, fields, _ = parse(column("합계 10,000", "결제금액 9,000", "카드 9,000", "1,000", "승인번호 12345678"))
    assert fields["total_amount"] == 9000
