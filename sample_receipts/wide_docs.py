"""Documents of the widened set: each builder draws on a Slip and returns the true fields.

Labels, their order, the totals block and the distractors (phone numbers, approval numbers, gross
totals before a discount) are drawn at random, so the paid amount is often not the first total.
"""

from __future__ import annotations

import datetime as dt
import random

from wide_layout import Slip
from wide_words import (ADDRESS, APPROVAL, BOILER, BRN, BUS_GRADES, CARD_CO, CARD_NO, DISCOUNT, GROSS, ITEMS,
                        MERCHANT, OPERATOR, OWNER, PHONE, PLATE_REGIONS, POINTS, SUPPLY, TAXI_CO, VAN, VAT,
                        WHEN,
                        address, merchant_name, person, phone, pick, rail_route)

WEEK = "월화수목금토일"


def won(n: int, rng: random.Random) -> str:
    """An amount as slips print it: 12,300 / 12,300원 / ₩12,300."""
    return rng.choice((f"{n:,}", f"{n:,}원", f"{n:,}", f"₩{n:,}", f"{n:,} 원"))


def day(rng: random.Random) -> dt.date:
    """A transaction day between 2022 and 2026-11."""
    start = dt.date(2022, 1, 1)
    return start + dt.timedelta(days=rng.randint(0, (dt.date(2026, 11, 25) - start).days))


def date_text(d: dt.date, rng: random.Random) -> str:
    """A date in one of the ways Korean slips print it."""
    printed = rng.choice((
        f"{d:%Y-%m-%d}", f"{d:%Y.%m.%d}", f"{d:%Y/%m/%d}", f"{d:%y/%m/%d}", f"{d:%y.%m.%d}",
        f"{d.year}년 {d.month}월 {d.day}일", f"{d:%Y.%m.%d}({WEEK[d.weekday()]})", f"{d:%Y%m%d}",
    ))
    if printed == f"{d:%Y-%m-%d}" and extra("date", d).random() < 0.4:
        printed = f"{d:%y-%m-%d}"  # a POS line's two-digit year
    return printed


def extra(*key: object) -> random.Random:
    """A generator for shapes added after sets were first drawn, keyed by the document's own values: the
    main stream of draws is untouched, so an earlier seed still writes the same documents (plus these)."""
    return random.Random("|".join(map(str, key)))


def clock(rng: random.Random, seconds: bool | None = None) -> str:
    """A time of day."""
    h, m, s = rng.randint(6, 23), rng.randint(0, 59), rng.randint(0, 59)
    with_s = rng.random() < 0.5 if seconds is None else seconds
    return f"{h:02d}:{m:02d}:{s:02d}" if with_s else f"{h:02d}:{m:02d}"


def brn(rng: random.Random) -> str:
    """A business registration number with a valid check digit."""
    d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
    s = sum(a * b for a, b in zip(d, (1, 3, 7, 1, 3, 7, 1, 3, 5))) + (d[8] * 5) // 10
    t = "".join(map(str, d + [(10 - s % 10) % 10]))
    return f"{t[:3]}-{t[3:5]}-{t[5:]}"


def card_no(rng: random.Random) -> str:
    """A masked card number."""
    return rng.choice((f"{rng.randint(4000, 9999)}-{rng.randint(10, 99)}**-****-{rng.randint(1000, 9999)}",
                       f"{rng.randint(4000, 9999)}********{rng.randint(100, 999)}*",
                       f"****-****-****-{rng.randint(1000, 9999)}"))


def fields(total=None, date=None, departure=None, arrival=None, vehicle=None, merchant=None) -> dict:
    """The scorer's field set."""
    return {"total_amount": total, "date": date.isoformat() if date else None, "departure": departure,
            "arrival": arrival, "vehicle_no": vehicle, "merchant": merchant}


def _header(p: Slip, rng: random.Random, merchant: str, labelled: bool) -> None:
    """Shop name (as a title or beside a label), then registration number, owner, phone, address."""
    more = extra("header", merchant, labelled)
    franchise = merchant.endswith("점") and not merchant.startswith(("(주)", "주식회사"))
    # A franchise store: the operating company and its registration number, above or under the store's name.
    operator = f"{pick(more, OPERATOR)}  {brn(more)}" if franchise and more.random() < 0.5 else None
    above = more.random() < 0.4
    if labelled:
        p.title(pick(rng, ("영수증", "신용카드 매출전표", "카드영수증", "[고객용]")))
        p.kv(pick(rng, MERCHANT), merchant)
    else:
        if operator and above:
            p.text(operator, 0.85)
        p.title(merchant)
        if operator and not above:
            p.text(operator, 0.85)
    lines = [(pick(rng, BRN), brn(rng)), (pick(rng, OWNER), person(rng)), (pick(rng, PHONE), phone(rng)),
             (pick(rng, ADDRESS), address(rng))]
    rng.shuffle(lines)
    for label, value in lines[: rng.randint(2, 4)]:
        p.kv(label, value, scale=0.85, style=rng.choice((None, "colon")))


def _items(p: Slip, rng: random.Random, gross: int) -> None:
    """Item rows whose amounts add up to `gross`."""
    n = rng.randint(1, 4)
    cuts = sorted(rng.sample(range(1, gross // 100), n - 1)) if n > 1 and gross > 500 else []
    parts = [b - a for a, b in zip([0] + cuts, cuts + [gross // 100])]
    p.cols(["품명", "수량", "금액"], [0, 0.6, 1.0], 0.85)
    for part in parts:
        qty = rng.choice((1, 1, 1, 2))
        amount = part * 100
        p.cols([pick(rng, ITEMS), str(qty), f"{amount:,}"], [0, 0.6, 1.0])
    if rng.random() < 0.4:
        p.kv("합계수량/금액", f"{len(parts)} / {gross:,}", style="right", scale=0.9)


def retail(p: Slip, rng: random.Random) -> dict:
    """A shop or restaurant receipt: items, gross total, discounts or points, paid amount, card part."""
    merchant, when = merchant_name(rng), day(rng)
    _header(p, rng, merchant, labelled=rng.random() < 0.35)
    p.kv(pick(rng, WHEN), f"{date_text(when, rng)} {clock(rng)}")
    p.rule()
    gross = rng.randint(12, 1500) * 100
    _items(p, rng, gross)
    p.rule()
    cut = rng.choice((0, 0, int(round(gross * rng.uniform(0.05, 0.3), -2))))
    points = rng.choice((0, 0, 0, rng.randint(1, 20) * 100)) if gross - cut > 3000 else 0
    paid = gross - cut
    p.kv(pick(rng, GROSS), won(gross, rng))
    if cut:
        p.kv(pick(rng, DISCOUNT), f"-{cut:,}")
    if rng.random() < 0.5:
        supply = round(paid / 1.1)
        p.kv(pick(rng, SUPPLY), f"{supply:,}", scale=0.9)
        p.kv(pick(rng, VAT), f"{paid - supply:,}", scale=0.9)
    p.kv(pick(rng, ("받을금액", "결제금액", "결제 금액", "청구금액")), won(paid, rng), bold=True, scale=1.15)
    if points:
        p.kv(pick(rng, POINTS), f"{points:,}")
    p.kv(pick(rng, ("신용카드", "카드결제", "카드", "승인금액")), won(paid - points, rng))
    p.rule()
    p.kv(pick(rng, CARD_NO), card_no(rng), scale=0.85)
    p.kv(pick(rng, APPROVAL), str(rng.randint(10**7, 10**8 - 1)), scale=0.85)
    if rng.random() < 0.6:
        p.text(pick(rng, BOILER), 0.75)
    if rng.random() < 0.4:
        p.barcode()
    return {"document_type": "card_slip", "fields": fields(paid, when, merchant=merchant)}


def terminal(p: Slip, rng: random.Random) -> dict:
    """A card-terminal slip: 신용승인, terminal id, amount / VAT / total, or a partial refund."""
    merchant, when = merchant_name(rng), day(rng)
    title = pick(rng, ("신용승인", "신용카드 승인", "카드 매출전표", "IC신용승인"))
    more = extra("terminal", merchant, when)
    if more.random() < 0.5:
        # The terminal's operator (VAN) heads many slips, above or beside the slip's title.
        van = pick(more, VAN)
        if more.random() < 0.5:
            p.text(van, 1.1, bold=True)
            p.title(title)
        else:
            p.title(f"{van} {title}")
    else:
        p.title(title)
    p.kv("단말기ID", str(rng.randint(10**7, 10**8 - 1)), scale=0.85)
    rows = [(pick(rng, MERCHANT), merchant), (pick(rng, BRN), brn(rng)), (pick(rng, PHONE), phone(rng)),
            (pick(rng, CARD_NO), card_no(rng)), ("유효기간", "**/**"), ("할부", "일시불"),
            (pick(rng, WHEN), f"{date_text(when, rng)} {clock(rng)}"),
            (pick(rng, APPROVAL), str(rng.randint(10**7, 10**8 - 1)))]
    head, rest = rows[:1], rows[1:]
    rng.shuffle(rest)
    for label, value in head + rest:
        p.kv(label, value)
    p.rule()
    total = rng.randint(15, 3000) * 100
    supply = round(total / 1.1)
    refund = rng.choice((0, 0, 0, int(round(total * rng.uniform(0.1, 0.5), -2))))
    p.kv(pick(rng, ("금액", "판매금액", "공급가액")), f"{supply:,}")
    p.kv(pick(rng, VAT), f"{total - supply:,}")
    if rng.random() < 0.3:
        p.kv("봉사료", "0")
    p.kv(pick(rng, ("합계", "합 계", "승인금액", "총금액")), won(total, rng), bold=True, scale=1.15)
    paid = total
    if refund:
        paid = total - refund
        p.kv(pick(rng, ("부분취소", "취소금액", "환불금액")), f"-{refund:,}")
        p.kv(pick(rng, ("최종결제금액", "잔여승인금액", "실결제금액")), won(paid, rng), bold=True)
    p.text(pick(rng, BOILER), 0.75)
    return {"document_type": "card_slip", "fields": fields(paid, when, merchant=merchant)}


def e_receipt(p: Slip, rng: random.Random) -> dict:
    """A card company's web e-receipt or a delivery app's order receipt (a screenshot or a PDF)."""
    merchant, when = merchant_name(rng), day(rng)
    delivery = rng.random() < 0.4
    p.banner(pick(rng, ("주문 상세", "주문내역", "영수증")) if delivery else
             f"{pick(rng, CARD_CO)} {pick(rng, ('매출전표', '전자영수증', '카드영수증'))}")
    p.space()
    if delivery:
        p.title(merchant, 1.2)
        p.kv("주문일시", f"{date_text(when, rng)} {clock(rng)}")
        p.kv("주문번호", f"B{rng.randint(10**9, 10**10 - 1)}", scale=0.85)
        p.rule()
        food = rng.randint(100, 900) * 100
        tip = rng.choice((0, 1000, 2000, 3000, 3500))
        coupon = rng.choice((0, 0, 1000, 2000, 3000, 5000))
        p.kv("주문금액", won(food, rng))
        p.kv("배달팁", won(tip, rng))
        if coupon:
            p.kv(pick(rng, ("쿠폰할인", "할인", "즉시할인")), f"-{coupon:,}")
        paid = food + tip - coupon
        p.rule()
        p.kv(pick(rng, ("총 결제금액", "결제금액", "최종 결제금액")), won(paid, rng), bold=True, scale=1.2)
        p.kv("결제수단", pick(rng, ("신용카드", "간편결제", "카드 일시불")), scale=0.85)
        return {"document_type": "card_slip", "fields": fields(paid, when, merchant=merchant)}
    total = rng.randint(20, 5000) * 100
    supply = round(total / 1.1)
    rows = [("카드종류", pick(rng, CARD_CO)), (pick(rng, CARD_NO), card_no(rng)), ("거래종류", "신용구매"),
            ("할부", "일시불"), (pick(rng, WHEN), f"{date_text(when, rng)} {clock(rng, True)}"),
            (pick(rng, APPROVAL), str(rng.randint(10**7, 10**8 - 1)))]
    shop = [(pick(rng, MERCHANT), merchant), (pick(rng, OWNER), person(rng)), (pick(rng, BRN), brn(rng)),
            (pick(rng, ADDRESS), address(rng))]
    money = [(pick(rng, SUPPLY), f"{supply:,}"), (pick(rng, VAT), f"{total - supply:,}"), ("봉사료", "0")]
    blocks = [rows, shop]
    rng.shuffle(blocks)
    for block in blocks:
        for label, value in block:
            p.kv(label, value, style=rng.choice((None, "right")))
        p.rule()
    for label, value in money:
        p.kv(label, value)
    p.kv(pick(rng, ("합계금액", "승인금액", "결제금액", "합계")), won(total, rng), bold=True, scale=1.15)
    return {"document_type": "card_slip", "fields": fields(total, when, merchant=merchant)}


def taxi(p: Slip, rng: random.Random) -> dict:
    """A taxi receipt: plate, boarding and alighting times, distance, fare lines, card part."""
    when = day(rng)
    plate = f"{pick(rng, PLATE_REGIONS)}{rng.randint(10, 99)}{pick(rng, '바사아자')}{rng.randint(1000, 9999)}"
    printed = rng.choice((plate, f"{plate[:2]} {plate[2:5]} {plate[5:]}", f"{plate[:2]} {plate[2:]}"))
    p.title(pick(rng, ("택시 영수증", "택시요금 영수증", "[택시] 카드영수증", "영 수 증")))
    p.center(pick(rng, TAXI_CO), 0.9)
    rows = [(pick(rng, ("차량번호", "차번", "차량")), printed), (pick(rng, BRN), brn(rng)),
            (pick(rng, ("승차", "승차시각", "승차일시")), f"{date_text(when, rng)} {clock(rng, False)}"),
            (pick(rng, ("하차", "하차시각")), clock(rng, False)),
            (pick(rng, ("주행거리", "운행거리", "거리")), f"{rng.uniform(1.2, 40):.1f}km")]
    for label, value in rows[:1] + rng.sample(rows[1:], len(rows) - 1):
        p.kv(label, value)
    p.rule()
    fare = rng.randint(48, 900) * 100
    extra = rng.choice((0, 0, rng.randint(5, 40) * 100))
    p.kv(pick(rng, ("요금", "기본요금+주행", "미터요금", "운임")), won(fare, rng))
    if extra:
        p.kv(pick(rng, ("할증", "통행료", "콜비")), f"{extra:,}")
    p.kv(pick(rng, ("합계", "결제금액", "카드결제", "총요금")), won(fare + extra, rng), bold=True, scale=1.15)
    p.kv(pick(rng, CARD_NO), card_no(rng), scale=0.85)
    p.kv(pick(rng, APPROVAL), str(rng.randint(10**7, 10**8 - 1)), scale=0.85)
    return {"document_type": "taxi_receipt", "fields": fields(fare + extra, when, vehicle=plate)}


def rail(p: Slip, rng: random.Random) -> dict:
    """A KORAIL or SR ticket or receipt with labels, date and fare lines drawn at random."""
    service, dep, arr, hops = rail_route(rng)
    when = day(rng)
    sr = service == "SRT"
    number = rng.randint(1, 999) if service.startswith(("KTX", "SRT")) else rng.randint(1001, 1999)
    per = 5200 if service.startswith(("KTX", "SRT")) else 2400
    fare = int(round(2600 + hops * per * rng.uniform(0.8, 1.2), -2))
    cut = rng.choice((0, 0, int(round(fare * rng.uniform(0.05, 0.3), -2))))
    mileage = rng.choice((0, 0, 0, rng.randint(1, 30) * 100)) if fare - cut > 5000 else 0
    head = ("SR 승차권" if sr else "KORAIL 승차권", "승차권 영수증", "열차 승차권", "승차권 구매내역")
    p.banner(pick(rng, head)) if rng.random() < 0.4 else p.title(pick(rng, head))
    p.kv(pick(rng, ("승차일자", "이용일", "출발일", "여행일", "승차일")), date_text(when, rng))
    start = rng.randint(5 * 60, 21 * 60)
    end = start + 10 + hops * rng.randint(9, 22)
    dep_t, arr_t = f"{start // 60:02d}:{start % 60:02d}", f"{end // 60 % 24:02d}:{end % 60:02d}"
    # 특실 only on trains that have one (무궁화호 and ITX-청춘 seats are all 일반실 here).
    first_class = service.startswith(("KTX", "SRT", "ITX-새"))
    seat_class = pick(rng, ("일반실", "일반실", "특실")) if first_class else "일반실"
    if rng.random() < 0.5:
        p.kv(pick(rng, ("출발", "출발역", "승차역")), f"{dep}{pick(rng, ('', '역'))} {dep_t}")
        p.kv(pick(rng, ("도착", "도착역", "하차역")), f"{arr}{pick(rng, ('', '역'))} {arr_t}")
    else:
        p.center(f"{dep} {pick(rng, ('→', '▶', '-', '~'))} {arr}", 1.5, bold=True)
        p.center(f"{dep_t}  {arr_t}", 1.0)
    p.kv(pick(rng, ("열차", "열차번호", "열차종류")), f"{service} {number:03d}" if number < 1000 else
         f"{service} {number}")
    p.kv("좌석", f"{rng.randint(1, 16)}호차 {rng.randint(1, 18)}{pick(rng, 'ABCD')} {seat_class}")
    p.rule()
    p.kv(pick(rng, ("운임", "기준운임", "운임요금", "승차권 가격")), won(fare, rng))
    p.kv(pick(rng, ("할인", "할인금액", "할인액")), f"-{cut:,}" if cut else "0")
    if mileage:
        p.kv(pick(rng, ("마일리지", "포인트 사용")), f"-{mileage:,}")
    paid = fare - cut
    p.kv(pick(rng, ("영수금액", "결제금액", "승차권 금액", "받은금액")), won(paid, rng), bold=True,
         scale=1.15)
    if mileage:
        p.kv("카드결제", won(paid - mileage, rng))
    p.rule()
    p.kv("승차권번호" if not sr else "예약번호", f"{rng.randint(10000, 99999)}-{when:%m%d}-"
         f"{rng.randint(10000, 99999)}-{rng.randint(10, 99)}", scale=0.8)
    p.kv(pick(rng, BRN), "120-88-00767" if sr else "314-82-10024", scale=0.8)
    return {"document_type": "rail_ticket", "fields": fields(paid, when, dep, arr, str(number))}


def bus(p: Slip, rng: random.Random, terminals: list[str]) -> dict:
    """An express or intercity bus ticket between two terminals of `terminals`."""
    dep, arr = rng.sample(terminals, 2)
    when = day(rng)
    vehicle = str(rng.randint(1, 9999)) if rng.random() < 0.8 else None
    p.title(pick(rng, ("고속버스 승차권", "시외버스 승차권", "승차권", "버스 승차권 영수증")))
    p.center(pick(rng, ("금호고속", "동양고속", "중앙고속", "천일고속", "한일고속", "동부고속")), 0.9)
    rows = [(pick(rng, ("출발", "출발지", "출발터미널", "승차")), dep + pick(rng, ("", "터미널"))),
            (pick(rng, ("도착", "도착지", "도착터미널", "하차")), arr + pick(rng, ("", "터미널"))),
            (pick(rng, ("출발일시", "출발일자", "승차일시")), f"{date_text(when, rng)} {clock(rng, False)}"),
            ("등급", pick(rng, BUS_GRADES)), ("좌석", f"{rng.randint(1, 28)}번")]
    if vehicle:
        rows.append((pick(rng, ("차량번호", "버스번호", "차번")), vehicle))
    for label, value in rows[:2] + rng.sample(rows[2:], len(rows) - 2):
        p.kv(label, value)
    p.rule()
    fare = rng.randint(40, 450) * 100
    cut = rng.choice((0, 0, int(round(fare * 0.1, -2))))
    p.kv(pick(rng, ("요금", "승차요금", "운임")), won(fare, rng))
    if cut:
        p.kv(pick(rng, DISCOUNT), f"-{cut:,}")
    p.kv(pick(rng, ("결제금액", "받을금액", "영수금액", "합계")), won(fare - cut, rng), bold=True, scale=1.15)
    if rng.random() < 0.5:
        p.qr()
    p.kv("승차권번호", str(rng.randint(10**9, 10**10 - 1)), scale=0.8)
    return {"document_type": "bus_ticket", "fields": fields(fare - cut, when, dep, arr, vehicle)}
