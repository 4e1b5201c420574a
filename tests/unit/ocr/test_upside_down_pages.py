"""A page turned upside down whose first reading does not look like noise: an app screenshot's large digits
and Latin letters read as digits and letters upside down too ('006'0L' for 10,900, 'SE:ST' for 15:35), so
its mean confidence stays over the level under which the half turn is always tried, and the page read as
`unknown`. The direction classifier shipped in the rapidocr wheel (engines/direction.py) tells it is
turned. A bus app ticket written as HTML and rendered in Chromium (skipped where it is not installed),
read by the real engine."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ocr import extract
from ocr.engines import detector, direction, lines

KEYS = ("total_amount", "date", "departure", "arrival", "vehicle_no")


def _render(html: str, width: int, scale: float) -> bytes:
    from benchmarks.foreign.browser import open_browser
    try:
        browser = open_browser()
    except (FileNotFoundError, OSError, RuntimeError) as exc:
        pytest.skip(f"Chromium is not available: {exc}")
    try:
        return browser.render(html, width, scale)
    finally:
        browser.close()


def _bus_app_ticket() -> np.ndarray:
    """A bus app's ticket screen: status bar, route in large bold names, the paid amount in large digits."""
    css = ("html,body{margin:0;background:#fff}#doc{width:360px;padding:14px 16px;box-sizing:border-box;"
           "color:#111;font-family:'Noto Sans CJK KR',sans-serif;font-size:16px;line-height:1.45}"
           ".r{display:flex;justify-content:space-between}.big{font-size:1.6em;font-weight:bold}"
           ".cap{font-size:.8em;color:#666}")
    body = ('<div class="r" style="font-size:.8em"><b>15:35</b><span>SKT 5G 68%</span></div>'
            '<div style="font-weight:bold;font-size:1.15em;color:#0a7cc2">고속버스 모바일</div>'
            '<div class="r" style="align-items:flex-end"><div><div class="cap">출발</div>'
            '<div class="big">평택</div></div><div style="color:#aaa">→</div><div style="text-align:right">'
            '<div class="cap">도착</div><div class="big">목포</div></div></div>'
            '<div style="font-weight:bold;font-size:1.05em">2025. 01. 13 13:36 출발</div>'
            '<div style="color:#555">속리산고속 | 일반 | 23번 좌석</div>'
            '<div class="cap">차량번호</div><div>7643</div><div class="cap">승차인원</div><div>일반 1</div>'
            '<div class="cap">결제 금액</div><div style="font-size:1.43em;font-weight:bold">10,900</div>'
            '<div class="cap">예매번호</div><div>14988067</div>'
            '<div style="text-align:center;font-size:.75em;color:#888">'
            '승차 시 QR코드를 단말기에 대주세요.</div>')
    html = (f'<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><style>{css}</style></head><body>'
            f'<div id="doc">{body}</div></body></html>')
    return cv2.imdecode(np.frombuffer(_render(html, 360, 3.0), np.uint8), cv2.IMREAD_COLOR)


def _jpeg(bgr: np.ndarray) -> bytes:
    return cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()


def test_an_upside_down_app_ticket_whose_digits_read_upside_down_too_is_turned_and_read():
    upright = _bus_app_ticket()
    down = np.ascontiguousarray(upright[::-1, ::-1])
    # The classifier's margin: the lines as cut against the same lines turned (its bias on Hangul cancels).
    assert direction.turned_margin(down, detector.detect(down)) > lines.TURN_MARGIN
    assert direction.turned_margin(upright, detector.detect(upright)) < -lines.TURN_MARGIN
    first = extract(_jpeg(upright), "ticket.jpg")
    got = extract(_jpeg(down), "ticket.jpg")  # read `unknown`, every field lost, before
    assert got.document_type == first.document_type == "bus_ticket"
    assert (got.rotation, first.rotation) == (180, 0)  # the turn it was read at, for the pages to show it
    assert {k: got.fields[k] for k in KEYS} == {"total_amount": 10900, "date": "2025-01-13",
                                                 "departure": "평택", "arrival": "목포", "vehicle_no": "7643"}
    # Read as sure as the upright page is: the same print, turned.
    assert got.confidence["total_amount"] >= 0.6 and got.confidence["departure"] >= 0.6
    for key in KEYS:
        assert abs(got.confidence[key] - first.confidence[key]) <= 0.1, key


def test_a_page_that_reads_well_never_asks_the_direction_classifier(monkeypatch):
    def refuse(*_):
        raise AssertionError("asked")

    monkeypatch.setattr(direction, "turned_margin", refuse)
    got = extract(_jpeg(_bus_app_ticket()), "ticket.jpg")
    assert got.document_type == "bus_ticket" and got.fields["total_amount"] == 10900
    assert got.confidence["total_amount"] >= 0.6
