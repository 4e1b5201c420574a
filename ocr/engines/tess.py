"""Tesseract through tesserocr: one API object per thread, created lazily."""

from __future__ import annotations

import os
import threading

import numpy as np

try:  # CPython's own BLAKE2: hashlib would load OpenSSL's libcrypto as well (+3.6 MB RSS, a few ms)
    from _blake2 import blake2b
except ImportError:  # another interpreter
    from hashlib import blake2b

from ocr.errors import OcrEngineError

DEFAULT_TESSDATA = "/usr/share/tesseract-ocr/5/tessdata"
_local = threading.local()
# Tesseract reads a line again inverted, light on dark, when its network's mean output is under
# invert_threshold (0.7): each model's second forward pass, on most doubtful lines. The crops arrive dark on
# light (preprocess inverts light-on-dark lines), so 0.5 keeps that retry for the lines it is all but lost on
# and spares the rest. On 500 real dev crops: -11% of Tesseract's CPU (-2.5% on first readings, the rest on
# the mends of doubtful lines), 4 readings changed, each of a line read under 0.5 (noise); off altogether
# (tessedit_do_invert 0): -12%, 22 changed. Real dev and samples: every output the same, -1.6% CPU.
INIT_VARIABLES = {"invert_threshold": "0.5"}


def tessdata_dir() -> str:
    """Model folder: OCR_TESSDATA_DIR or Debian's."""
    return os.environ.get("OCR_TESSDATA_DIR", DEFAULT_TESSDATA)


def primary_lang() -> str:
    """Languages for Korean lines: OCR_LANG, else kor+Hangul when Debian's Hangul script model is installed.

    `kor` first: the script model alone (or first) splits words ('광 주 송정'); as a second model it rescues
    POS-font digits and syllables that `kor` misreads (+12 points on real photos, about +20% CPU).
    """
    lang = os.environ.get("OCR_LANG")
    if lang:
        return lang
    return "kor+Hangul" if os.path.exists(os.path.join(tessdata_dir(), "Hangul.traineddata")) else "kor"


def api(lang: str = "kor", psm: int = 7):
    """This thread's tesserocr API for (lang, psm); tesserocr objects are not thread-safe."""
    cache = getattr(_local, "apis", None)
    if cache is None:
        cache = _local.apis = {}
    key = (tessdata_dir(), lang, psm)
    if key not in cache:
        import tesserocr

        try:
            # Set at init, so that the script model `kor+Hangul` loads as a second model gets it as well.
            cache[key] = tesserocr.PyTessBaseAPI(path=key[0].rstrip("/") + "/", lang=lang, psm=psm,
                                                 oem=tesserocr.OEM.LSTM_ONLY, variables=INIT_VARIABLES)
        except RuntimeError:
            cache[key] = None  # remember the failure: do not retry on every line
        else:
            cache[key].SetVariable("debug_file", "/dev/null")
            if lang == "eng":
                # Crops arrive dark on light (preprocess inverts light-on-dark lines), so Tesseract's own
                # retry of doubtful lines inverted only costs time: about a third of each `eng` reading.
                # (Set on `kor+Hangul` it changes nothing measurable: the script model ignores it.)
                cache[key].SetVariable("tessedit_do_invert", "0")
    if cache[key] is None:
        raise OcrEngineError(f"Tesseract could not load '{lang}' from {key[0]}")
    return cache[key]


def set_gray(t, gray: np.ndarray) -> None:
    """Hand a greyscale array to Tesseract as raw pixels (SetImage with a PIL image encodes a BMP first).

    96 dpi, the resolution that BMP carried, so Tesseract sizes its noise filters as before.
    """
    gray = np.ascontiguousarray(gray, dtype=np.uint8)
    t.SetImageBytes(gray.tobytes(), gray.shape[1], gray.shape[0], 1, gray.shape[1])
    t.SetSourceResolution(96)


# Readings remembered per thread, by model and pixels: the reader asks for the same crop more than once (a
# doubtful line's merged-dots reading on a degraded page, a stacked box's pieces, a header line mended and
# then put to the merchant vote); Tesseract resets its state for every image, so a crop reads the same.
READINGS_KEPT = 512


def read_line(gray_line: np.ndarray, lang: str = "kor") -> tuple[str, float]:
    """Text and confidence (0-1) of one cut-out line (psm 7)."""
    return _remembered(gray_line, lang, "")


DIGITS = "0123456789,.-"  # what an amount's digit run may hold


def read_digits(gray_line: np.ndarray) -> str:
    """A cut-out line of digits read by `eng` with only digits and their separators allowed: the Latin
    model reads POS and dot-matrix digits that `kor` misreads (42.900 for 42,800, 108,000 for 138,000)
    differently, so it is a second reader of an amount in doubt. Its confidence means little under the
    restriction and is not returned."""
    return _remembered(gray_line, "eng", DIGITS)[0]


def _remembered(gray_line: np.ndarray, lang: str, allowed: str) -> tuple[str, float]:
    """One psm 7 reading of a crop by `lang`, only the `allowed` characters when given, kept per thread
    by model, allowed set and pixels (READINGS_KEPT)."""
    gray = np.ascontiguousarray(gray_line, dtype=np.uint8)
    key = (tessdata_dir(), lang, allowed, gray.shape, blake2b(gray.data, digest_size=16).digest())
    seen = getattr(_local, "readings", None)
    if seen is None or len(seen) >= READINGS_KEPT:
        seen = _local.readings = {}
    if key not in seen:
        t = api(lang, 7)
        if allowed:
            t.SetVariable("tessedit_char_whitelist", allowed)
        try:
            set_gray(t, gray)
            text = t.GetUTF8Text().strip()
            seen[key] = " ".join(text.split()), max(0, t.MeanTextConf()) / 100.0
        finally:
            if allowed:
                t.SetVariable("tessedit_char_whitelist", "")  # the model's other readings see every letter
    return seen[key]
