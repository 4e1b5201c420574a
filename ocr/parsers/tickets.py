"""Rail and bus tickets: stations or terminals, times, train/bus number, service, class."""

from __future__ import annotations

import re

from ocr import domain
from ocr.parsers import fields as F
from ocr.parsers.layout import Candidate, Doc, best
from ocr.parsers.text import compact, split_arrow

DEP = ("출발역", "출발지", "출발터미널", "승차역", "승차지", "출발", "승차")
ARR = ("도착역", "도착지", "도착터미널", "하차역", "하차지", "도착", "하차")
# Tesseract `eng` on a small, blurred 'KTX' gives KIX, K1X, KTK ...; 'SRT' gives 5RT, SR1.
LATIN_SERVICE = re.compile(r"\bK[TI1lJ][XK]\b|\b[S5]R[T1]\b|\bI[TI1]X\b")
ROUTE = ("이용구간", "승차구간", "구간", "노선", "경로")
RAIL_DATE = ("승차일자", "승차일", "탑승일", "여행일", "출발일시", "출발일자", "출발일", "운행일", "이용일",
             "일자")
BUS_DATE = ("출발일시", "출발일자", "출발일", "승차일시", "승차일", "탑승일", "운행일", "일시", "일자")


# 터미널 as hard photos give it: 더미널, 터미넬, 터마널 (the place before it is what matters).
_MISREAD_SUFFIX = re.compile(r"[터더][미마][널넬녈]$")


def place_parser(kind: str):
    """A parser turning the text beside a 출발/도착 label into a normalised place."""
    def parse(text: str) -> tuple[str, float] | None:
        text = _MISREAD_SUFFIX.sub("터미널", text)
        for token in re.findall(r"[가-힣]{2,}(?:\([가-힣]+\))?", text):
            if token in F.LABEL_WORDS or any(h in token for h in F.LABEL_HINTS):
                continue
            name, conf = domain.match_place(token, kind)
            if name:
                return name, conf
            break
        return None
    return parse


def stations(doc: Doc, kind: str) -> tuple[Candidate | None, Candidate | None]:
    """Departure and arrival from labels, an arrow, or two known places side by side."""
    parse = place_parser(kind)
    deps, arrs = [], []
    for cands, labels in ((deps, DEP), (arrs, ARR)):
        for c in F.labelled(doc, labels, parse, 0.95,
                            exclude=("일시", "일자", "시각", "시간", "요금", "승차권", "번호",
                                                              "운임", "금액")):
            name, conf = c.value
            cands.append(Candidate(name, c.score * conf, c.source))
    for c in F.labelled(doc, ROUTE, lambda t: split_arrow(t, dash=True), 0.95):
        found = [parse(p) for p in c.value]
        if all(found) and found[0][0] != found[1][0]:
            deps.append(Candidate(found[0][0], c.score * found[0][1], "route"))
            arrs.append(Candidate(found[1][0], c.score * found[1][1], "route"))
    for row in doc.rows:
        text = " ".join(l.text for l in row)
        pair = split_arrow(text)
        found = [parse(p) for p in pair] if pair else []
        if not (found and all(found)) and len(row) >= 2:
            found = [parse(l.text) for l in row if not re.search(r"\d", l.text)]
            found = [f for f in found if f and f[1] >= 0.7][:2] if len(found) >= 2 else []
        if len(found) == 2 and all(found) and found[0][0] != found[1][0]:
            weight = 0.9 if pair else 0.8
            deps.append(Candidate(found[0][0], weight * found[0][1], "pair"))
            arrs.append(Candidate(found[1][0], weight * found[1][1], "pair"))
    dep, arr = best(deps), best(arrs)
    if dep and arr and dep.value == arr.value:
        others = [c for c in arrs if c.value != dep.value]
        arr = best(others)
    return dep, arr


def rail_vehicle(doc: Doc) -> list[Candidate]:
    """Train number: after a service name, before 열차, or beside the 열차번호 label."""
    out = []
    services = r"(?:KTX(?:-[가-힣]+)?|SRT|ITX-?[가-힣]*|무궁화호?|새마을호?|누리로)"
    for text, weight in ((doc.text, 0.85), (doc.alt_text, 0.6)):
        for m in re.finditer(services + r"[^\d\s]{0,4}\s*(\d{1,4})(?![\d:,.])", text):
            out.append(Candidate(m.group(1), weight, "service"))
    for line in doc.lines:
        for m in re.finditer(r"(?<![\d.,:-])(\d{1,4})\s?열[차자]", line.text):
            out.append(Candidate(m.group(1), 0.95, "열차"))
    for line in doc.lines:
        # A short line ending in a number, read as a service name (KTX-산천 910 -> '(71×-산천 910').
        hint = LATIN_SERVICE.search((line.alt or "").upper()) or re.search(r"산천|이음|새마을|무궁화|청춘",
                                                                           line.text)
        m = re.fullmatch(r".{1,10}\s(\d{1,4})", line.text)
        if hint and m and not re.search(r"\d[:.,]\d|호차", line.text):
            out.append(Candidate(m.group(1), 0.9, "service-line"))

    def parse(text: str) -> str | None:
        nums = re.findall(r"(?<![\d:.,])(?<!\d-)(\d{1,4})(?![\d:.,-]|호차)", text)
        return nums[-1] if nums else None
    out += F.labelled(doc, ("열차번호", "열차", "편명"), parse, 0.9, exclude=("열차종류",))
    return out


def bus_vehicle(doc: Doc) -> list[Candidate]:
    """Bus number beside 차량번호 / 버스번호 / 차번."""
    def parse(text: str) -> str | None:
        m = re.search(r"(?<![\d:.,-])(\d{1,4})(?![\d:.,-])", text)
        return m.group(1) if m else None
    return F.labelled(doc, ("차량번호", "버스번호", "배차번호", "차번", "호차"), parse, 0.9)


def service(doc: Doc) -> tuple[str | None, float]:
    """KTX, KTX-산천, SRT, ITX-새마을, 무궁화호 ... from the text or its English re-reading."""
    latin = (doc.alt_text + "\n" + doc.text).upper()
    flat = compact(doc.text)
    for m in LATIN_SERVICE.finditer(latin):
        code = m.group(0)
        latin += " " + ("SRT" if code[0] in "S5" else "ITX" if code[0] == "I" else "KTX")
    if "SRT" in latin:
        return "SRT", 0.9
    if "ITX" in latin or "새마을" in flat or "청춘" in flat:
        if "청춘" in flat:
            return "ITX-청춘", 0.85
        if "새마을" in flat:
            # 새마을호 proper ran until 2018; today's 새마을 trains are ITX-새마을.
            return ("새마을호" if "새마을호" in flat and "ITX" not in latin else "ITX-새마을"), 0.85
    if "KTX" in latin or "산천" in flat or "이음" in flat:
        for sub in ("산천", "이음", "청룡"):
            if sub in flat:
                return f"KTX-{sub}", 0.85
        return "KTX", 0.85
    if "무궁화" in flat:
        return "무궁화호", 0.9
    return None, 0.0


def rail_carrier(doc: Doc, service_name: str | None, brn: str | None) -> tuple[str | None, float]:
    """KORAIL or SR, from the name, the service or the registration number."""
    latin = (doc.alt_text + "\n" + doc.text).upper()
    if "KORAIL" in latin or "코레일" in doc.text or brn == "314-82-10024":
        return "KORAIL", 0.95
    if service_name == "SRT" or brn == "120-88-00767" or "에스알" in doc.text:
        return "SR", 0.9
    if service_name:
        return "KORAIL", 0.8
    return None, 0.0


def seat_class(doc: Doc, kind: str) -> tuple[str | None, float]:
    """일반실/특실 for trains; 일반/우등/프리미엄 for buses."""
    flat = compact(doc.text)
    if kind == "rail_ticket":
        if "특실" in flat:
            return "특실", 0.9
        if "일반실" in flat:
            return "일반실", 0.9
        return None, 0.0
    for name in ("프리미엄", "우등", "일반"):
        if name in flat:
            return name, 0.85
    return None, 0.0


def bus_carrier(doc: Doc) -> tuple[str | None, float]:
    """A known bus company named anywhere on the ticket."""
    flat = compact(doc.text)
    for name in domain.places()["bus_carriers"]:
        if name in flat:
            return name, 0.9
    m = re.search(r"[가-힣]{2,4}고속(?!버스)", flat)
    return (m.group(0), 0.5) if m else (None, 0.0)


def seat(doc: Doc, kind: str) -> tuple[str | None, float]:
    """Car and seat for trains ('5호차 12A'), seat number for buses."""
    m = re.search(r"(\d{1,2})\s*호차\s*(\d{1,2}\s?[A-D])", doc.text)
    if m and kind == "rail_ticket":
        return f"{m.group(1)}호차 {m.group(2).replace(' ', '')}", 0.85
    c = best(F.labelled(doc, ("좌석번호", "좌석"), lambda t: (re.search(r"\d{1,2}[A-D]?", t) or [None])[0],
                        0.8))
    return (c.value, c.score) if c else (None, 0.0)
