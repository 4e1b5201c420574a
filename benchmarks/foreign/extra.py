"""More layouts of the foreign generator, drawn after real Korean documents the first set lacks.

SR and KORAIL web receipts, an English-Korean station receipt, express-bus app tickets (T-money, 버스타고,
코버스 style) and a bus booking e-mail, a ride-hailing taxi e-receipt, a 현금영수증, a handwritten
간이영수증 form, toll and parking slips, an English hotel invoice, a POS slip with spaced labels and a
card-app spending detail. `python -m benchmarks.foreign OUT --layouts new` draws only these; the first
set's seeds are untouched (`--layouts base`, the default).
"""

from __future__ import annotations

import datetime as dt
import random

from . import vocab as V
from .docs import (_bus_trip, _discount, _items, _shop, _trip, a_day, a_time, address, approval, brn,
                   card_no, date_text, person, phone, truth)
from .markup import Doc, esc, page_look, screen_look, thermal_look

MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def more_date(d: dt.date, rng: random.Random, style: str | None = None) -> str:
    """Date forms of real slips the first set does not print (weekday in brackets, English, US order)."""
    wd = V.WEEKDAYS[d.weekday()]
    style = style or rng.choice(["korean_sp", "short_slash", "dot_paren", "en", "en_dmy", "us_dash",
                                 "korean_nozero", "dot_sp"])
    return {
        "korean_sp": f"{d.year}년 {d.month}월 {d.day}일 ({wd})",
        "short_slash": f"{d.year % 100:02d}/{d.month:02d}/{d.day:02d}",
        "dot_paren": f"{d.year}.{d.month:02d}.{d.day:02d}({wd})",
        "en": f"{MONTHS[d.month - 1].title()} {d.day:02d}, {d.year}",
        "en_dmy": f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}",
        "us_dash": f"{d.month:02d}-{d.day:02d}-{d.year}",
        "korean_nozero": f"{d.year}년{d.month}월{d.day}일",
        "dot_sp": f"{d.year}. {d.month:02d}. {d.day:02d}",
    }[style]


def any_date(d: dt.date, rng: random.Random) -> str:
    return more_date(d, rng) if rng.random() < 0.6 else date_text(d, rng)


def money(n: int, rng: random.Random) -> str:
    """An amount as real slips print it: 원, ₩, KRW before or after, or bare."""
    return rng.choice([f"{n:,}원", f"{n:,} 원", f"₩{n:,}", f"₩ {n:,}", f"KRW {n:,}", f"{n:,} KRW", f"{n:,}",
                       f"\\{n:,}"])


def spaced(label: str, rng: random.Random) -> str:
    """A label set with wide letter spacing (합 계 금 액), as tills and forms print it."""
    return " ".join(label) if rng.random() < 0.5 and " " not in label else label


# ----------------------------------------------------------------------------- rail
def rail_web_receipt(rng: random.Random) -> dict:
    """A web or app 'ticket receipt' page (SR / 코레일): two-column table of the trip, then the money."""
    look = page_look(rng) if rng.random() < 0.5 else screen_look(rng)
    look.row = rng.choice(["table", "flex", "colon"])
    d = Doc(rng, look)
    service, number, dep, arr, fare, seat = _trip(rng)
    day, kind, cut = a_day(rng), *_discount(rng, fare)
    paid = fare - cut
    sr = service == "SRT"
    d.title(rng.choice(["SRT 승차권 영수증" if sr else "코레일 승차권 영수증", "영수증(승차권 구입)",
                        "승차권 결제 영수증", "Ticket Receipt 승차권 영수증"]), 1.3, None, "left")
    d.text(rng.choice(["(주)에스알" if sr else "한국철도공사", "고객용"]), 0.85, color="#555")
    d.rule("solid")
    t1 = a_time(rng)
    d.row(rng.choice(["승차일자", "탑승일", "운행일자", "출발일"]), more_date(day, rng, rng.choice(
        ["korean_sp", "dot_paren", "dot_sp", "korean_nozero"])))
    d.row(rng.choice(["열차번호", "열차", "열차명/번호"]), f"{service} {number:03d}" if rng.random() < 0.5
          else f"{service}-{number}")
    d.row(rng.choice(["출발", "출발역", "승차역"]), f"{dep} ({t1})" if rng.random() < 0.5 else dep)
    d.row(rng.choice(["도착", "도착역", "하차역"]), arr)
    d.row(rng.choice(["좌석", "호차/좌석", "좌석번호"]), f"{rng.randint(1, 12)}호차 {rng.randint(1, 20)}"
          f"{rng.choice('ABCD')}")
    d.row("승객유형", rng.choice(["어른", "성인", kind or "어른"]))
    d.rule()
    d.row(rng.choice(["승차권 금액", "운임금액", "정상운임", "판매금액"]), money(fare, rng))
    cut_shown = f"{cut:,}원" if rng.random() < 0.5 else f"-{cut:,}"
    d.row(rng.choice(["할인 금액", "할인금액", "할인액"]), cut_shown)
    d.row(rng.choice(["결제 금액", "영수금액", "총 결제금액", "받은금액"]), money(paid, rng), big=True)
    d.row(rng.choice(["결제수단", "결제방법"]), rng.choice(V.CARD_BRANDS + ["간편결제"]), size=0.9)
    bought = day - dt.timedelta(days=rng.randint(0, 20))
    d.row(rng.choice(["결제일시", "구입일시", "발행일시"]),
          f"{date_text(bought, rng, 'dash')} {a_time(rng, True)}", size=0.85)
    d.text(rng.choice(["※ 이 영수증은 승차권으로 사용할 수 없습니다.", "본 영수증은 소득공제용이 아닙니다.",
                       "문의 1800-1472" if sr else "문의 1544-7788"]), 0.75, color="#777")
    return {"html": d.page(padding="22px"), "paper": "a4" if look.width > 500 else "screen", "look": look,
            **truth("rail_ticket", paid, day, dep, arr, str(number))}


def rail_bilingual(rng: random.Random) -> dict:
    """A station-printed ticket receipt in Korean and English: 'From 출발', 'Train No. 열차', 'Fare 운임'."""
    look = thermal_look(rng)
    look.row = rng.choice(["flex", "colon", "table"])
    d = Doc(rng, look)
    service, number, dep, arr, fare, seat = _trip(rng)
    day, _, cut = a_day(rng), *_discount(rng, fare)
    paid = fare - cut
    d.title(rng.choice(["RECEIPT 영수증", "승차권 영수증 / TICKET RECEIPT", "KORAIL RECEIPT"]), 1.15)
    en = V.RAIL_ENGLISH
    d.row("Date 승차일", more_date(day, rng, rng.choice(["en_dmy", "en", "dot_sp", "short_slash"])))
    d.row("Train 열차", f"{service} {number}")
    d.row("From 출발", f"{dep} {en.get(dep, '')}".strip())
    d.row("To 도착", f"{arr} {en.get(arr, '')}".strip())
    d.row("Dep. 시각", a_time(rng))
    d.row("Car/Seat 호차/좌석", f"{rng.randint(1, 12)}-{rng.randint(1, 20)}{rng.choice('ABCD')}")
    d.rule()
    d.row("Fare 운임", money(fare, rng))
    if cut:
        d.row("Discount 할인", f"-{cut:,}")
    d.row(rng.choice(["Total 합계", "Amount Paid 결제금액", "TOTAL 영수액"]), money(paid, rng), bold=True)
    d.row("Card 카드", card_no(rng), size=0.85)
    d.row("Approval 승인번호", approval(rng), size=0.85)
    d.text(f"{rng.randint(10000, 99999)}-{rng.randint(1000, 9999)}-{rng.randint(10000, 99999)}", 0.8,
           "center")
    return {"html": d.page(), "paper": "paper", "look": look, **truth("rail_ticket", paid, day, dep, arr,
                                                                      str(number))}


# ----------------------------------------------------------------------------- bus
def bus_app_card(rng: random.Random) -> dict:
    """An express/intercity bus app ticket (T-money, 버스타고, 코버스 style): stations side by side with
    small 출발/도착 captions, one line of date and time, company | grade | seat, the amount."""
    look = screen_look(rng)
    d = Doc(rng, look)
    dep_s, dep, arr_s, arr, grade, fare, who, cut, vehicle = _bus_trip(rng)
    day, paid = a_day(rng), fare - cut
    if rng.random() < 0.7:
        d.status_bar()
    brand = rng.choice(["고속버스티머니", "티머니GO", "버스타고", "코버스", "시외버스 모바일"])
    d.add(f'<div style="font-weight:bold;font-size:1.15em;color:{look.accent};padding:.3em 0">{esc(brand)}'
          '<span style="float:right;font-size:.8em;color:#888">'
          f'{rng.choice(["승차권", "모바일 티켓"])}</span></div>')
    d.add('<div style="display:flex;justify-content:space-between;align-items:flex-end;margin:.4em 0">'
          f'<div><div style="font-size:.75em;color:#888">출발</div><div style="font-size:1.6em;'
          f'font-weight:bold">{esc(dep_s)}</div></div><div style="color:#aaa;font-size:1.2em">'
          f'{rng.choice(["→", "⟶", "›", "⇀"])}</div><div style="text-align:right">'
          '<div style="font-size:.75em;color:#888">도착</div>'
          f'<div style="font-size:1.6em;font-weight:bold">{esc(arr_s)}</div></div></div>')
    d.text(f"{more_date(day, rng, rng.choice(['dot_paren', 'korean_sp', 'dot_sp']))} {a_time(rng)} 출발",
           1.05, bold=True)
    d.text(f"{rng.choice(V.BUS_COMPANIES)} | {grade} | {rng.randint(1, 45)}번 좌석", 0.95, color="#555")
    if rng.random() < 0.6:
        d.row(rng.choice(["차량번호", "버스번호", "차량"]), vehicle)
    else:
        vehicle = None
    d.row(rng.choice(["승차인원", "인원"]), f"{who} 1")
    d.row(rng.choice(["결제금액", "결제 금액", "총 금액", "운임"]), money(paid, rng), big=True)
    d.row(rng.choice(["예매번호", "예약번호"]), f"{rng.randint(10 ** 7, 10 ** 8 - 1)}", size=0.85)
    if rng.random() < 0.7:
        d.qr(rng.choice([110, 130]))
    d.text(rng.choice(["출발 10분 전까지 승차홈에 도착해 주세요.", "승차 시 QR코드를 단말기에 대주세요."]),
           0.75, "center", color="#888")
    return {"html": d.page(), "paper": "screen", "look": look,
            **truth("bus_ticket", paid, day, dep, arr, vehicle)}


def bus_mail(rng: random.Random) -> dict:
    """A bus booking e-mail or web receipt: a ruled table 출발지 | 도착지 | 출발일시 | 매수 | 금액."""
    look = page_look(rng)
    d = Doc(rng, look)
    dep_s, dep, arr_s, arr, grade, fare, who, cut, vehicle = _bus_trip(rng)
    day = a_day(rng)
    n = rng.choice([1, 1, 1, 2])
    paid = (fare - cut) * n
    d.title(rng.choice(["버스 승차권 구매 영수증", "예매 완료 안내", "고속버스 예매내역",
                        "시외버스 결제 영수증"]), 1.3, False, "left")
    d.text(f"{person(rng)} 고객님, 예매가 완료되었습니다.", 0.95)
    head = ["출발지", "도착지", "출발일시", "등급", "매수", "금액"]
    rows = [[dep_s, arr_s, f"{any_date(day, rng)} {a_time(rng)}", grade, str(n), f"{paid:,}"]]
    d.grid(head, rows, "llllrr", ruled=True)
    d.gap(0.4)
    d.row(rng.choice(["총 결제금액", "결제금액", "합계"]), money(paid, rng), big=True, style="flex")
    d.row("결제수단", rng.choice(V.CARD_BRANDS + V.PAY_APPS), style="flex", size=0.9)
    d.row("예매일시", f"{date_text(day - dt.timedelta(days=rng.randint(0, 9)), rng, 'dot')} "
                     f"{a_time(rng, True)}", style="flex", size=0.85)
    d.text("본 메일은 발신 전용입니다. 승차권은 앱에서 확인하세요.", 0.75, color="#888")
    return {"html": d.page(padding="24px"), "paper": "a4", "look": look,
            **truth("bus_ticket", paid, day, dep, arr)}


# ----------------------------------------------------------------------------- taxi
def _plate(rng: random.Random, spaced_out: bool) -> tuple[str, str]:
    area = rng.choice(V.PLATE_AREAS)
    plate = f"{area}{rng.randint(10, 99)}{rng.choice(V.PLATE_SYLLABLES)}{rng.randint(1000, 9999)}"
    shown = f"{area} {plate[len(area):len(area) + 3]} {plate[-4:]}" if spaced_out else plate
    return plate, shown


def taxi_app(rng: random.Random) -> dict:
    """A ride-hailing app's taxi e-receipt (카카오T style): map strip, route, plate, fare, call fee, paid."""
    look = screen_look(rng)
    look.row = rng.choice(["flex", "flex", "table"])
    d = Doc(rng, look)
    day = a_day(rng)
    plate, shown = _plate(rng, rng.random() < 0.4)
    d.add(f'<div style="font-weight:bold;font-size:1.1em;padding:.3em 0">'
          f'{rng.choice(["카카오 T", "kakaoT", "우티 UT", "타다"])}</div>')
    d.title(rng.choice(["택시 이용 영수증", "이용 영수증", "운행 완료", "영수증"]), 1.3, False, "left")
    d.add('<div style="height:90px;background:linear-gradient(135deg,#e4eadf,#d5dde6);border-radius:8px;'
          'margin:.3em 0"></div>')
    t1 = a_time(rng)
    d.row(rng.choice(["이용일시", "운행일시", "승차일시"]), f"{any_date(day, rng)} {t1}")
    d.row("출발", f"{address(rng)}", size=0.85)
    d.row("도착", f"{address(rng)}", size=0.85)
    d.row(rng.choice(["차량번호", "차량 번호"]), shown)
    d.row("차종", rng.choice(["중형택시", "블루", "모범택시", "대형택시"]), size=0.9)
    d.rule("solid")
    fare = int(round(rng.randint(48, 420) * 100 * rng.uniform(0.9, 1.1), -2))
    call = rng.choice([0, 0, 1000, 3000])
    coupon = rng.choice([0, 0, 0, 1000, 2000])
    d.row(rng.choice(["택시요금", "미터요금", "운임"]), money(fare, rng))
    if call:
        d.row(rng.choice(["호출비", "호출료"]), money(call, rng))
    if coupon:
        d.row(rng.choice(["할인", "쿠폰할인"]), f"-{coupon:,}원")
    paid = fare + call - coupon
    d.row(rng.choice(["총 결제금액", "결제금액", "합계"]), money(paid, rng), big=True)
    d.row("결제수단", rng.choice(["카카오페이", "신용카드", "카카오페이 머니"]), size=0.9)
    d.text("운행 문의는 고객센터 1599-9400", 0.75, color="#888")
    return {"html": d.page(), "paper": "screen", "look": look,
            **truth("taxi_receipt", paid, day, vehicle=plate)}


# ----------------------------------------------------------------------------- receipts
def cash_receipt(rng: random.Random) -> dict:
    """A 현금영수증 (cash receipt for the tax office): 용도, 식별번호, 거래금액 split, 승인번호."""
    look = thermal_look(rng) if rng.random() < 0.6 else screen_look(rng)
    d = Doc(rng, look)
    kind, merchant = _shop(rng)
    day = a_day(rng)
    total = rng.randint(8, 1500) * 100
    supply = round(total / 1.1)
    d.title(rng.choice(["현금영수증", "현 금 영 수 증", "현금(소득공제)"]), 1.35)
    d.text(rng.choice(["(소득공제용)", "(지출증빙용)"]), 0.9, "center")
    d.row(rng.choice(["가맹점명", "상호", "판매자"]), merchant)
    d.row("사업자번호", brn(rng), size=0.9)
    d.row(rng.choice(["거래일시", "거래일자", "발행일시"]), f"{any_date(day, rng)} {a_time(rng, True)}")
    d.row(rng.choice(["식별번호", "휴대폰번호", "신분확인"]), f"010-****-{rng.randint(1000, 9999)}", size=0.9)
    d.row("승인번호", approval(rng), size=0.9)
    d.rule()
    d.row(rng.choice(["공급가액", "물품가액"]), f"{supply:,}")
    d.row(rng.choice(["부가세", "VAT"]), f"{total - supply:,}")
    d.row("봉사료", "0")
    d.row(spaced(rng.choice(["거래금액", "합계", "총액"]), rng), money(total, rng), big=True)
    d.text("국세청 현금영수증 상담 126", 0.75, "center")
    return {"html": d.page(), "paper": "thermal" if look.width < 450 else "screen", "look": look,
            **truth("card_slip", total, day, merchant=merchant)}


def simple_receipt(rng: random.Random) -> dict:
    """A 간이영수증 form filled by hand: ruled supplier block, 작성년월일, items, 합계, 위 금액을 영수함."""
    look = page_look(rng)
    look.width = rng.choice([460, 520, 560])
    hand = rng.choice(["UnPilgi", "UnGungseo", "NanumMyeongjo", "UnBatang"])
    d = Doc(rng, look)
    kind, merchant = _shop(rng)
    day = a_day(rng)
    items = _items(rng, kind)[:4]
    total = sum(a for _, _, a in items)
    pen = f'font-family:"{hand}";color:#1d2a6b;font-size:1.15em'
    cell = "border:1px solid #c0392b;padding:.2em .3em"
    d.title(rng.choice(["영 수 증", "간이영수증", "영수증 (공급받는자용)"]), 1.5, False)
    d.text(f"No. {rng.randint(1, 300)}", 0.8, "right")
    d.add(f'<table style="width:100%;border-collapse:collapse;color:#c0392b">'
          f'<tr><td style="{cell}">상 호</td><td style="{cell}"><span style=\'{pen}\'>{esc(merchant)}'
          '</span></td></tr>'
          f'<tr><td style="{cell}">사업자등록번호</td><td style="{cell}"><span style=\'{pen}\'>{brn(rng)}'
          f'</span></td></tr><tr><td style="{cell}">성 명</td><td style="{cell}"><span style=\'{pen}\'>'
          f'{person(rng)}</span></td></tr><tr><td style="{cell}">작성년월일</td><td style="{cell}">'
          f'<span style=\'{pen}\'>{day.year}</span> 년 <span style=\'{pen}\'>{day.month}</span> 월 '
          f'<span style=\'{pen}\'>{day.day}</span> 일</td></tr>'
          f'<tr><td style="{cell}">공급대가총액</td><td style="{cell}"><span style=\'{pen}\'>'
          f'{money(total, rng)}</span></td></tr></table>')
    d.gap(0.3)
    rows = [[f"{day.month}/{day.day}", n, str(q), f"{a // q:,}", f"{a:,}"] for n, q, a in items]
    d.grid(["월일", "품목", "수량", "단가", "금액"], rows, "llrrr", ruled=True)
    d.row(spaced("합계", rng), money(total, rng), bold=True, style="flex")
    d.text("위 금액을 정히 영수(청구)함.", 0.95, "center")
    return {"html": d.page(padding="20px"), "paper": "paper", "look": look,
            **truth("card_slip", total, day, merchant=merchant)}


def toll_parking(rng: random.Random) -> dict:
    """A toll or parking slip: 입구/출구 or 입차/출차, a private car's plate, the fee and what was paid."""
    look = thermal_look(rng)
    d = Doc(rng, look)
    day = a_day(rng)
    toll = rng.random() < 0.5
    if toll:
        d.title(rng.choice(["통행료 영수증", "고속도로 통행료 영수증", "한국도로공사 영수증"]), 1.2)
        d.row(rng.choice(["입구", "진입"]), rng.choice(["서울", "서세종", "남대전", "동서울", "기흥"]) + "TG")
        d.row(rng.choice(["출구", "진출"]), rng.choice(["부산", "오송", "북대구", "광주", "동대전"]) + "TG")
        d.row("차종", "1종")
        fee = rng.randint(9, 260) * 100
        d.row(rng.choice(["통과일시", "출구통과일시", "일시"]), f"{any_date(day, rng)} {a_time(rng, True)}")
        d.row(rng.choice(["통행요금", "통행료"]), money(fee, rng), big=True)
        d.row("결제수단", rng.choice(["하이패스", "신용카드", "현금"]), size=0.9)
        merchant = None
    else:
        merchant = rng.choice(["세종청사 주차장", "서울역 주차장", "오송역 공영주차장", "둔산 공영주차장"])
        d.title(rng.choice(["주차요금 영수증", "주차 영수증", "주차정산 영수증"]), 1.2)
        d.text(merchant, 1.0, "center")
        d.row("차량번호", f"{rng.randint(10, 399)}{rng.choice('가나다라마거너더러머고노도로모')}"
                        f"{rng.randint(1000, 9999)}")
        t1 = a_time(rng)
        d.row("입차일시", f"{date_text(day, rng, 'dash')} {t1}")
        d.row("출차일시", f"{date_text(day, rng, 'dash')} {a_time(rng)}")
        d.row("주차시간", f"{rng.randint(0, 9)}시간 {rng.randint(0, 59)}분")
        fee = rng.randint(5, 200) * 100
        cut = int(round(fee * rng.choice([0, 0, 0.5]), -2))
        d.row("주차요금", money(fee, rng))
        if cut:
            d.row(rng.choice(["할인", "감면"]), f"-{cut:,}")
        fee -= cut
        d.row(rng.choice(["결제금액", "받은금액", "정산금액"]), money(fee, rng), big=True)
    d.text(rng.choice(["안전운전 하십시오.", "이용해 주셔서 감사합니다."]), 0.8, "center")
    return {"html": d.page(), "paper": "thermal", "look": look,
            **truth("card_slip", fee, day, merchant=merchant)}


def hotel_invoice(rng: random.Random) -> dict:
    """An English hotel invoice: Check In / Check Out in US or English dates, room, service, VAT, due."""
    look = page_look(rng)
    d = Doc(rng, look)
    merchant = rng.choice(V.HOTEL_EN)
    out_day = a_day(rng)
    nights = rng.randint(1, 4)
    style = rng.choice(["us_dash", "en", "en_dmy"])
    d.title(merchant, 1.4, False, "left")
    d.text(f"{address(rng)}  T. {phone(rng)}", 0.8)
    d.title(rng.choice(["INVOICE", "GUEST BILL", "FOLIO / 영수증"]), 1.2, None, "right")
    for label, value in [("Name", person(rng)), ("Room No.", str(rng.randint(201, 1930))),
                         ("Check In", more_date(out_day - dt.timedelta(days=nights), rng, style)),
                         ("Check Out", more_date(out_day, rng, style)), ("Nights", str(nights))]:
        d.row(label, value, style="flex")
    rate = rng.randint(8, 30) * 5000
    rows = [[more_date(out_day - dt.timedelta(days=nights - k), rng, style), "Room Rate", f"{rate:,}"]
            for k in range(nights)]
    d.grid(["Date", "Description", "Amount"], rows, "llr", ruled=True)
    room = rate * nights
    service = int(round(room * 0.1, -2)) if rng.random() < 0.4 else 0
    base = room + service
    vat = int(round(base * 0.1, -2))
    total = base + vat
    d.row("Sub Total", f"{room:,}", style="flex")
    if service:
        d.row("Service Charge 10%", f"{service:,}", style="flex")
    d.row("V.A.T 10%", f"{vat:,}", style="flex")
    d.row(rng.choice(["Total Amount", "Grand Total", "TOTAL (KRW)", "Amount Due"]), money(total, rng),
          big=True, style="flex")
    d.row(rng.choice(["Paid by VISA", "Credit Card", "Settlement MASTER"]), f"{total:,}", style="flex")
    d.row("Balance Due", "0", style="flex")
    d.text("Guest Signature ____________", 0.85)
    return {"html": d.page(padding="26px"), "paper": "a4", "look": look,
            **truth("card_slip", total, out_day, merchant=merchant)}


def pos_spaced(rng: random.Random) -> dict:
    """A till slip with wide-spaced labels (합 계 금 액, 받 을 금 액), KRW amounts, then the card part."""
    look = thermal_look(rng)
    look.row = rng.choice(["flex", "flex", "colon", "leader"])
    d = Doc(rng, look)
    kind, merchant = _shop(rng)
    day = a_day(rng)
    d.title(merchant, 1.3)
    d.text(f"{brn(rng)}  {person(rng)}", 0.85, "center")
    d.text(address(rng), 0.8, "center")
    d.text(f"[매출일] {any_date(day, rng)} {a_time(rng)}", 0.9)
    d.rule()
    items = _items(rng, kind)
    d.grid(None, [[n, q, f"{a:,}"] for n, q, a in items], "lrr")
    d.rule()
    gross = sum(a for _, _, a in items)
    cut = int(round(gross * 0.1, -2)) if rng.random() < 0.3 and gross > 5000 else 0
    paid = gross - cut
    d.row(spaced(rng.choice(["합계금액", "총금액", "판매총액", "Total"]), rng), money(gross, rng))
    if cut:
        d.row(spaced(rng.choice(["할인금액", "에누리"]), rng), f"-{cut:,}")
    d.row(spaced(rng.choice(["받을금액", "결제금액", "청구금액"]), rng), money(paid, rng), big=True)
    d.rule()
    d.row(rng.choice(V.CARD_BRANDS), card_no(rng), size=0.85)
    d.row(spaced("승인금액", rng), money(paid, rng))
    d.row("승인번호", approval(rng), size=0.85)
    d.text(rng.choice(["감사합니다", "THANK YOU", "교환 환불은 7일 이내 영수증 지참"]), 0.85, "center")
    return {"html": d.page(), "paper": "thermal", "look": look,
            **truth("card_slip", paid, day, merchant=merchant)}


def card_app_detail(rng: random.Random) -> dict:
    """A card app's 'spending detail' screen: the amount large on top, 가맹점, 이용일시, and a later
    결제예정일 (the day the bill is paid, not the day of the purchase)."""
    look = screen_look(rng)
    look.row = rng.choice(["flex", "flex", "stack"])
    d = Doc(rng, look)
    kind, merchant = _shop(rng)
    day = a_day(rng)
    total = rng.randint(10, 3000) * 100
    if rng.random() < 0.6:
        d.status_bar()
    brand = rng.choice(V.CARD_BRANDS)
    d.add(f'<div style="padding:.4em 0;font-size:.95em;color:#666">{esc(brand)} · '
          f'{rng.choice(["이용내역 상세", "승인내역", "결제 상세"])}</div>')
    d.text(merchant, 1.15, bold=True)
    d.text(f"{total:,}원", 1.9, bold=True)
    d.text(rng.choice(["승인", "일시불 승인", "결제완료"]), 0.85, color=look.accent)
    d.rule("solid")
    bill = (day.replace(day=1) + dt.timedelta(days=rng.randint(40, 55))).replace(day=rng.choice([1, 14, 25]))
    for label, value in [(rng.choice(["이용일시", "승인일시", "거래일시"]),
                          f"{any_date(day, rng)} {a_time(rng)}"),
                         ("카드", f"{brand}({rng.randint(1000, 9999)})"), ("이용구분", "일시불"),
                         ("승인번호", approval(rng)), (rng.choice(["결제예정일", "청구예정일"]),
                                                    date_text(bill, rng, "dot")),
                         ("가맹점 업종", rng.choice(["일반음식점", "편의점", "커피전문점", "약국"]))]:
        d.row(label, value)
    d.text("실제 청구금액은 할인, 포인트 사용 등으로 달라질 수 있습니다.", 0.75, color="#888")
    return {"html": d.page(), "paper": "screen", "look": look,
            **truth("card_slip", total, day, merchant=merchant)}


# kind -> (builder, weight)
KINDS = {
    "rail_web": (rail_web_receipt, 2), "rail_bilingual": (rail_bilingual, 2), "bus_app": (bus_app_card, 2),
    "bus_mail": (bus_mail, 1), "taxi_app": (taxi_app, 2), "cash_receipt": (cash_receipt, 1),
    "simple_receipt": (simple_receipt, 1), "toll_parking": (toll_parking, 1), "hotel_inv": (hotel_invoice, 1),
    "pos_spaced": (pos_spaced, 2), "card_app": (card_app_detail, 1),
}
