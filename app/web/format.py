"""Korean labels and number/date formats for the templates."""
from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint

from app.models import SEOUL
from workflow.approval_line import MARKS, STEP_STATUSES
from workflow.trip_registry import ACTIONS, STATUSES

# Trip statuses and actions come from the registry: by code (statuses, audit rows) and by client
# name (the decision buttons, which post to /web/trips/<id>/<path>).
STATUS = {s.value: info.label for s, info in STATUSES.items()}
ACTION = {a.value: info.label for a, info in ACTIONS.items()}
ACTION_PATH = {info.path: info.label for info in ACTIONS.values() if info.path}
TRANSPORT = {"rail": "철도", "bus": "버스", "air": "항공", "official_vehicle": "공용차량",
             "private_car": "자가용", "mixed": "복합"}
REGION = {"seoul": "서울특별시", "metro": "광역시", "other": "그 밖의 지역"}
TRUST = {"ocr": "OCR 인식", "verified": "전자영수증(검증됨)", "self_reported": "전자영수증(자가 신고)"}
RECEIPT_STATUS = {"queued": "인식 대기", "processing": "인식 중", "done": "인식 완료",
                  "failed": "인식 실패"}
DOCUMENT = {"rail_ticket": "철도 승차권", "bus_ticket": "버스 승차권", "card_slip": "카드 매출전표",
            "card_receipt": "카드 영수증", "taxi_receipt": "택시 영수증", "receipt": "영수증"}
ITEM = {"daily": "일비", "meal": "식비", "lodging": "숙박비", "fare": "운임", "fuel": "자가용 연료비",
        "toll": "통행료", "duty_area": "근무지 내 출장비"}
FIELD = {"total_amount": "결제 금액", "date": "날짜", "departure": "출발지", "arrival": "도착지",
         "departure_time": "출발 시각", "arrival_time": "도착 시각", "vehicle_no": "열차·차량 번호",
         "carrier": "운송사", "service": "종류", "seat_class": "좌석 등급", "seat": "좌석",
         "fare": "운임", "discount": "할인", "ticket_no": "승차권 번호", "approval_no": "승인 번호",
         "business_reg_no": "사업자등록번호", "merchant": "가맹점", "card_no_masked": "카드 번호",
         "supply_amount": "공급가액", "vat": "부가세", "distance_km": "거리(km)"}
MONEY_FIELDS = {"total_amount", "fare", "discount", "supply_amount", "vat"}


def krw(value) -> str:
    """1234567 -> '1,234,567원'."""
    if value is None or value == "":
        return "-"
    try:
        return f"{int(value):,}원"
    except (TypeError, ValueError):
        return str(value)


def when(value) -> str:
    """An aware datetime in Seoul time, to the minute."""
    if not value:
        return "-"
    if isinstance(value, datetime):
        return value.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def day(value) -> str:
    """The date part in Seoul time."""
    if not value:
        return "-"
    return value.astimezone(SEOUL).strftime("%Y-%m-%d") if isinstance(value, datetime) else str(value)


def field_value(value, name: str = "") -> str:
    """A receipt field as shown beside the image."""
    if value is None or value == "":
        return "-"
    return krw(value) if name in MONEY_FIELDS else str(value)


def percent(value) -> str:
    """0.734 -> '73%'."""
    return "-" if value is None else f"{round(float(value) * 100)}%"


def register_filters(bp: Blueprint) -> None:
    """Attach the filters under web_-prefixed names (web_krw, web_when, ...)."""
    filters = {"krw": krw, "when": when, "day": day, "field_value": field_value, "percent": percent}
    for name, fn in filters.items():
        bp.add_app_template_filter(fn, f"web_{name}")


LABELS = {"STATUS": STATUS, "ACTION": ACTION, "TRANSPORT": TRANSPORT, "REGION": REGION,
          "TRUST": TRUST, "RECEIPT_STATUS": RECEIPT_STATUS, "DOCUMENT": DOCUMENT, "ITEM": ITEM,
          "FIELD": FIELD}
LABELS["STEP_STATUS"], LABELS["MARK"] = STEP_STATUSES, MARKS  # the 결재선 (issue 15)
LABELS["ACTION_PATH"] = ACTION_PATH  # apart, so the receipt tables above change without touching it
