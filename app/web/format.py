"""Korean labels and number/date formats for the templates."""
from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint

from app.models import SEOUL

STATUS = {"draft": "작성 중", "applied": "결재 대기", "approved": "승인", "rejected": "반려",
          "cancelled": "취소", "settlement_review": "정산 검토", "settled": "정산 완료",
          "paid": "지급 완료"}
ACTION = {"apply": "신청", "approve": "승인", "reject": "반려", "return": "보완 요청",
          "cancel": "취소", "settle": "정산", "settle_for_review": "정산(검토 필요)",
          "accept_settlement": "정산 승인", "accept-settlement": "정산 승인",
          "return_settlement": "정산 보완 요청", "return-settlement": "정산 보완 요청",
          "pay": "지급",
          # Issue 15 (the 결재선): an intermediate step approved, a 사후보고 acknowledged.
          "approve_step": "단계 승인", "accept_settlement_step": "정산 단계 승인",
          "acknowledge": "사후보고 확인"}
STEP_STATUS = {"waiting": "앞 단계 대기", "pending": "결재 대기", "approved": "승인",
               "returned": "보완 요청", "rejected": "반려"}
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
          "FIELD": FIELD, "STEP_STATUS": STEP_STATUS}
