"""More layouts, written after the parser: a check on layouts it was not tuned for."""

from __future__ import annotations

from PIL import Image

from templates import Page, WEEKDAYS, won


def _weekday(iso: str) -> str:
    import datetime as dt
    return WEEKDAYS[dt.date.fromisoformat(iso).weekday()]


def rail_route_line(t: dict, face: str) -> Image.Image:
    """App card: route and times on one line, 열차번호 with the service, negative discount."""
    p = Page(720, 1100, bg=(250, 248, 255), face=face)
    p.d.rectangle((0, 0, 720, 96), fill=(90, 40, 120) if t["carrier"] == "SR" else (20, 90, 170))
    p.text(40, "승차권 상세", 30, bold=True, fill=(255, 255, 255), y=30)
    p.y = 130
    d = t["date"]
    p.line(f"승차일 {d[:4]}.{d[5:7]}.{d[8:]}({_weekday(d)})", 26)
    p.line(f"{t['departure']} {t['departure_time']} → {t['arrival']} {t['arrival_time']}", 32, bold=True,
           gap=1.8)
    p.row("열차번호", f"{t['service']} {t['vehicle_no']}", 26)
    p.row("좌석", f"{t['car']}호차 {t['seat']} / {t['seat_class']}", 26)
    p.rule()
    p.row("기준운임", won(t["fare"]), 26)
    p.row("할인금액", f"-{won(t['discount'])}" if t["discount"] else "0", 26)
    p.row("결제금액", won(t["total_amount"]), 30, bold=True)
    p.rule()
    p.row("예약번호" if t["carrier"] == "SR" else "승차권번호", t["ticket_no"], 22)
    return p.crop()


def rail_table(t: dict, face: str) -> Image.Image:
    """E-mail receipt: a two-column table, route as '서울 - 부산', separate time rows."""
    p = Page(760, 1000, face=face)
    p.center("승차권 구매 영수증", 32, bold=True, gap=2.0)
    rows = [("구분", "내용"),
            ("승차일자", f"{int(t['date'][:4])}년 {int(t['date'][5:7])}월 {int(t['date'][8:])}일"),
            ("열차", f"{t['service']} {t['vehicle_no']}"), ("구간", f"{t['departure']} - {t['arrival']}"),
            ("출발시각", t["departure_time"]), ("도착시각", t["arrival_time"]), ("객실", t["seat_class"]),
            ("운임", f"{won(t['fare'])}원"), ("할인", f"{won(t['discount'])}원"),
            ("총 결제금액", f"{won(t['total_amount'])}원")]
    for label, value in rows:
        p.d.rectangle((30, p.y - 10, 730, p.y + 40), outline=(160, 160, 160), width=1)
        p.d.line((250, p.y - 10, 250, p.y + 40), fill=(160, 160, 160), width=1)
        p.text(50, label, 24, fill=(60, 60, 60))
        p.text(280, value, 24, bold=label.startswith("총"))
        p.y += 50
    p.y += 20
    p.line(f"승차권번호 {t['ticket_no']}", 20)
    p.line(f"{t['carrier']} 사업자등록번호 {t['business_reg_no']}", 20)
    return p.crop()


def bus_receipt(t: dict, face: str) -> Image.Image:
    """Terminal receipt: route with a dash, two-digit year, spaced 합 계, 차번."""
    p = Page(560, 900, bg=(252, 252, 248), face=face)
    p.center("고속버스 승차권 영수증", 28, bold=True)
    p.rule(dashed=True)
    p.line(f"노선 {t['departure']}-{t['arrival']}", 26)
    p.line(f"출발일 {t['date'][2:4]}.{t['date'][5:7]}.{t['date'][8:]}", 24)
    p.line(f"출발시간 {t['departure_time']}", 24)
    p.line(f"버스등급 {t['seat_class']}   좌석 {t['seat']}", 24)
    p.line(f"운송사 {t['carrier']}   차번 {t['vehicle_no']}", 24)
    p.rule(dashed=True)
    p.row("운임", f"{won(t['fare'])}원", 24, left=30, right=530)
    p.row("할인", f"{won(t['discount'])}원", 24, left=30, right=530)
    p.row("합 계", f"{won(t['total_amount'])}원", 28, left=30, right=530, bold=True)
    return p.crop()


def card_terminal(t: dict, face: str) -> Image.Image:
    """Card-terminal slip: bracketed labels, 금 액 / 부가세 / 합 계, colon separators."""
    p = Page(540, 1000, bg=(251, 251, 249), face=face)
    p.center("카드 승인 영수증", 28, bold=True)
    p.line(f"가맹점 : {t['merchant']}", 22)
    p.line(f"사업자 : {t['business_reg_no']}", 22)
    p.rule(dashed=True)
    p.line(f"[매출일] {t['date']} {t['time'][:5]}", 22)
    p.line(f"[카드번호] {t['card_no_masked']}", 22)
    p.line("[할부] 일시불", 22)
    p.rule(dashed=True)
    p.row("금 액", won(t["supply_amount"]), 24, left=30, right=510)
    p.row("부가세", won(t["vat"]), 24, left=30, right=510)
    p.row("합 계", won(t["total_amount"]), 28, left=30, right=510, bold=True)
    p.rule(dashed=True)
    p.line(f"승인번호 : {t['approval_no']}", 22)
    return p.crop()


def taxi_meter(t: dict, face: str) -> Image.Image:
    """Meter printout: times on one line, 거리 and 총요금, plate with spaces after 차 량."""
    p = Page(520, 900, bg=(248, 248, 244), face=face)
    p.center("영 수 증", 30, bold=True)
    p.center(f"{t['carrier']}", 22)
    p.rule(dashed=True)
    p.line(f"차 량 : {t['plate_print']}", 24)
    p.line(f"일 자 : {t['date'].replace('-', '/')}", 24)
    p.line(f"승차 {t['departure_time']}  하차 {t['arrival_time']}", 24)
    p.line(f"거리 : {t['distance_km']}km", 24)
    p.rule(dashed=True)
    p.line(f"총요금 : {won(t['total_amount'])}원", 26, bold=True)
    p.line(f"승인번호 : {t['approval_no']}", 20)
    p.line(f"사업자번호 : {t['business_reg_no']}", 20)
    return p.crop()


MORE_TEMPLATES = {
    "rail_route_line": ("rail_ticket", rail_route_line, False),
    "rail_table": ("rail_ticket", rail_table, False),
    "bus_receipt": ("bus_ticket", bus_receipt, True),
    "card_terminal": ("card_slip", card_terminal, True),
    "taxi_meter": ("taxi_receipt", taxi_meter, True),
}
