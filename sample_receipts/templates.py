"""Layout templates: each draws one kind of ticket or slip from a dict of true field values."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts"
FONTS = {
    "gothic": (f"{FONT_DIR}/truetype/nanum/NanumGothic.ttf", 0),
    "gothic_b": (f"{FONT_DIR}/truetype/nanum/NanumGothicBold.ttf", 0),
    "barun": (f"{FONT_DIR}/truetype/nanum/NanumBarunGothic.ttf", 0),
    "barun_b": (f"{FONT_DIR}/truetype/nanum/NanumBarunGothicBold.ttf", 0),
    "square": (f"{FONT_DIR}/truetype/nanum/NanumSquareR.ttf", 0),
    "square_b": (f"{FONT_DIR}/truetype/nanum/NanumSquareB.ttf", 0),
    "coding": (f"{FONT_DIR}/truetype/nanum/NanumGothicCoding.ttf", 0),
    "noto": (f"{FONT_DIR}/opentype/noto/NotoSansCJK-Regular.ttc", 1),
    "noto_b": (f"{FONT_DIR}/opentype/noto/NotoSansCJK-Bold.ttc", 1),
    "serif": (f"{FONT_DIR}/opentype/noto/NotoSerifCJK-Regular.ttc", 1),
}
WEEKDAYS = "월화수목금토일"


def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    """A Korean font by short name."""
    path, index = FONTS[name]
    return ImageFont.truetype(path, size, index=index)


def won(n: int) -> str:
    """59800 -> '59,800'."""
    return f"{n:,}"


class Page:
    """A canvas with a cursor; text helpers keep templates short."""

    def __init__(self, w: int, h: int, bg=(255, 255, 255), face: str = "gothic") -> None:
        self.img = Image.new("RGB", (w, h), bg)
        self.d = ImageDraw.Draw(self.img)
        self.w, self.face, self.y = w, face, 30

    def f(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        """Current face at a size, bold when the face has a bold cut."""
        name = self.face + "_b" if bold and self.face + "_b" in FONTS else self.face
        return font(name, size)

    def text(self, x: int, s: str, size: int = 24, *, bold=False, fill=(20, 20, 20), anchor="la", y=None):
        """Draw at x on the current line (or at y)."""
        self.d.text((x, self.y if y is None else y), s, font=self.f(size, bold), fill=fill, anchor=anchor)

    def center(self, s: str, size: int = 28, *, bold=False, fill=(20, 20, 20), gap=1.6):
        """A centred line, then move down."""
        self.text(self.w // 2, s, size, bold=bold, fill=fill, anchor="ma")
        self.y += int(size * gap)

    def row(self, label: str, value: str, size: int = 24, *, gap=1.7, left=40, right=None, bold=False):
        """Label on the left, value flush right, then move down."""
        self.text(left, label, size, fill=(70, 70, 70))
        self.text(right or self.w - 40, value, size, bold=bold, anchor="ra")
        self.y += int(size * gap)

    def line(self, s: str, size: int = 24, *, x=40, gap=1.6, bold=False, fill=(20, 20, 20)):
        """A left-aligned line, then move down."""
        self.text(x, s, size, bold=bold, fill=fill)
        self.y += int(size * gap)

    def rule(self, dashed=False):
        """A horizontal separator."""
        if dashed:
            for x in range(30, self.w - 30, 14):
                self.d.line((x, self.y, x + 7, self.y), fill=(90, 90, 90), width=2)
        else:
            self.d.line((30, self.y, self.w - 30, self.y), fill=(150, 150, 150), width=2)
        self.y += 18

    def crop(self, bottom_pad: int = 40) -> Image.Image:
        """The page cut just below the last line."""
        return self.img.crop((0, 0, self.w, min(self.img.height, self.y + bottom_pad)))


def _date_kr(iso: str) -> str:
    import datetime as dt
    d = dt.date.fromisoformat(iso)
    return f"{d.year}년 {d.month:02d}월 {d.day:02d}일 ({WEEKDAYS[d.weekday()]})"


def rail_app(t: dict, face: str) -> Image.Image:
    """KORAIL/SR app screenshot: coloured header, big stations with an arrow, a fare table."""
    p = Page(720, 1280, bg=(245, 246, 250), face=face)
    color = (0, 70, 150) if t["carrier"] == "KORAIL" else (100, 30, 90)
    p.d.rectangle((0, 0, 720, 110), fill=color)
    p.text(360, "승차권 확인" if t["carrier"] == "KORAIL" else "SRT 승차권", 34, bold=True,
           fill=(255, 255, 255), anchor="ma", y=35)
    p.y = 150
    p.center(_date_kr(t["date"]), 28, bold=True)
    p.center(f"{t['service']} {t['vehicle_no']}", 30, bold=True, fill=color, gap=2.0)
    p.text(170, t["departure"], 46, bold=True, anchor="ma")
    p.text(360, "→", 46, anchor="ma", fill=(120, 120, 120))
    p.text(550, t["arrival"], 46, bold=True, anchor="ma")
    p.y += 70
    p.text(170, t["departure_time"], 30, anchor="ma")
    p.text(550, t["arrival_time"], 30, anchor="ma")
    p.y += 80
    p.d.rectangle((30, p.y - 20, 690, p.y + 520), fill=(255, 255, 255))
    p.row("좌석", f"{t['car']}호차 {t['seat']}", 26)
    p.row("등급", t["seat_class"], 26)
    p.rule()
    p.row("운임", f"{won(t['fare'])}원", 26)
    p.row("할인", f"{won(t['discount'])}원", 26)
    p.row("결제금액", f"{won(t['total_amount'])}원", 30, bold=True)
    p.rule()
    p.row("승차권번호" if t["carrier"] == "KORAIL" else "예약번호", t["ticket_no"], 24)
    return p.crop(60)


def rail_paper(t: dict, face: str) -> Image.Image:
    """Thermal/paper ticket: one label per line, values after a colon, registration number at the foot."""
    p = Page(620, 1100, bg=(250, 247, 238), face=face)
    p.center(f"{t['carrier']} 승차권", 32, bold=True)
    p.rule(dashed=True)
    p.line(f"승차일자 : {t['date'].replace('-', '.')}", 26)
    p.line(f"열차 : {t['service']} {t['vehicle_no']}열차", 26)
    p.line(f"출발 : {t['departure']}역 {t['departure_time']}", 26)
    p.line(f"도착 : {t['arrival']}역 {t['arrival_time']}", 26)
    p.line(f"좌석 : {t['car']}호차 {t['seat']} ({t['seat_class']})", 26)
    p.rule(dashed=True)
    p.line(f"운임요금 : {won(t['fare'])}원", 26)
    p.line(f"할인금액 : {won(t['discount'])}원", 26)
    p.line(f"영수금액 : {won(t['total_amount'])}원", 28, bold=True)
    p.rule(dashed=True)
    p.line(f"No. {t['ticket_no']}", 22)
    p.line(f"사업자번호 {t['business_reg_no']}", 22)
    return p.crop()


def rail_columns(t: dict, face: str) -> Image.Image:
    """Boarding-pass style: labels above values in columns (출발 | 도착 | 열차번호)."""
    p = Page(760, 900, face=face)
    p.d.rectangle((0, 0, 760, 90), fill=(30, 30, 30))
    p.text(40, f"{t['carrier']}  승차권", 32, bold=True, fill=(255, 255, 255), y=26)
    p.y = 120
    cols = (60, 300, 540)
    for x, label in zip(cols, ("출발", "도착", "열차번호")):
        p.text(x, label, 22, fill=(100, 100, 100))
    p.y += 36
    for x, value in zip(cols, (t["departure"], t["arrival"], t["vehicle_no"])):
        p.text(x, value, 38, bold=True)
    p.y += 56
    for x, value in zip(cols, (t["departure_time"], t["arrival_time"], t["service"])):
        p.text(x, value, 26)
    p.y += 60
    p.rule()
    p.line(f"여행일 {t['date']}", 26)
    p.line(f"{t['car']}호차 {t['seat']}  {t['seat_class']}", 26)
    p.rule()
    p.row("기준운임", f"{won(t['fare'])}원", 26)
    p.row("할인금액", f"-{won(t['discount'])}원" if t["discount"] else "0원", 26)
    p.row("영수금액", f"{won(t['total_amount'])}원", 30, bold=True)
    p.line(f"승차권번호 {t['ticket_no']}", 22)
    return p.crop()


def bus_mobile(t: dict, face: str) -> Image.Image:
    """Express-bus mobile ticket: green header, terminal names, a QR-ish block."""
    p = Page(720, 1280, bg=(255, 255, 255), face=face)
    p.d.rectangle((0, 0, 720, 100), fill=(0, 130, 90))
    p.text(360, "고속버스 모바일 승차권", 32, bold=True, fill=(255, 255, 255), anchor="ma", y=30)
    p.y = 140
    p.row("출발지", t["departure"], 30, bold=True)
    p.row("도착지", t["arrival"], 30, bold=True)
    p.row("출발일시", f"{t['date'].replace('-', '.')} {t['departure_time']}", 26)
    p.row("고속사", t["carrier"], 26)
    p.row("등급", t["seat_class"], 26)
    p.row("좌석번호", t["seat"], 26)
    p.row("차량번호", t["vehicle_no"], 26)
    p.rule()
    p.row("승차요금", f"{won(t['fare'])}원", 26)
    p.row("할인", f"{won(t['discount'])}원", 26)
    p.row("결제금액", f"{won(t['total_amount'])}원", 30, bold=True)
    p.y += 20
    import random
    rnd = random.Random(t["ticket_no"])
    for i in range(21):
        for j in range(21):
            if rnd.random() < 0.5:
                p.d.rectangle((255 + i * 10, p.y + j * 10, 264 + i * 10, p.y + j * 10 + 9), fill=(0, 0, 0))
    p.y += 230
    p.center(f"예매번호 {t['ticket_no']}", 22)
    return p.crop()


def bus_paper(t: dict, face: str) -> Image.Image:
    """Intercity-bus paper ticket: route with an arrow, date and time, fare with grade, dense lines."""
    p = Page(600, 900, bg=(252, 250, 240), face=face)
    p.center("시외버스 승차권", 30, bold=True)
    p.center(t["carrier"], 22)
    p.rule(dashed=True)
    p.center(f"{t['departure']} ▶ {t['arrival']}", 36, bold=True, gap=1.8)
    p.line(f"출발 {t['date']} {t['departure_time']}", 26)
    p.line(f"등급 {t['seat_class']}   좌석 {t['seat']}번", 26)
    p.line(f"버스번호 {t['vehicle_no']}", 26)
    p.rule(dashed=True)
    p.line(f"요금 {won(t['fare'])}원", 26)
    p.line(f"할인 {won(t['discount'])}원", 26)
    p.line(f"받을금액 {won(t['total_amount'])}원", 28, bold=True)
    p.line(f"승차권번호 {t['ticket_no']}", 22)
    return p.crop()


def card_slip(t: dict, face: str) -> Image.Image:
    """Thermal card slip: label-value rows, a masked card number, supply value + VAT = total."""
    p = Page(560, 1100, bg=(250, 250, 247), face=face)
    p.center("신용카드 매출전표", 30, bold=True)
    p.center("(고객용)", 20)
    p.rule(dashed=True)
    p.line(f"가맹점명 {t['merchant']}", 22)
    p.line(f"사업자번호 {t['business_reg_no']}", 22)
    p.line(f"카드번호 {t['card_no_masked']}", 22)
    p.line(f"거래일시 {t['date'].replace('-', '/')} {t['time']}", 22)
    p.line(f"승인번호 {t['approval_no']}", 22)
    p.rule(dashed=True)
    p.row("공급가액", won(t["supply_amount"]), 24, left=30, right=530)
    p.row("부가세", won(t["vat"]), 24, left=30, right=530)
    p.row("합계", won(t["total_amount"]), 28, left=30, right=530, bold=True)
    p.rule(dashed=True)
    p.center("감사합니다", 20)
    return p.crop()


def card_receipt(t: dict, face: str) -> Image.Image:
    """Shop receipt with a card section: spaced labels, amount first, values below labels."""
    p = Page(600, 1100, face=face)
    p.center(t["merchant"], 30, bold=True)
    p.center(f"사업자등록번호: {t['business_reg_no']}", 20)
    p.rule()
    p.line(f"[거래일자] {t['date']} {t['time']}", 22)
    p.rule()
    p.row("과세물품가액", won(t["supply_amount"]), 24)
    p.row("부 가 세", won(t["vat"]), 24)
    p.row("받을금액", won(t["total_amount"]), 28, bold=True)
    p.rule()
    p.line("카드번호", 20, fill=(90, 90, 90), gap=1.3)
    p.line(t["card_no_masked"], 24)
    p.line("승인번호", 20, fill=(90, 90, 90), gap=1.3)
    p.line(t["approval_no"], 24)
    p.line(f"결제금액 {won(t['total_amount'])}원 (일시불)", 24, bold=True)
    return p.crop()


def taxi_slip(t: dict, face: str) -> Image.Image:
    """Taxi meter receipt: plate, boarding/alighting times, distance, fare."""
    p = Page(520, 1000, bg=(250, 250, 245), face=face)
    p.center("택시 영수증", 30, bold=True)
    p.rule(dashed=True)
    p.line(f"차량번호: {t['plate_print']}", 24)
    p.line(f"사업자번호: {t['business_reg_no']}", 22)
    p.line(f"승차: {t['date']} {t['departure_time']}", 24)
    p.line(f"하차: {t['date']} {t['arrival_time']}", 24)
    p.line(f"주행거리: {t['distance_km']} km", 24)
    p.rule(dashed=True)
    p.line(f"요금: {won(t['total_amount'])}원", 26, bold=True)
    p.line(f"카드번호: {t['card_no_masked']}", 20)
    p.line(f"승인번호: {t['approval_no']}", 20)
    return p.crop()


def taxi_card(t: dict, face: str) -> Image.Image:
    """Card-terminal taxi slip: 운행 labels, right-aligned values, 합계."""
    p = Page(560, 1000, face=face)
    p.center("[카드 영수증]", 26, bold=True)
    p.center(t["carrier"], 22)
    p.rule()
    p.row("차번", t["plate_print"], 24)
    p.row("운행일자", t["date"].replace("-", "."), 24)
    p.row("승차시각", t["departure_time"], 24)
    p.row("하차시각", t["arrival_time"], 24)
    p.row("운행거리", f"{t['distance_km']}Km", 24)
    p.rule()
    p.row("합계", f"{won(t['total_amount'])}원", 28, bold=True)
    p.row("승인번호", t["approval_no"], 22)
    return p.crop()


TEMPLATES = {
    "rail_app": ("rail_ticket", rail_app, False),
    "rail_paper": ("rail_ticket", rail_paper, True),
    "rail_columns": ("rail_ticket", rail_columns, False),
    "bus_mobile": ("bus_ticket", bus_mobile, False),
    "bus_paper": ("bus_ticket", bus_paper, True),
    "card_slip": ("card_slip", card_slip, True),
    "card_receipt": ("card_slip", card_receipt, True),
    "taxi_slip": ("taxi_receipt", taxi_slip, True),
    "taxi_card": ("taxi_receipt", taxi_card, True),
}
