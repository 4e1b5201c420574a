"""Merchant and kind rules drawn from misses on the foreign generator's dev seeds: an ordered item's
line ('후라이드치킨 x 1') is no store, a name in its own cell may open with 명 or 점 (명동닭갈비
beside 가맹점명) or after its label's colon, a name the detector cut into boxes on its row is read
whole; a hired plate whose letter was read as a zero still speaks for a taxi, and a train named with
its number for a ticket; a plate whose region was misread is not sure; an acronym's S read small
is a capital.
Pages written here as HTML and rendered in Chromium (skipped where it is not installed), read by the
real engine; hand-made lines where only a misreading shows the rule."""

from __future__ import annotations

from ocr import extract
from ocr.parsers import parse
from ocr.parsers.confidence import SURE
from tests.unit.ocr.ocr_samples import lines
from tests.unit.ocr.test_new_layouts import _page, _render, _rows


def test_an_ordered_items_line_with_its_quantity_is_no_merchant():
    # A delivery app's order page: the shop's name is set in a script font the reader cannot read, so
    # the first name-like line under the title would be the first item ordered.
    name = '<div style="font-family:serif;font-size:.5em;color:#bbb">.</div>'
    body = ('<div style="font-weight:bold">배달앱 · 주문상세</div>' + name
            + '<div>주문일시 2025년 1월 27일 13:59</div>'
            + _rows([("후라이드치킨 x 1", "19,000원"), ("모둠초밥 x 2", "36,000원"), ("주문금액", "55,000원"),
                     ("결제금액", "55,000원"), ("결제방법", "간편결제")]))
    got = extract(_render(_page(body), 420), "order.png")
    assert got.document_type == "card_slip" and got.fields["total_amount"] == 55000
    assert got.fields["merchant"] is None or "x" not in got.fields["merchant"].lower()
    # Its price misread ('¥#19,000' for ₩19,000) no longer marks the row as an item's: its quantity does.
    _, f, c = parse(lines(("배달앱 주문상세", 20, 0), ("후라이드치킨 × 1", 20, 60), ("¥#19,000", 600, 60),
                          ("김밥 2개", 20, 110), ("7,000월", 600, 110), ("결제금액", 20, 160),
                          ("26,000원", 600, 160)))
    assert f["merchant"] is None and not c.get("merchant")


def test_a_name_in_its_own_cell_beside_its_label_may_open_with_myeong():
    body = ('<div style="font-weight:bold">간편결제 결제 상세</div>'
            + _rows([("결제금액", "₩25,400"), ("승인번호", "47711724"), ("승인일시", "2024-11-04 19:14:17"),
                     ("합계", "25,400"), ("가맹점명", "명동닭갈비"), ("대표자명", "서도윤"),
                     ("사업자등록번호", "539-76-68159")]))
    got = extract(_render(_page(body), 420), "pay.png")
    assert got.fields["merchant"] == "명동닭갈비" and got.confidence["merchant"] >= SURE
    # The last syllable of a longer label on the label's own line is still no name ('가맹점 명 ...').
    _, f, _ = parse(lines(("영수증", 300, 0), ("가맹점 명", 20, 50), ("합계", 20, 100), ("9,000", 600, 100)))
    assert f["merchant"] is None


def test_a_store_name_cut_into_boxes_on_its_row_is_read_whole():
    # Set wide apart, the detector reads the name's two words as boxes of their own.
    head = ('<div style="font-size:1.6em;font-weight:bold;word-spacing:.9em">오피스디포 서울역점</div>'
            '<div>TEL: 051-4505-7675</div><div>판매일 2025/02/28 05:19:26</div>')
    body = head + _rows([("충전케이블", "9,900"), ("합 계", "9,900원"), ("받은금액(현금)", "10,000")])
    got = extract(_render(_page(body), 420), "shop.png")
    assert got.fields["merchant"] == "오피스디포 서울역점"
    assert 0.3 <= got.confidence["merchant"] < SURE  # a header line alone: no label backs it
    _, f, _ = parse(lines(("오피스디포", 100, 0), ("서울역점", 270, 0), ("판매일 2025/02/28 05:19", 20, 60),
                          ("결제금액", 20, 110), ("9,900", 600, 110)))
    assert f["merchant"] == "오피스디포 서울역점"
    # A label cell on the row is no word of the name.
    _, f, _ = parse(lines(("영수증", 300, 0), ("상호", 20, 50), ("오피스디포 서울역점", 300, 50),
                          ("결제금액", 20, 110), ("9,900", 600, 110)))
    assert f["merchant"] == "오피스디포 서울역점"


def test_a_speck_between_the_words_of_a_name_is_a_space():
    _, f, _ = parse(lines(("현대오일뱅크.고속주유소 전주점", 20, 0), ("판매일 2025-03-01 10:11", 20, 60),
                          ("승인번호", 20, 110), ("30381884", 600, 110), ("결제금액", 20, 160),
                          ("50,000", 600, 160)))
    assert f["merchant"] == "현대오일뱅크 고속주유소 전주점"


def test_a_hired_plate_whose_letter_was_read_as_a_zero_speaks_for_a_taxi():
    rows = [("우티", 20, 0), ("이용 영수증", 20, 60), ("이용일시", 20, 120), ("2025.11.03 22:16", 600, 120),
            ("차량 번호", 20, 170), ("강원 110 9733", 600, 170), ("운임", 20, 220), ("24,600", 600, 220),
            ("호출비", 20, 270), ("1,000", 600, 270), ("할인", 20, 320), ("-1,000원", 600, 320),
            ("총 결제금액", 20, 370), ("24,600", 600, 370), ("결제수단", 20, 420), ("카카오페이", 600, 420)]
    kind, f, c = parse(lines(*rows))
    assert kind == "taxi_receipt" and f["vehicle_no"] == "강원11아9733" and c["vehicle_no"] < SURE
    # The same page rendered and read: the plate as printed, a taxi with no word 택시 on it.
    body = ('<div style="font-weight:bold">이용 영수증</div>'
            + _rows([("이용일시", "2025.11.03 22:16"), ("차량 번호", "강원 11아 9733"), ("운임", "24,600"),
                     ("호출비", "1,000"), ("할인", "-1,000원"), ("총 결제금액", "₩ 24,600")]))
    got = extract(_render(_page(body), 420), "ride.png")
    assert got.document_type == "taxi_receipt" and got.fields["total_amount"] == 24600
    assert got.fields["vehicle_no"] == "강원11아9733"


def test_a_train_named_with_its_number_speaks_for_a_ticket_over_its_payment_words():
    # A booking mail's table: its payment words (운임 합계, 최종 결제금액, 결제일시) outweigh the one
    # word 열차 when the train's name is read a letter off and the route's arrival misread.
    rows = [("승차일자", 20, 0), ("열차", 300, 0), ("구간", 600, 0), ("금액", 900, 0),
            ("2024-05-28", 20, 50), ("무긍화호 1512", 300, 50), ("포항 - 신해 유대", 600, 50),
            ("9,500", 900, 50),
            ("유임 합계", 20, 100), ("9,500원", 900, 100), ("할인(크폰할인)", 20, 150), ("-1,400", 900, 150),
            ("최종 결제금액", 20, 200), ("8,100 원", 900, 200), ("결제일시", 20, 250),
            ("2024-05-28 22:53:15", 600, 250)]
    kind, f, c = parse(lines(*rows))
    assert kind == "rail_ticket" and f["total_amount"] == 8100 and f["vehicle_no"] == "1512"
    # The train's name lost, the number alone says nothing: the payment words win.
    rows[5] = ("1512", 300, 50)
    assert parse(lines(*rows))[0] == "card_slip"
    body = ('<div style="font-weight:bold">결제 완료 안내</div>'
            + _rows([("승차일자", "2024-05-28"), ("열차", "무궁화호 1512"), ("구간", "포항 - 신해운대"),
                     ("운임 합계", "9,500원"), ("할인(쿠폰할인)", "-1,400"), ("최종 결제금액", "8,100 원"),
                     ("결제일시", "2024-05-28 22:53:15")]))
    got = extract(_render(_page(body), 420), "mail.png")
    assert got.document_type == "rail_ticket" and got.fields["total_amount"] == 8100
    assert got.fields["vehicle_no"] == "1512"


def test_a_name_opening_with_myeong_after_its_labels_colon_is_read():
    body = ('<div style="font-weight:bold;text-align:center">현금영수증</div>'
            '<div>상 호 : 명동닭갈비 오송역점</div><div>사업자번호 : 175-36-81398</div>'
            '<div>거래일자 : 25/06/11 14:19:52</div><div>승인번호 : 97164731</div>'
            '<div>물품가액 : 83,091</div><div>부가세 : 8,309</div><div>총액 : 91,400 KRW</div>')
    got = extract(_render(_page(body), 420), "cash.png")
    assert got.fields["merchant"] == "명동닭갈비 오송역점" and got.confidence["merchant"] >= SURE
    assert got.fields["total_amount"] == 91400
    # No colon: the 명 after 상호 may be the label's own (상호명), and the line gives no name.
    _, f, _ = parse(lines(("현금영수증", 300, 0), ("상호 명", 20, 50), ("승인번호 97164731", 20, 100),
                          ("총액 91,400", 20, 150)))
    assert f["merchant"] is None


def test_a_plate_whose_region_was_misread_is_not_sure():
    rows = [("kakaoT", 20, 0), ("영수증", 20, 60), ("승차일시", 20, 120), ("2025.04.11(금) 05:38", 600, 120),
            ("차량번호", 20, 170), ("{}32바2433", 600, 170), ("차종", 20, 220), ("모범택시", 600, 220),
            ("택시요금", 20, 270), ("36,000", 600, 270), ("쿠폰할인", 20, 320), ("-1,000원", 600, 320),
            ("총 결제금액", 20, 370), ("35,000", 600, 370)]

    def plate(region: str) -> tuple[str, float]:
        page = [(t.format(region), x, y) for t, x, y in rows]
        _, f, c = parse(lines(*page))
        return f["vehicle_no"], c["vehicle_no"]

    # Two letters glued where the region stands that are no region ('놈붐' for 충북): what is left is
    # short of the region printed, so it is no sure plate.
    got, conf = plate("놈붐")
    assert got == "32바2433" and conf < SURE
    assert plate("충북") == ("충북32바2433", 0.8)
    assert plate("") == ("32바2433", 0.6)  # printed without its region: as sure as before
    # The same page rendered and read: the region is read as printed.
    body = ('<div style="font-weight:bold">영수증</div>'
            + _rows([("승차일시", "2025.04.11(금) 05:38"), ("차량번호", "충북32바2433"), ("차종", "모범택시"),
                     ("택시요금", "₩ 36,000"), ("쿠폰할인", "-1,000원"), ("총 결제금액", "35,000")]))
    got = extract(_render(_page(body), 420), "taxi.png")
    assert got.document_type == "taxi_receipt" and got.fields["vehicle_no"] == "충북32바2433"
    assert got.confidence["vehicle_no"] >= SURE


def test_an_acronym_with_a_letter_read_small_is_in_capitals():
    def name(head: str) -> str | None:
        page = lines((head, 20, 0), ("판매일 2025-03-01 10:11", 20, 60), ("승인번호", 20, 110),
                     ("30381884", 600, 110), ("결제금액", 20, 160), ("50,000", 600, 160))
        return parse(page)[1]["merchant"]

    # s, o, c ... have one shape small and capital: read small beside a capital, it is the capital.
    assert name("sK에너지 셀프주유소") == "SK에너지 셀프주유소"
    assert name("cU편의점 역삼점") == "CU편의점 역삼점"
    # A word in small letters, or a capitalised word, is kept as read.
    assert name("Zoo동물병원 역삼점") == "Zoo동물병원 역삼점"
    body = ('<div style="font-size:1.3em;font-weight:bold">SK에너지 셀프주유소 부산서면점</div>'
            '<div>판매일 2025/02/28 05:19:26</div>'
            + _rows([("휘발유", "50,000"), ("승인번호", "30381884"), ("결제금액", "50,000원")]))
    got = extract(_render(_page(body), 420), "fuel.png")
    assert got.fields["merchant"] == "SK에너지 셀프주유소 부산서면점" and got.confidence["merchant"] < SURE
