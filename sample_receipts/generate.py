"""Render deterministic sample receipts with their expected fields.

Run: .venv/bin/python sample_receipts/generate.py   (writes into sample_receipts/)
     .venv/bin/python sample_receipts/generate.py --widened DIR [--count N] [--seed S]
     (a separate set with random labels, orders, fonts, widths and damage: see widened.py)
Every sample gets NAME.{png,jpg,pdf,heic} and NAME.json holding document_type, variant and fields.
"""

from __future__ import annotations

import io
import json
import random
import sys
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import photo  # noqa: E402
import textpdf  # noqa: E402
from templates import TEMPLATES  # noqa: E402
from templates_more import MORE_TEMPLATES  # noqa: E402

ALL_TEMPLATES = {**TEMPLATES, **MORE_TEMPLATES}

SEED = 20250314
RAIL_ROUTES = [  # carrier, service, departure, arrival, 일반실, 특실, minutes
    ("KORAIL", "KTX", "서울", "부산", 59800, 83700, 159),
    ("KORAIL", "KTX", "서울", "대전", 23700, 33200, 62),
    ("KORAIL", "KTX", "용산", "광주송정", 46800, 65500, 112),
    ("KORAIL", "KTX-산천", "서울", "동대구", 43500, 60900, 108),
    ("KORAIL", "KTX-이음", "청량리", "안동", 29600, 41400, 124),
    ("KORAIL", "ITX-새마을", "서울", "대전", 16000, 0, 118),
    ("KORAIL", "무궁화호", "영등포", "천안", 7300, 0, 75),
    ("SR", "SRT", "수서", "부산", 52600, 73600, 150),
    ("SR", "SRT", "동탄", "동대구", 34100, 47700, 95),
    ("SR", "SRT", "수서", "광주송정", 44900, 62800, 105),
    ("SR", "SRT", "평택지제", "대전", 15600, 21800, 40),
]
BUS_ROUTES = [  # departure, arrival, grade, fare, minutes
    ("서울경부", "부산종합", "프리미엄", 44400, 250),
    ("서울경부", "대전복합", "우등", 15200, 110),
    ("센트럴시티", "광주", "우등", 30600, 210),
    ("동서울", "강릉", "일반", 17100, 160),
    ("대전복합", "동대구", "우등", 14800, 110),
    ("부산종합", "마산", "일반", 7200, 70),
]
BUS_CARRIERS = ["금호고속", "동양고속", "중앙고속", "천일고속", "한일고속", "동부고속"]
MERCHANTS = ["(주)한빛호텔 세종", "대전역 한식당", "스타비즈니스호텔", "해운대 그린모텔", "광주 무등식당"]
TAXI_CO = ["서울개인택시", "(주)대한운수", "부산개인택시", "대전택시(주)"]
PLATE_REGIONS = ["서울", "부산", "대전", "경기", "대구"]
FACES = ["gothic", "barun", "square", "noto", "coding", "serif"]
VARIANTS = ("clean", "clean", "mild", "mild", "hard", "hard", "hard")


def brn(rng: random.Random, fixed: str | None = None) -> str:
    """A business registration number whose check digit is valid."""
    if fixed:
        return fixed
    digits = [rng.randint(0, 9) for _ in range(9)]
    digits[0] = rng.randint(1, 9)
    weights = [1, 3, 7, 1, 3, 7, 1, 3, 5]
    s = sum(d * w for d, w in zip(digits, weights)) + (digits[8] * 5) // 10
    digits.append((10 - s % 10) % 10)
    t = "".join(map(str, digits))
    return f"{t[:3]}-{t[3:5]}-{t[5:]}"


def _date(rng: random.Random) -> str:
    return f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _clock(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _card(rng: random.Random) -> str:
    return f"{rng.randint(4000, 9999)}-{rng.randint(10, 99)}**-****-{rng.randint(1000, 9999)}"


def rail_truth(rng: random.Random) -> dict:
    carrier, service, dep, arr, fare1, fare2, mins = rng.choice(RAIL_ROUTES)
    special = fare2 > 0 and rng.random() < 0.3
    fare = fare2 if special else fare1
    discount = rng.choice([0, 0, int(round(fare * 0.1, -2)), int(round(fare * 0.05, -2))])
    start = rng.randint(5 * 60, 21 * 60)
    number = rng.randint(1, 999) if service.startswith(("KTX", "SRT")) else rng.randint(1001, 1999)
    date = _date(rng)
    return {
        "carrier": carrier, "service": service, "departure": dep, "arrival": arr,
        "date": date, "departure_time": _clock(start), "arrival_time": _clock(start + mins),
        "vehicle_no": f"{number:03d}", "seat_class": "특실" if special else "일반실",
        "car": rng.randint(1, 16), "seat": f"{rng.randint(1, 18)}{rng.choice('ABCD')}",
        "fare": fare, "discount": discount, "total_amount": fare - discount,
        "ticket_no": (f"{rng.randint(10000, 99999)}-{date[5:7]}{date[8:]}-{rng.randint(10000, 99999)}-"
                      f"{rng.randint(10, 99)}" if carrier == "KORAIL" else
                      f"{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"),
        "business_reg_no": "314-82-10024" if carrier == "KORAIL" else "120-88-00767",
    }


def bus_truth(rng: random.Random) -> dict:
    dep, arr, grade, fare, mins = rng.choice(BUS_ROUTES)
    discount = rng.choice([0, 0, int(round(fare * 0.1, -2))])
    start = rng.randint(6 * 60, 22 * 60)
    return {
        "carrier": rng.choice(BUS_CARRIERS), "departure": dep, "arrival": arr, "date": _date(rng),
        "departure_time": _clock(start), "seat_class": grade, "seat": f"{rng.randint(1, 28):02d}",
        "vehicle_no": f"{rng.randint(1, 9999):04d}", "fare": fare, "discount": discount,
        "total_amount": fare - discount, "ticket_no": f"{rng.randint(10**9, 10**10 - 1)}",
    }


def card_truth(rng: random.Random) -> dict:
    total = rng.randint(50, 2000) * 100
    supply = round(total / 1.1)
    return {
        "merchant": rng.choice(MERCHANTS), "business_reg_no": brn(rng), "card_no_masked": _card(rng),
        "date": _date(rng),
        "time": f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
        "approval_no": f"{rng.randint(10**7, 10**8 - 1)}", "supply_amount": supply, "vat": total - supply,
        "total_amount": total,
    }


def taxi_truth(rng: random.Random) -> dict:
    region, num, han, tail = (rng.choice(PLATE_REGIONS), rng.randint(10, 99), rng.choice("바사아자"),
                              rng.randint(1000, 9999))
    start = rng.randint(0, 23 * 60)
    plate = f"{region}{num}{han}{tail}"
    return {
        "carrier": rng.choice(TAXI_CO), "vehicle_no": plate,
        "plate_print": rng.choice([plate, f"{region} {num}{han} {tail}", f"{region} {num} {han} {tail}"]),
        "business_reg_no": brn(rng), "date": _date(rng), "departure_time": _clock(start),
        "arrival_time": _clock(start + rng.randint(8, 50)), "distance_km": round(rng.uniform(1.5, 35.0), 1),
        "total_amount": rng.randint(48, 600) * 100, "card_no_masked": _card(rng),
        "approval_no": f"{rng.randint(10**7, 10**8 - 1)}",
    }


TRUTHS = {"rail_ticket": rail_truth, "bus_ticket": bus_truth, "card_slip": card_truth,
          "taxi_receipt": taxi_truth}
EXPECTED_KEYS = {
    "rail_ticket": ("total_amount", "date", "departure", "arrival", "vehicle_no", "departure_time",
                    "arrival_time", "carrier", "service", "seat_class", "fare", "discount", "ticket_no"),
    "bus_ticket": ("total_amount", "date", "departure", "arrival", "vehicle_no", "departure_time",
                   "seat_class", "fare", "discount"),
    "card_slip": ("total_amount", "date", "business_reg_no", "approval_no", "supply_amount", "vat",
                  "card_no_masked", "merchant"),
    "taxi_receipt": ("total_amount", "date", "vehicle_no", "distance_km", "departure_time", "arrival_time",
                     "approval_no"),
}


def expected(kind: str, truth: dict) -> dict:
    """The fields a reader should extract from this sample."""
    return {key: truth[key] for key in EXPECTED_KEYS[kind] if truth.get(key) is not None}


def _save(img: np.ndarray | Image.Image, path: Path, quality: int) -> None:
    pil = img if isinstance(img, Image.Image) else Image.fromarray(np.asarray(img)[:, :, ::-1])
    if path.suffix == ".png":
        pil.save(path, optimize=True)
    else:
        pil.save(path, quality=quality, optimize=True)


def main() -> None:
    rng = random.Random(SEED)
    nrng = np.random.default_rng(SEED)
    for old in HERE.glob("s_*"):
        old.unlink()
    manifest = []
    for tname, (kind, draw, thermal) in ALL_TEMPLATES.items():
        for index, variant in enumerate(VARIANTS):
            truth = TRUTHS[kind](rng)
            face = rng.choice(FACES if thermal else FACES[:4])
            page = draw(truth, face)
            name = f"s_{tname}_{index}_{variant}"
            bgr = np.asarray(page)[:, :, ::-1]
            if variant == "clean":
                path = HERE / (name + (".png" if "app" in tname or "mobile" in tname else ".jpg"))
                _save(page, path, 88)
            else:
                out = photo.mild(nrng, bgr) if variant == "mild" else photo.hard(nrng, bgr, thermal=thermal)
                path = HERE / (name + ".jpg")
                _save(out, path, 82 if variant == "mild" else 75)
            (HERE / (name + ".json")).write_text(json.dumps(
                {"document_type": kind, "variant": variant, "template": tname, "face": face,
                 "fields": expected(kind, truth)}, ensure_ascii=False, indent=1))
            manifest.append(path.name)
    manifest += _extras(rng, nrng)
    (HERE / "manifest.json").write_text(json.dumps(sorted(manifest), ensure_ascii=False, indent=1))
    print(f"{len(manifest)} samples")


def _extras(rng: random.Random, nrng: np.random.Generator) -> list[str]:
    """PDF with a text layer, PDF without one, a HEIC photo, and a photo lying on its side."""
    names = []
    truth = rail_truth(rng)
    textpdf.write_receipt(truth, HERE / "s_pdf_text_0_clean.pdf")
    names.append(_meta("s_pdf_text_0_clean.pdf", "rail_ticket", "clean", "pdf_text", truth))
    truth = card_truth(rng)
    page = TEMPLATES["card_slip"][1](truth, "gothic")
    buf = io.BytesIO()
    fixed = __import__("time").gmtime(1735689600)  # fixed dates keep the file byte-identical
    page.save(buf, format="PDF", resolution=150, creationDate=fixed, modDate=fixed)
    (HERE / "s_pdf_scan_0_clean.pdf").write_bytes(buf.getvalue())
    names.append(_meta("s_pdf_scan_0_clean.pdf", "card_slip", "clean", "pdf_scan", truth))
    truth = bus_truth(rng)
    out = photo.mild(nrng, np.asarray(TEMPLATES["bus_paper"][1](truth, "barun"))[:, :, ::-1])
    import pillow_heif
    pillow_heif.register_heif_opener()
    Image.fromarray(out[:, :, ::-1]).save(HERE / "s_heic_0_mild.heic", quality=70)
    names.append(_meta("s_heic_0_mild.heic", "bus_ticket", "mild", "bus_paper", truth))
    truth = rail_truth(rng)
    out = photo.mild(nrng, np.asarray(TEMPLATES["rail_paper"][1](truth, "noto"))[:, :, ::-1])
    _save(np.ascontiguousarray(np.rot90(out)), HERE / "s_rotated_0_mild.jpg", 82)
    names.append(_meta("s_rotated_0_mild.jpg", "rail_ticket", "mild", "rail_paper", truth))
    for index, (tname, kind) in enumerate((("bus_paper", "bus_ticket"), ("card_slip", "card_slip"))):
        truth = TRUTHS[kind](rng)
        page = ALL_TEMPLATES[tname][1](truth, "gothic")
        out = photo.wide(nrng, np.asarray(page)[:, :, ::-1])
        name = f"s_wide_{index}_hard.jpg"
        _save(out, HERE / name, 80)
        names.append(_meta(name, kind, "hard", tname, truth))
    return names


def _meta(filename: str, kind: str, variant: str, template: str, truth: dict) -> str:
    stem = filename.rsplit(".", 1)[0]
    (HERE / (stem + ".json")).write_text(json.dumps(
        {"document_type": kind, "variant": variant, "template": template, "fields": expected(kind, truth)},
        ensure_ascii=False, indent=1))
    return filename


def cli(argv: list[str]) -> None:
    """No arguments: re-render the committed samples. --widened DIR: a separate, wider set in DIR."""
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--widened", metavar="DIR", help="write a widened set (and truth.json) into DIR")
    ap.add_argument("--count", type=int, default=80)
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args(argv)
    if not args.widened:
        main()
        return
    import widened

    out = Path(args.widened).resolve()
    if out == HERE or HERE in out.parents:
        ap.error("the widened set must not go into sample_receipts/ (the committed samples live there)")
    seed = widened.DEFAULT_SEED if args.seed is None else args.seed
    if seed == SEED:
        ap.error(f"seed {SEED} is the committed samples' seed: pick another")
    truth = widened.make_set(out, args.count, seed,
                             progress=lambda i, n: print(f"\r{i}/{n}", end="", file=sys.stderr))
    print(f"\n{len(truth)} files and truth.json in {out}")


if __name__ == "__main__":
    cli(sys.argv[1:])
