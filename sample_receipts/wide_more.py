"""More documents of the widened set: an English hotel folio, and two non-receipts (menu, notice)."""

from __future__ import annotations

import datetime as dt
import random

from wide_docs import day, extra, fields
from wide_layout import Slip
from wide_words import ITEMS, PHONE, merchant_name, phone, pick


def menu(p: Slip, rng: random.Random) -> dict:
    """A restaurant menu: prices, no total; a reader must report no amount."""
    name = merchant_name(rng)
    p.title(name)
    p.center(pick(rng, ("MENU", "메뉴", "차림표", "오늘의 메뉴")), 1.2, bold=True)
    p.rule()
    for item in rng.sample(ITEMS, rng.randint(5, 10)):
        p.kv(item, f"{rng.randint(3, 25) * 1000:,}", style=rng.choice(("right", "dots")))
    p.rule()
    p.text(f"{pick(rng, PHONE)} {phone(rng)}", 0.85)
    more = extra("menu", name)
    for note in more.sample(MENU_NOTES, more.randint(0, 2)):
        p.text(note, 0.8)  # card and VAT words in running text: still no receipt
    return {"document_type": "unknown", "fields": fields()}


MENU_NOTES = ("카드결제 가능합니다", "신용카드 결제 가능", "부가세 포함", "모든 가격은 부가세 별도",
              "포장 주문 가능", "영수증은 카운터에 요청하세요")


def notice(p: Slip, rng: random.Random) -> dict:
    """A notice with dates and amounts in running text; not a receipt."""
    when = day(rng)
    p.title(pick(rng, ("공지사항", "안내문", "요금 조정 안내", "휴무 안내")))
    p.rule()
    body = [f"{when.year}년 {when.month}월 {when.day}일부터 이용 요금이 일부 조정됩니다.",
            f"기본 이용료 {rng.randint(2, 30) * 500:,}원, 추가 1시간 {rng.randint(1, 10) * 500:,}원.",
            "자세한 내용은 안내 데스크에 문의하여 주시기 바랍니다.",
            f"문의 {phone(rng)} (평일 09:00~18:00)", f"{pick(rng, SHOP_NAMES_FOOT)} 드림"]
    more = extra("notice", when)
    if more.random() < 0.5:
        # Transport and card words in running text: a notice is no ticket and no slip.
        body.insert(1, pick(more, ("시외버스 정류장 위치가 변경되었습니다.", "고속버스 터미널 셔틀 운행 안내",
                                   "신용카드 결제는 1층 안내 데스크에서 가능합니다.")))
    for line in body:
        p.para(line)
    return {"document_type": "unknown", "fields": fields()}


SHOP_NAMES_FOOT = ("관리사무소", "운영사무국", "고객센터", "시설관리팀")


HOTEL_WORDS = ("Hotel", "Residence", "Stay", "Inn", "Suites")


def hotel(p: Slip, rng: random.Random) -> dict:
    """A hotel folio in English: SUBTOTAL, service and tax, a deposit; TOTAL (or BALANCE) is paid."""
    name = pick(rng, ("Hanbit", "Nuri", "Solbit", "Daon", "Garam", "Haneul"))
    merchant = f"{name} {pick(rng, HOTEL_WORDS)}"
    out = day(rng)
    nights = rng.randint(1, 3)
    arrive = out - dt.timedelta(days=nights)
    if rng.random() < 0.5:
        merchant = merchant.upper()  # the truth is the name as the folio prints it
    p.title(merchant)
    p.center(pick(rng, ("GUEST FOLIO", "INFORMATION INVOICE", "RECEIPT")), 1.0, bold=True)
    p.kv("Room No.", str(rng.randint(201, 1820)))
    p.kv("Arrival", f"{arrive:%Y-%m-%d}")
    p.kv("Departure", f"{out:%Y-%m-%d}")
    p.kv("Guest", pick(rng, ("KIM MINJUN", "LEE SEOYEON", "PARK JIHOON", "CHOI HAEUN")))
    p.rule()
    rate = rng.randint(60, 250) * 1000
    subtotal = rate * nights
    for n in range(nights):
        p.cols([f"{arrive + dt.timedelta(days=n):%m/%d}", "Room Charge", f"{rate:,}"], [0, 0.25, 1.0])
    service = int(round(subtotal * 0.1, -2)) if rng.random() < 0.5 else 0
    tax = int(round((subtotal + service) * 0.1, -2))
    total = subtotal + service + tax
    p.rule()
    p.kv("SUBTOTAL", f"{subtotal:,}", style="right")
    if service:
        p.kv("SERVICE CHARGE", f"{service:,}", style="right")
    p.kv(pick(rng, ("TAX", "VAT")), f"{tax:,}", style="right")
    p.kv("TOTAL", f"KRW {total:,}", style="right", bold=True)
    p.kv(pick(rng, ("VISA", "MASTER", "CREDIT CARD")), f"-{total:,}", style="right")
    p.kv("BALANCE", "0", style="right")
    return {"document_type": "card_slip", "fields": fields(total, out, merchant=merchant)}
