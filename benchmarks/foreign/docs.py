"""The documents of the foreign generator: each builder returns its HTML page and its truth."""

from __future__ import annotations

import datetime as dt
import random

from . import vocab as V
from .markup import Doc, page_look, screen_look, thermal_look


# ----------------------------------------------------------------------------- values
def won(n: int, rng: random.Random, unit: bool | None = None) -> str:
    unit = rng.random() < 0.5 if unit is None else unit
    if not unit:
        return f"{n:,}"
    return rng.choice([f"{n:,}원", f"{n:,} 원", f"₩{n:,}", f"{n:,}원"])


def a_day(rng: random.Random) -> dt.date:
    return dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 720))


def a_time(rng: random.Random, seconds: bool = False) -> str:
    h, m, s = rng.randint(5, 22), rng.randint(0, 59), rng.randint(0, 59)
    return f"{h:02d}:{m:02d}:{s:02d}" if seconds else f"{h:02d}:{m:02d}"


def date_text(d: dt.date, rng: random.Random, style: str | None = None) -> str:
    wd = V.WEEKDAYS[d.weekday()]
    style = style or rng.choice(["dot", "dash", "slash", "korean", "korean_wd", "short", "dot_wd", "compact",
                                 "dash_wd", "short_slash"])
    return {
        "dot": f"{d.year}.{d.month:02d}.{d.day:02d}",
        "dash": d.isoformat(),
        "slash": f"{d.year}/{d.month:02d}/{d.day:02d}",
        "korean": f"{d.year}년 {d.month}월 {d.day}일",
        "korean_wd": f"{d.year}년 {d.month:02d}월 {d.day:02d}일({wd})",
        "short": f"{d.year % 100:02d}.{d.month:02d}.{d.day:02d}",
        "dot_wd": f"{d.year}. {d.month}. {d.day}. ({wd})",
        "compact": f"{d.year}{d.month:02d}{d.day:02d}",
        "dash_wd": f"{d.isoformat()}({wd})",
        "short_slash": f"{d.year % 100:02d}/{d.month:02d}/{d.day:02d}",
    }[style]


def brn(rng: random.Random) -> str:
    return f"{rng.randint(101, 899)}-{rng.randint(1, 99):02d}-{rng.randint(10000, 99999)}"


def phone(rng: random.Random) -> str:
    area = rng.choice(["02", "031", "042", "044", "051", "053", "062", "063", "033", "055", "1588", "1544"])
    if len(area) == 4:
        return f"{area}-{rng.randint(1000, 9999)}"
    return f"{area}-{rng.randint(200, 9999)}-{rng.randint(1000, 9999)}"


def card_no(rng: random.Random) -> str:
    a = rng.choice(["4518", "5409", "9410", "3562", "6250", "4364", "5365"])
    return rng.choice([f"{a}-{rng.randint(10, 99)}**-****-{rng.randint(1000, 9999)}",
                       f"{a}********{rng.randint(1000, 9999)}", f"{a}-****-****-{rng.randint(1000, 9999)}"])


def approval(rng: random.Random) -> str:
    return str(rng.randint(10 ** 7, 10 ** 8 - 1)) if rng.random() < 0.8 else f"{rng.randint(0, 99999999):08d}"


def person(rng: random.Random) -> str:
    return rng.choice(V.SURNAMES) + rng.choice(V.GIVEN)


def address(rng: random.Random) -> str:
    city, roads = rng.choice(V.CITIES)
    floor = f", {rng.randint(1, 9)}층" if rng.random() < 0.4 else ""
    return f"{city} {rng.choice(roads)} {rng.randint(1, 300)}{floor}"


def truth(doc_type: str, total=None, day=None, dep=None, arr=None, vehicle=None, merchant=None) -> dict:
    return {"document_type": doc_type,
            "fields": {"total_amount": total, "date": day.isoformat() if day else None, "departure": dep,
                       "arrival": arr, "vehicle_no": vehicle, "merchant": merchant}}


def station_shown(name: str, rng: random.Random) -> str:
    return name + ("역" if rng.random() < 0.3 else "")


# ----------------------------------------------------------------------------- rail
def _trip(rng: random.Random):
    service, (lo, hi), stops = rng.choice(V.RAIL_LINES)
    i, j = sorted(rng.sample(range(len(stops)), 2))
    if rng.random() < 0.5:
        i, j = j, i
    (dep, km1), (arr, km2) = stops[i], stops[j]
    number = rng.randint(lo, hi)
    if (number % 2 == 0) != (i > j):  # up trains are even: keep the direction believable
        number = number + 1 if number < hi else number - 1
    km = abs(km2 - km1)
    rate = {"KTX": 140, "KTX-산천": 140, "KTX-이음": 120, "SRT": 126, "ITX-새마을": 95, "무궁화호": 64,
            "ITX-청춘": 85}[service]
    seat, factor = rng.choice(V.SEAT_CLASSES)
    if service in ("무궁화호", "ITX-청춘"):
        seat, factor = "일반실", 1.0
    fare = max(2600, int(round((km * rate + 1500) * factor, -2)))
    return service, number, dep, arr, fare, seat


def _discount(rng: random.Random, fare: int) -> tuple[str, int]:
    if rng.random() < 0.55:
        return "", 0
    kind = rng.choice(V.RAIL_DISCOUNTS)
    cut = int(round(fare * rng.choice([0.1, 0.15, 0.3, 0.4, 0.5]), -2)) if kind != "마일리지" else \
        rng.randint(5, 60) * 100
    return kind, min(cut, fare - 1000)


def rail_app(rng: random.Random) -> dict:
    """A KORAIL or SR app ticket screen: coloured bar, big stations with times, train, car/seat, price."""
    look = screen_look(rng)
    d = Doc(rng, look)
    service, number, dep, arr, fare, seat = _trip(rng)
    day, kind, cut = a_day(rng), *_discount(rng, fare)
    sr = service == "SRT"
    accent = "#5b2a86" if sr else look.accent
    t1 = a_time(rng)
    h, m = map(int, t1.split(":"))
    mins = h * 60 + m + rng.randint(35, 260)
    t2 = f"{mins // 60 % 24:02d}:{mins % 60:02d}"
    brand = "SRT" if sr else rng.choice(["코레일톡", "KORAIL"])
    people = 1 if rng.random() < 0.75 else rng.randint(2, 3)
    fare, cut = fare * people, cut * people
    if rng.random() < 0.6:
        d.status_bar()
    d.add(f'<div style="background:{accent};color:#fff;padding:.6em .8em;font-weight:bold;font-size:1.1em;'
          f'display:flex;justify-content:space-between"><span>{brand}'
          f'</span><span>{rng.choice(["승차권", "나의 티켓", "승차권 확인", "모바일 승차권"])}</span></div>')
    d.gap(0.5)
    d.text(date_text(day, rng, rng.choice(["korean_wd", "dot_wd", "dot", "korean"])), 1.05, "center", True)
    train = f"{service} {number:03d}" if rng.random() < 0.4 else f"{service} {number}"
    d.text(train + rng.choice(["", "열차", " 열차"]), 1.0, "center", color=accent)
    dep_s, arr_s = station_shown(dep, rng), station_shown(arr, rng)
    arrow = rng.choice(["→", "▶", "➜", "—", ">"])
    d.add('<div style="display:flex;justify-content:space-around;align-items:center;margin:.5em 0">'
          f'<div style="text-align:center"><div style="font-size:1.7em;font-weight:bold">{dep_s}</div>'
          f'<div>{t1}</div></div><div style="font-size:1.4em;color:{accent}">{arrow}</div>'
          f'<div style="text-align:center"><div style="font-size:1.7em;font-weight:bold">{arr_s}</div>'
          f'<div>{t2}</div></div></div>')
    who = rng.choice(["어른", "성인 1명", "어른 1"]) if people == 1 else f"어른 {people}명"
    who = kind or who
    car, row = rng.randint(1, 18), rng.randint(1, 16)
    seat_text = f"{car}호차 {row}{rng.choice('ABCD')}"
    d.add(f'<div style="border:1px solid #ccc;border-radius:10px;padding:.5em .8em;margin:.4em .3em">'
          f'<div style="display:flex;justify-content:space-between"><span>좌석</span><b>{seat_text}</b></div>'
          f'<div style="display:flex;justify-content:space-between"><span>객실</span><span>{seat}</span>'
          '</div>'
          f'<div style="display:flex;justify-content:space-between"><span>승객</span><span>'
          f'{who}'
          '</span></div></div>')
    paid = fare - cut
    if rng.random() < 0.6:
        d.row(rng.choice(["운임요금", "운임", "승차권 금액"]), won(fare, rng))
        if cut:
            d.row(rng.choice(["할인금액", "할인", kind]), f"-{cut:,}")
        d.row(rng.choice(["결제금액", "영수금액", "총 결제금액"]), won(paid, rng, True), big=True)
    else:
        d.row(rng.choice(["결제금액", "금액"]), won(paid, rng, True), big=True)
    d.row("승차권번호", f"{rng.randint(10000, 99999)}-{day.month:02d}{day.day:02d}-"
                    f"{rng.randint(10000, 99999)}-{rng.randint(10, 99)}", size=0.8)
    if rng.random() < 0.6:
        d.qr(rng.choice([90, 110, 130]))
    d.text(rng.choice(["승차 전 반드시 좌석을 확인하세요.",
                       "이 화면은 승차권입니다. 캡처 화면은 사용할 수 없습니다.",
                       "출발 후 반환 시 위약금이 부과됩니다."]), 0.75, "center", color="#777")
    return {"html": d.page(), "paper": "screen", "look": look, **truth("rail_ticket", paid, day, dep, arr,
                                                                       str(number))}


def rail_paper(rng: random.Random) -> dict:
    """A printed ticket (승차권 / 영수증 겸용): a boxed grid with English names, fare rows, ticket number."""
    look = thermal_look(rng)
    look.width = rng.choice([420, 460, 520])
    d = Doc(rng, look)
    service, number, dep, arr, fare, seat = _trip(rng)
    day, kind, cut = a_day(rng), *_discount(rng, fare)
    paid = fare - cut
    d.title(rng.choice(["승차권", "승차권 겸 영수증", "KORAIL 승차권", "열차 승차권"]), 1.3)
    d.text(f"{date_text(day, rng)}  {rng.choice(['', '출발 '])}{a_time(rng)}", 1.0, "center")
    en = rng.random() < 0.6
    cell = 'style="border:1px solid #444;padding:.2em;text-align:center;width:33%"'
    if rng.random() < 0.4:
        d.pairs([(rng.choice(["출발", "출발역", "From"]), dep), ("열차", f"{service} {number}"),
                 (rng.choice(["도착", "도착역", "To"]), arr)], 1.15)
        d.pairs([("호차", f"{rng.randint(1, 12)}"), ("좌석", f"{rng.randint(1, 20)}{rng.choice('ABCD')}"),
                 ("등급", seat)])
    else:
        d.add('<table style="width:100%;border-collapse:collapse;margin:.3em 0"><tr>'
              f'<td {cell}><b style="font-size:1.4em">{dep}</b>'
              f'{"<br><small>" + V.RAIL_ENGLISH.get(dep, "") + "</small>" if en else ""}</td>'
              f'<td {cell}>{service}<br><b>{number}</b></td>'
              f'<td {cell}><b style="font-size:1.4em">{arr}</b>'
              f'{"<br><small>" + V.RAIL_ENGLISH.get(arr, "") + "</small>" if en else ""}</td></tr></table>')
        d.row("호차/좌석", f"{rng.randint(1, 12)}호차 {rng.randint(1, 20)}{rng.choice('ABCD')}번")
        d.row("객실등급", seat)
    d.row(rng.choice(["운임", "운임요금", "정상운임"]), won(fare, rng))
    if cut:
        d.row(rng.choice(["할인", "할인액", kind or "할인"]), f"{cut:,}")
    d.row(rng.choice(["영수액", "받은금액", "결제금액", "영수금액"]), won(paid, rng), bold=True)
    if rng.random() < 0.5:
        d.row("결제수단", rng.choice(["신용카드", "교통카드", "현금", "간편결제"]))
        d.row("승인번호", approval(rng), size=0.85)
    d.rule()
    d.text(f"{rng.randint(10000, 99999)}-{rng.randint(1000, 9999)}-{rng.randint(10000, 99999)}-"
           f"{rng.randint(10, 99)}", 0.85, "center")
    d.text(rng.choice(["한국철도공사 314-82-10024", "(주)에스알 120-88-00767",
                       "코레일 고객센터 1544-7788"]), 0.8, "center")
    return {"html": d.page(), "paper": "paper", "look": look, **truth("rail_ticket", paid, day, dep, arr,
                                                                      str(number))}


def rail_mail(rng: random.Random) -> dict:
    """A 'reservation done' e-mail or web page: a ruled table with 구간, 열차, 일시 and the amounts."""
    look = page_look(rng)
    d = Doc(rng, look)
    service, number, dep, arr, fare, seat = _trip(rng)
    day, kind, cut = a_day(rng), *_discount(rng, fare)
    paid = fare - cut
    d.title(rng.choice(["승차권 예약/발권 내역", "결제 완료 안내", "승차권 구매 영수증", "발권 내역"]),
            1.35, False, "left")
    d.text(f"{person(rng)}님, {rng.choice(['발권이 완료되었습니다.', '결제가 정상 처리되었습니다.'])}", 0.95)
    d.gap(0.4)
    sep = rng.choice([" → ", " - ", " ~ ", "→"])
    head = ["승차일자", "열차", "구간", "좌석", "금액"]
    rows = [[date_text(day, rng, rng.choice(["dot", "dash", "korean"])), f"{service} {number}",
             f"{dep}{sep}{arr}", f"{rng.randint(1, 12)}-{rng.randint(1, 20)}{rng.choice('ABCD')}",
             f"{fare:,}"]]
    d.grid(head, rows, "lllll", ruled=True)
    d.gap(0.4)
    d.row("운임 합계", won(fare, rng), style="flex")
    if cut:
        d.row(f"할인({kind})", f"-{cut:,}", style="flex")
    d.row(rng.choice(["총 결제금액", "결제금액", "최종 결제금액"]), won(paid, rng, True), big=True,
          style="flex")
    bought = day - dt.timedelta(days=rng.randint(0, 9))
    d.row("결제일시", f"{date_text(bought, rng, 'dash')} {a_time(rng, True)}", style="flex", size=0.85)
    d.text("본 메일은 발신전용입니다. 문의: 1544-7788", 0.75, color="#888")
    return {"html": d.page(padding="24px"), "paper": "a4", "look": look,
            **truth("rail_ticket", paid, day, dep, arr, str(number))}


# ----------------------------------------------------------------------------- bus
def _bus_trip(rng: random.Random):
    (dep_s, dep), (arr_s, arr) = rng.sample(V.TERMINALS, 2)
    grade, factor = rng.choice(V.BUS_GRADES)
    fare = int(round(rng.randint(40, 320) * 100 * factor, -2))
    who = rng.choice(V.BUS_PASSENGER)
    cut = {"청소년": 0.2, "중고생": 0.2, "경로": 0.3, "초등생": 0.5}.get(who, 0)
    cut = int(round(fare * cut, -2))
    vehicle = str(rng.randint(1000, 9999)) if rng.random() < 0.8 else str(rng.randint(10, 999))
    return dep_s, dep, arr_s, arr, grade, fare, who, cut, vehicle


def bus_mobile(rng: random.Random) -> dict:
    """An express-bus app ticket: route header, 출발 일시, 등급/회사, 좌석, 차량번호, 결제 금액."""
    look = screen_look(rng)
    d = Doc(rng, look)
    dep_s, dep, arr_s, arr, grade, fare, who, cut, vehicle = _bus_trip(rng)
    day = a_day(rng)
    paid = fare - cut
    head = rng.choice(["고속버스 모바일 승차권", "시외버스 승차권", "버스 모바일티켓"])
    if rng.random() < 0.6:
        d.status_bar()
    d.add(f'<div style="background:{look.accent};color:#fff;padding:.7em;text-align:center">'
          f'<div style="font-size:.85em">{head}</div>'
          f'<div style="font-size:1.6em;font-weight:bold">{dep_s} {rng.choice(["→", "▶", "-"])} {arr_s}'
          '</div></div>')
    d.gap(0.4)
    d.row(rng.choice(["출발일시", "출발 일시", "탑승일시"]), f"{date_text(day, rng)} {a_time(rng)}")
    d.row(rng.choice(["고속사", "운수회사", "회사"]), rng.choice(V.BUS_COMPANIES))
    d.row("등급", grade)
    d.row(rng.choice(["좌석", "좌석번호"]), f"{rng.randint(1, 45)}{rng.choice(['', '번'])}")
    d.row(rng.choice(["차량번호", "버스번호", "차번"]), vehicle)
    if rng.random() < 0.4:
        d.row("승차홈", f"{rng.randint(1, 20)}번")
    d.row("승객", f"{who} 1명")
    if cut:
        d.row("요금", won(fare, rng))
        d.row("할인", f"-{cut:,}")
    paid_labels = ["결제금액", "총 결제 금액", "실 결제금액"]
    if not cut:
        paid_labels[2] = "승차요금"
    d.row(rng.choice(paid_labels), won(paid, rng, True), big=True)
    if rng.random() < 0.7:
        d.qr(rng.choice([100, 120, 140]))
    d.text(f"예매번호 {rng.randint(100000, 999999)}-{rng.randint(1000, 9999)}", 0.8, "center", color="#666")
    made = truth("bus_ticket", paid, day, dep, arr, vehicle)
    return {"html": d.page(), "paper": "screen", "look": look, **made}


def bus_paper(rng: random.Random) -> dict:
    """A terminal-printed thermal ticket: company, 출발지/도착지, 배차 시각, 차량/좌석, 요금, 승차권번호."""
    look = thermal_look(rng)
    d = Doc(rng, look)
    dep_s, dep, arr_s, arr, grade, fare, who, cut, vehicle = _bus_trip(rng)
    day = a_day(rng)
    paid = fare - cut
    d.title(rng.choice(["승 차 권", "고속버스 승차권", "시외버스 승차권", "승차권(승객용)"]), 1.3)
    d.text(rng.choice(V.BUS_COMPANIES), 1.05, "center", True)
    d.rule()
    layout = rng.random()
    if layout < 0.3:
        d.pairs([("출발", dep_s), ("도착", arr_s)], 1.2)
        car = rng.choice(["차량", "차번", "차량번호"])
        d.pairs([("등급", grade), ("좌석", f"{rng.randint(1, 45)}"), (car, vehicle)])
    elif layout < 0.65:
        d.add('<div style="display:flex;justify-content:space-between;font-size:1.35em;font-weight:bold">'
              f'<span>{dep_s}</span><span>{rng.choice(["→", "~", "-"])}</span><span>{arr_s}</span></div>')
    else:
        d.row(rng.choice(["출발지", "출발", "출발터미널"]), dep_s + rng.choice(["", "터미널"]), bold=True)
        d.row(rng.choice(["도착지", "도착", "행선지"]), arr_s + rng.choice(["", "터미널"]), bold=True)
    d.row(rng.choice(["출발일자", "승차일"]), date_text(day, rng))
    d.row(rng.choice(["출발시각", "배차시간", "시각"]), a_time(rng))
    if layout >= 0.3:
        d.row("등급", grade)
        d.row(rng.choice(["차량번호", "배차번호", "차번"]), vehicle)
        d.row("좌석", f"{rng.randint(1, 45)}")
    d.row("구분", who)
    d.row(rng.choice(["요금", "운임", "승차요금"]), won(fare, rng))
    if cut:
        d.row("할인", f"{cut:,}")
        d.row(rng.choice(["결제", "받은금액", "결제금액"]), won(paid, rng), bold=True)
    d.rule()
    d.text(f"No. {rng.randint(10 ** 9, 10 ** 10 - 1)}", 0.85)
    issued = day - dt.timedelta(days=rng.randint(0, 3))
    d.text(f"발권 {date_text(issued, rng, 'dash')} {a_time(rng, True)}", 0.8)
    if rng.random() < 0.5:
        d.barcode()
    made = truth("bus_ticket", paid, day, dep, arr, vehicle)
    return {"html": d.page(), "paper": "thermal", "look": look, **made, "dots": rng.random() < 0.15}


# ----------------------------------------------------------------------------- shops and cards
def _shop(rng: random.Random) -> tuple[str, str]:
    kind = rng.choice(["cafe", "food", "food", "mart", "office", "pharmacy", "fuel"])
    stem = rng.choice(V.SHOP_STEMS[kind])
    name = stem + (" " + rng.choice(V.BRANCHES) if kind in ("mart", "office", "fuel", "cafe")
                   or rng.random() < 0.3 else "")
    return kind, name


def _items(rng: random.Random, kind: str) -> list[tuple[str, int, int]]:
    if kind == "fuel":
        name, price = rng.choice(V.ITEMS["fuel"])
        litres = rng.randint(150, 600) / 10
        return [(f"{name} {litres:.1f}L", 1, int(round(price * litres, -1)))]
    out = []
    for name, price in rng.sample(V.ITEMS[kind], rng.randint(1, min(6, len(V.ITEMS[kind])))):
        qty = rng.choice([1, 1, 1, 2, 2, 3])
        out.append((name, qty, price * qty))
    return out


def shop_receipt(rng: random.Random) -> dict:
    """A POS receipt: header, items, 합계 / 할인 / 받을금액, VAT split, card or cash part, boilerplate."""
    look = thermal_look(rng)
    d = Doc(rng, look)
    kind, merchant = _shop(rng)
    day = a_day(rng)
    if rng.random() < 0.7:
        d.title(merchant, rng.uniform(1.2, 1.6))
    else:
        d.title(rng.choice(["영수증", "[영 수 증]", "고객용"]), 1.3)
        d.row(rng.choice(["상호", "가맹점명", "매장명", "상 호"]), merchant)
    if rng.random() < 0.7:
        d.text(f"{rng.choice(['사업자번호', '사업자', '등록번호'])}: {brn(rng)}", 0.85)
    else:
        d.text(f"TEL: {phone(rng)}", 0.85)
    d.text(f"대표: {person(rng)}  TEL {phone(rng)}", 0.85)
    d.text(address(rng), 0.8)
    d.text(f"{rng.choice(['판매일', '거래일시', '일시', '[판매]'])} {date_text(day, rng)} "
           f"{a_time(rng, True)}", 0.9)
    if rng.random() < 0.4:
        d.text(f"POS:{rng.randint(1, 9):02d}  영수증번호 {rng.randint(1000, 9999)}-"
               f"{rng.randint(1, 999):04d}", 0.8)
    d.rule()
    items = _items(rng, kind)
    if rng.random() < 0.4:  # with a unit-price column
        d.grid(rng.choice([["품명", "단가", "수량", "금액"], ["상품명", "단가", "수량", "금액"], None]),
               [[n, f"{a // q:,}", q, f"{a:,}"] for n, q, a in items], "lrrr")
    else:
        head = rng.choice([["상품명", "수량", "금액"], ["품목", "수량", "금액"], ["메뉴", "수량", "금액"],
                           None])
        d.grid(head, [[n, q, f"{a:,}"] for n, q, a in items], "lrr")
    if kind == "mart" and rng.random() < 0.5:
        d.text(f"{rng.randint(880, 889)}{rng.randint(10 ** 9, 10 ** 10 - 1)}", 0.75)
    d.rule()
    gross = sum(a for _, _, a in items)
    cut = int(round(gross * rng.choice([0.05, 0.1, 0.2]), -2)) if rng.random() < 0.3 and gross > 5000 else 0
    paid = gross - cut
    if rng.random() < 0.35:
        d.row("합계수량/금액", f"{sum(q for _, q, _ in items)} / {gross:,}", style="flex")
    else:
        d.row(rng.choice(["합계", "합 계", "판매금액", "총 금액", "소계"]), won(gross, rng))
    if cut:
        d.row(rng.choice(["할인", "할인금액", "제휴할인", "멤버십할인", "쿠폰"]), f"-{cut:,}")
    if rng.random() < 0.6:
        free = int(round(paid * rng.uniform(0.1, 0.4), -2)) if kind == "mart" and rng.random() < 0.4 else 0
        supply = round((paid - free) / 1.1)
        if free:
            d.row(rng.choice(["면세물품가액", "면세 매출"]), f"{free:,}", size=0.9)
        d.row(rng.choice(["과세물품가액", "공급가액", "과세 매출"]), f"{supply:,}", size=0.9)
        d.row(rng.choice(["부가세", "부 가 세", "부가가치세"]), f"{paid - free - supply:,}", size=0.9)
    cash = rng.random() < 0.15
    d.row(rng.choice(["받을금액", "결제금액", "결제할 금액", "청구금액", "총결제액"]), won(paid, rng),
          big=True)
    if cash:
        given = ((paid // 10000) + 1) * 10000 if paid % 10000 else paid
        given += rng.choice([0, 0, 10000, 40000])
        d.row("받은금액(현금)", f"{given:,}")
        d.row("거스름돈", f"{given - paid:,}")
        d.text("현금영수증 승인 " + approval(rng), 0.8)
    else:
        points = rng.choice([0, 0, 0, rng.randint(1, 30) * 100]) if paid > 5000 else 0
        if points:
            d.row(rng.choice(["포인트사용", "포인트 결제", "상품권"]), f"{points:,}")
        d.rule()
        d.row(rng.choice(["신용카드", "카드결제", "IC카드", rng.choice(V.CARD_BRANDS)]),
              won(paid - points, rng))
        d.row("카드번호", card_no(rng), size=0.85)
        d.row("할부", rng.choice(["일시불", "00", "일시불(00)"]), size=0.85)
        d.row(rng.choice(["승인번호", "승인No"]), approval(rng), size=0.85)
        if points:
            d.text(f"잔여포인트 {rng.randint(100, 90000):,}P", 0.8)
    d.rule()
    d.text(rng.choice(["교환/환불은 영수증 지참 시 7일 이내 가능합니다.", "감사합니다. 또 오세요!",
                       "*** 고객용 ***", "가맹점주소가 실제와 다를 경우 카드사에 신고하시기 바랍니다."]),
           0.8, "center")
    if rng.random() < 0.4:
        d.barcode()
    made = truth("card_slip", paid, day, merchant=merchant)
    return {"html": d.page(), "paper": "thermal", "look": look, **made}


def card_terminal(rng: random.Random) -> dict:
    """A stand-alone card terminal slip: 신용승인, shop block, amount / VAT / 합계, maybe a partial cancel."""
    look = thermal_look(rng)
    look.row = rng.choice(["flex", "colon", "flex", "bracket"])
    d = Doc(rng, look)
    kind, merchant = _shop(rng)
    day = a_day(rng)
    d.title(rng.choice(["신용승인", "신용카드매출전표", "카드 영수증", "IC 신용 승인", "매출전표(고객용)"]),
            1.3)
    total = rng.randint(8, 2500) * 100
    supply = round(total / 1.1)
    rows = [("카드종류", rng.choice(V.CARD_BRANDS)), ("카드번호", card_no(rng)),
            (rng.choice(["거래일시", "승인일시", "거래일자"]), f"{date_text(day, rng)} {a_time(rng, True)}"),
            ("할부", "일시불"), (rng.choice(["승인번호", "승인NO"]), approval(rng))]
    shop = [(rng.choice(["가맹점명", "가맹점", "상호"]), merchant),
            (rng.choice(["사업자번호", "사업자등록번호"]), brn(rng)),
            ("대표자", person(rng)), ("전화번호", phone(rng)), ("주소", address(rng))]
    money = [(rng.choice(["금액", "공급가액", "판매금액"]), f"{supply:,}"), (rng.choice(["부가세", "VAT"]),
                                                                       f"{total - supply:,}")]
    first, second = (rows, shop) if rng.random() < 0.5 else (shop, rows)
    for label, value in first:
        d.row(label, value, size=0.95)
    d.rule()
    for label, value in second:
        d.row(label, value, size=0.95)
    d.rule()
    for label, value in money:
        d.row(label, value)
    d.row(rng.choice(["합계", "합 계", "총액", "승인금액", "결제금액"]), won(total, rng), big=True)
    paid = total
    if rng.random() < 0.15:
        back = int(round(total * rng.uniform(0.2, 0.6), -2))
        paid = total - back
        d.row(rng.choice(["부분취소", "취소금액"]), f"-{back:,}")
        d.row(rng.choice(["취소후 금액", "최종승인금액"]), won(paid, rng), bold=True)
    d.rule()
    van = rng.choice(["KICC", "NICE", "KSNET", "KIS", "SMARTRO"])
    d.text(f"단말기 {rng.randint(1000000, 9999999)}  {van}", 0.8)
    d.text(rng.choice(["서명 ____________", "(서명생략) 무서명거래", "고객서명"]), 0.85)
    made = truth("card_slip", paid, day, merchant=merchant)
    return {"html": d.page(), "paper": "thermal", "look": look, **made, "dots": rng.random() < 0.3}


def card_web(rng: random.Random) -> dict:
    """A card company's e-receipt page (screenshot or PDF print): brand bar, 이용 내역 table, 가맹점 정보."""
    look = screen_look(rng)
    look.row = rng.choice(["table", "flex"])
    d = Doc(rng, look)
    kind, merchant = _shop(rng)
    day = a_day(rng)
    total = rng.randint(10, 4000) * 100
    supply = round(total / 1.1)
    brand = rng.choice(V.CARD_BRANDS + V.PAY_APPS)
    d.add(f'<div style="background:{look.accent};color:#fff;padding:.6em .8em;font-weight:bold">{brand}'
          f' {rng.choice(["매출전표", "전자영수증", "카드 이용 영수증", "결제 상세"])}</div>')
    d.gap(0.5)
    d.row("결제금액" if rng.random() < 0.5 else "승인금액", won(total, rng, True), big=True, style="flex")
    d.rule("solid")
    for label, value in [("카드번호", card_no(rng)), ("거래유형", "신용승인"), ("할부", "일시불"),
                         ("승인일시", f"{date_text(day, rng, rng.choice(['dash', 'dot', 'slash']))} "
                                  f"{a_time(rng, True)}"), ("승인번호", approval(rng)),
                         ("공급가액", f"{supply:,}"), ("부가세", f"{total - supply:,}"),
                         ("합계", f"{total:,}")]:
        d.row(label, value)
    d.rule("solid")
    d.text("가맹점 정보", 1.0, bold=True)
    for label, value in [("가맹점명", merchant), ("대표자명", person(rng)), ("사업자등록번호", brn(rng)),
                         ("가맹점 주소", address(rng)), ("전화", phone(rng))]:
        d.row(label, value, size=0.92)
    d.text("본 전표는 부가가치세법 시행령에 따른 매출전표로 사용할 수 있습니다.", 0.75, color="#777")
    made = truth("card_slip", total, day, merchant=merchant)
    return {"html": d.page(), "paper": "screen", "look": look, **made}


def delivery(rng: random.Random) -> dict:
    """A delivery-app order detail screenshot: shop, menu lines, 배달팁, 쿠폰, 결제금액, 결제수단."""
    look = screen_look(rng)
    look.row = "flex"
    d = Doc(rng, look)
    app, merchant = rng.choice(V.DELIVERY_APPS), rng.choice(V.DELIVERY_SHOPS)
    day = a_day(rng)
    if rng.random() < 0.6:
        d.status_bar()
    d.add(f'<div style="padding:.5em 0;font-size:.9em;color:#888">{app} · '
          f'{rng.choice(["주문상세", "주문내역"])}'
          f'</div>')
    d.title(merchant, 1.4, False, "left")
    shown = date_text(day, rng, rng.choice(["dot_wd", "dot", "korean"]))
    d.text(f"{rng.choice(['주문일시', '주문 일시', ''])} {shown}"
           f" {a_time(rng)}", 0.9, color="#555")
    d.text(f"주문번호 {rng.choice('ABTX')}{rng.randint(10 ** 9, 10 ** 10 - 1)}", 0.8, color="#888")
    d.rule("solid")
    food = 0
    for name, price in rng.sample(V.DELIVERY_ITEMS, rng.randint(1, 4)):
        qty = rng.choice([1, 1, 2])
        d.row(f"{name} x {qty}", won(price * qty, rng, True))
        food += price * qty
    d.rule("solid")
    tip = rng.choice([0, 1000, 2500, 3000, 4000])
    coupon = rng.choice([0, 0, 2000, 3000, 5000])
    d.row("주문금액", won(food, rng, True))
    d.row("배달팁", won(tip, rng, True))
    if coupon:
        d.row(rng.choice(["할인쿠폰", "쿠폰 할인", "즉시할인"]), f"-{coupon:,}원")
    paid = food + tip - coupon
    d.row(rng.choice(["결제금액", "총 결제금액", "합계"]), won(paid, rng, True), big=True)
    d.row("결제방법", rng.choice(V.PAY_APPS + ["신용카드", "만나서 카드결제"]), size=0.9)
    d.text(rng.choice(["리뷰를 남겨주세요 ★★★★★", "배달 완료", "주문이 완료되었습니다."]), 0.9, "center",
           color="#999")
    made = truth("card_slip", paid, day, merchant=merchant)
    return {"html": d.page(), "paper": "screen", "look": look, **made}


def hotel_folio(rng: random.Random) -> dict:
    """A hotel folio on A4: guest block, nights, room + tax, TOTAL, payment, balance (Korean or English)."""
    look = page_look(rng)
    d = Doc(rng, look)
    english = rng.random() < 0.5
    merchant = rng.choice(V.HOTEL_EN if english else V.HOTELS)
    out_day = a_day(rng)
    nights = rng.randint(1, 3)
    rate = rng.randint(6, 22) * 5000
    d.title(merchant, 1.5, False, "left")
    d.text(address(rng) + f"  TEL {phone(rng)}", 0.8)
    d.text(f"{'Reg. No.' if english else '사업자등록번호'} {brn(rng)}", 0.8)
    d.gap(0.5)
    d.title("GUEST FOLIO" if english else rng.choice(["숙박 영수증", "객실 정산서"]), 1.2, None, "left")
    arrive = out_day - dt.timedelta(days=nights)
    fmt = rng.choice(["dash", "dot", "slash"])
    info = ([("Guest", person(rng)), ("Room", f"{rng.randint(2, 19)}{rng.randint(1, 30):02d}"),
             ("Arrival", date_text(arrive, rng, fmt)),
             ("Departure", date_text(out_day, rng, fmt))] if english else
            [("투숙객", person(rng)), ("객실", f"{rng.randint(2, 19)}{rng.randint(1, 30):02d}호"),
             ("입실일", date_text(arrive, rng, fmt)), ("퇴실일", date_text(out_day, rng, fmt))])
    for label, value in info:
        d.row(label, value, style="flex")
    rows, room = [], 0
    for k in range(nights):
        rows.append([date_text(arrive + dt.timedelta(days=k), rng, fmt),
                     "Room Charge" if english else "객실료", f"{rate:,}"])
        room += rate
    extra = rng.choice([0, 0, 12000, 25000, 30000])
    if extra:
        rows.append([date_text(out_day, rng, fmt), "Breakfast" if english else "조식", f"{extra:,}"])
    d.gap(0.4)
    head = ["Date", "Description", "Amount"] if english else ["일자", "내역", "금액"]
    d.grid(head, rows, "llr", ruled=True)
    sub = room + extra
    total = sub  # Korean room rates include VAT: the tax line splits the total, it does not add to it
    vat = round(total / 11)
    d.gap(0.3)
    d.row("SUBTOTAL" if english else "소계", f"{sub - vat:,}", style="flex")
    d.row("TAX (VAT 10%)" if english else "부가세", f"{vat:,}", style="flex")
    shown = (f"KRW {total:,}" if rng.random() < 0.5 else f"{total:,}") if english else won(total, rng, True)
    d.row("TOTAL" if english else "합계", shown, big=True, style="flex")
    cash = int(round(total * rng.uniform(0.1, 0.3), -4)) if rng.random() < 0.25 else 0
    if cash:
        d.row("Cash" if english else "현금", f"-{cash:,}", style="flex")
    d.row(("Payment " if english else "결제 ") + rng.choice(["VISA", "MASTER", "신한카드", "KB국민"]),
          f"-{total - cash:,}", style="flex")
    d.row("BALANCE" if english else "잔액", "0", style="flex")
    d.text("Thank you for staying with us." if english else "이용해 주셔서 감사합니다.", 0.85, "center")
    return {"html": d.page(padding="28px"), "paper": "a4", "look": look,
            **truth("card_slip", total, out_day, merchant=merchant)}


# ----------------------------------------------------------------------------- taxi
def taxi(rng: random.Random) -> dict:
    """A taxi meter or card receipt: company, plate, 승차/하차 times, km, 요금 / 할증 / 합계 / 카드결제."""
    look = thermal_look(rng)
    d = Doc(rng, look)
    day = a_day(rng)
    area = rng.choice(V.PLATE_AREAS)
    plate = f"{area}{rng.randint(10, 99)}{rng.choice(V.PLATE_SYLLABLES)}{rng.randint(1000, 9999)}"
    shown = plate if rng.random() < 0.6 else f"{area} {plate[len(area):len(area) + 3]} {plate[-4:]}"
    d.title(rng.choice(["영 수 증", "택시 영수증", "승차 영수증", "TAXI RECEIPT", "카드매출전표(택시)"]), 1.3)
    d.text(rng.choice(V.TAXI_COMPANIES), 1.0, "center")
    d.row(rng.choice(["차량번호", "차 번호", "차번"]), shown)
    d.row(rng.choice(["사업자번호", "사업자"]), brn(rng), size=0.9)
    d.row(rng.choice(["전화", "TEL"]), phone(rng), size=0.9)
    t1 = a_time(rng)
    h, m = map(int, t1.split(":"))
    mins = h * 60 + m + rng.randint(6, 70)
    d.row(rng.choice(["승차일시", "승차", "탑승"]), f"{date_text(day, rng)} {t1}")
    d.row(rng.choice(["하차일시", "하차"]), f"{mins // 60 % 24:02d}:{mins % 60:02d}")
    km = rng.randint(15, 400) / 10
    d.row(rng.choice(["주행거리", "운행거리", "거리"]), f"{km:.1f}km")
    base = int(round(4800 + km * 800 * rng.uniform(0.9, 1.2), -2))
    extra = int(round(base * 0.2, -2)) if rng.random() < 0.25 else 0
    toll = rng.choice([0, 0, 0, 1100, 2300])
    total = base + extra + toll
    d.row(rng.choice(["요금", "기본+거리요금", "운임"]), won(base, rng))
    if extra:
        d.row(rng.choice(["할증", "심야할증", "시계외할증"]), f"{extra:,}")
    if toll:
        d.row(rng.choice(["통행료", "기타요금"]), f"{toll:,}")
    d.row(rng.choice(["합계", "총요금", "받을금액", "결제요금"]), won(total, rng), big=True)
    if rng.random() < 0.7:
        d.rule()
        d.row(rng.choice(["카드결제", "신용카드", "결제금액"]), won(total, rng))
        d.row("카드번호", card_no(rng), size=0.85)
        d.row("승인번호", approval(rng), size=0.85)
    d.text(rng.choice(["이용해 주셔서 감사합니다.", "분실물 문의 " + phone(rng),
                       "안전벨트를 착용해 주세요."]), 0.8, "center")
    return {"html": d.page(), "paper": "thermal", "look": look,
            **truth("taxi_receipt", total, day, vehicle=plate), "dots": rng.random() < 0.2}


# ----------------------------------------------------------------------------- not receipts
def menu(rng: random.Random) -> dict:
    """A restaurant menu board: prices but no total, no date of sale."""
    look = page_look(rng) if rng.random() < 0.5 else screen_look(rng)
    look.row = rng.choice(["leader", "flex", "table"])
    d = Doc(rng, look)
    d.title(rng.choice(V.MENU_TITLES), 1.7, None)
    name = rng.choice(V.SHOP_STEMS["food"] + V.SHOP_STEMS["cafe"])
    d.text(name, 1.1, "center")
    d.rule()
    pool = V.ITEMS["food"] + V.ITEMS["cafe"]
    for item, price in rng.sample(pool, rng.randint(6, 12)):
        d.row(item, won(price, rng) if rng.random() < 0.7 else f"{price / 1000:.1f}")
    d.rule()
    d.text(rng.choice(["원산지: 쌀(국내산), 돼지고기(국내산), 김치(국내산)", "모든 가격은 부가세 포함입니다.",
                       "영업시간 11:00 ~ 21:00 (브레이크타임 15:00~17:00)"]), 0.8, "center")
    return {"html": d.page(padding="20px"), "paper": rng.choice(["a4", "screen"]), "look": look,
            **truth("unknown")}


def notice(rng: random.Random) -> dict:
    """A notice or paragraph: dates and numbers in running text, no amount."""
    look = page_look(rng)
    d = Doc(rng, look)
    d.title(rng.choice(V.NOTICE_TITLES), 1.5, None)
    d.gap(0.4)
    for line in rng.sample(V.NOTICE_LINES, rng.randint(3, 6)):
        d.text("· " + line, 1.0)
    d.gap(0.6)
    d.text(f"{date_text(a_day(rng), rng, 'korean')}", 1.0, "right")
    d.text(rng.choice(["운영지원과장", "총무팀", "시설관리팀", "역장"]), 1.0, "right", True)
    made = truth("unknown")
    return {"html": d.page(padding="30px"), "paper": "a4", "look": look, **made}


# kind -> (builder, weight)
KINDS = {
    "rail_app": (rail_app, 3), "rail_paper": (rail_paper, 2), "rail_mail": (rail_mail, 1),
    "bus_mobile": (bus_mobile, 2), "bus_paper": (bus_paper, 2),
    "shop": (shop_receipt, 3), "terminal": (card_terminal, 2), "card_web": (card_web, 1),
    "delivery": (delivery, 1), "hotel": (hotel_folio, 1),
    "taxi": (taxi, 2), "menu": (menu, 1), "notice": (notice, 1),
}
