"""Text-line detection with PP-OCRv6's DB detection model, run directly through onnxruntime.

The model ships inside the rapidocr wheel (Apache-2.0, see ocr/NOTICE); nothing is downloaded.
One InferenceSession is shared by all threads: onnxruntime sessions are thread-safe for run().
"""

from __future__ import annotations

import importlib.util
import os
import threading
import zlib

import cv2
import numpy as np

from ocr import preprocess as pp
from ocr.errors import OcrEngineError

DET_MODEL = "PP-OCRv6_det_small.onnx"
DET_LIMIT = int(os.environ.get("OCR_DET_SIZE", "832"))  # 640: faster, -4 pts on hard photos
# The model's full-resolution head costs ~250 bytes per input pixel; capping the area bounds peak memory.
DET_AREA = int(os.environ.get("OCR_DET_AREA", str(832 * 640)))
# Median line height (px) at which a small image's text is detected well without enlarging it (the model
# misses lines under about 12 px; small print runs at 60% of the median).
NATIVE_HEIGHT = 24
# A page detected as at least this many boxes, most of them square, is taken for unjoined dot-matrix print.
FRAGMENTS = 12
BIN_THRESH = 0.3
BOX_THRESH = 0.5
UNCLIP = 1.6

_session = None
_lock = threading.Lock()


def model_path() -> str:
    """Path of the detection model inside the installed rapidocr package."""
    return os.environ.get("OCR_DET_MODEL") or os.path.join(models_dir(), DET_MODEL)


def models_dir() -> str:
    """The model folder of the installed rapidocr package."""
    # Located without importing rapidocr (its __init__ and importlib.resources' zip readers cost ~0.01 s of
    # every process's start, for a path).
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.submodule_search_locations:
        raise OcrEngineError("The rapidocr package (which ships the text detection model) is not installed")
    return os.path.join(spec.submodule_search_locations[0], "models")


def session():
    """The shared onnxruntime session, created on first use."""
    global _session
    if _session is None:
        with _lock:
            if _session is None:
                _session = open_session(model_path(), "Text detection model")
    return _session


def open_session(path: str, what: str):
    """An onnxruntime session of the model at `path` on OCR_THREADS threads (`what` names it in errors).

    onnxruntime optimises a model's graph every time it opens it (fusions, then the CPU's own weight
    layout): ~20 ms of the detector's start and ~20 ms of the recogniser's in every process. The graph it
    arrives at is saved once in the model cache (see _optimized_copy) and opened from there as it is, so
    later processes skip that work and run the very same graph.
    """
    import onnxruntime as ort

    if not os.path.exists(path):
        raise OcrEngineError(f"{what} not found: {path}")
    copy = _optimized_copy(path, ort.__version__)
    if copy is not None and os.path.exists(copy):
        try:
            return ort.InferenceSession(copy, sess_options=_session_options(ort, optimize=False),
                                        providers=["CPUExecutionProvider"])
        except Exception:  # noqa: BLE001 - a damaged copy: the model itself still opens
            pass
    opts = _session_options(ort, optimize=True)
    partial = None
    if copy is not None:
        partial = f"{copy}.{os.getpid()}.tmp"
        opts.optimized_model_filepath = partial
    try:
        return ort.InferenceSession(path, sess_options=opts, providers=["CPUExecutionProvider"])
    finally:
        if partial is not None and os.path.exists(partial):
            try:
                os.replace(partial, copy)  # whole or not at all: another process may be opening it
            except OSError:
                pass


def _session_options(ort, *, optimize: bool):
    """Session options: OCR_THREADS threads, quiet, the arena; the graph optimised or taken as it is."""
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = int(os.environ.get("OCR_THREADS", "1"))
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    # The arena reuses freed blocks within a run (a fresh allocation per operator costs ~0.1 s of page
    # faults on a cold process and a higher peak); the detector shrinks it back after every run
    # (_run_options), so a long-lived worker does not keep each image's peak. Input sizes change per
    # image, so no memory pattern.
    opts.enable_cpu_mem_arena = True
    opts.enable_mem_pattern = False
    if not optimize:  # an optimised copy: optimising it again would only repeat the work
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    return opts


def _optimized_copy(path: str, ort_version: str) -> str | None:
    """Where the optimised graph of the model at `path` is kept: OCR_MODEL_CACHE (empty: no cache), else
    the user's cache folder; None when it cannot be made. The name carries the model's size and time,
    onnxruntime's version and the CPU's features, since the graph is laid out for this CPU's vector units:
    a copy made elsewhere is never taken."""
    folder = os.environ.get("OCR_MODEL_CACHE")
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "yeobi-ocr")
    cpu = _cpu_features()
    if not folder or cpu is None:
        return None
    try:
        os.makedirs(folder, exist_ok=True)
        st = os.stat(path)
    except OSError:
        return None
    stem = os.path.splitext(os.path.basename(path))[0]
    return os.path.join(folder, f"{stem}-{st.st_size}-{st.st_mtime_ns}-ort{ort_version}-{cpu}.onnx")


def _cpu_features() -> str | None:
    """A short digest of this CPU's model and instruction-set flags (Linux), None where they are unknown."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            head = f.read(8192)
    except OSError:
        return None
    wanted = [line for line in head.splitlines() if line.startswith(("model name", "flags", "Features"))]
    if not wanted:
        return None
    return f"{zlib.crc32(' '.join(wanted[:2]).encode()):08x}"


def _run_options():
    """Run options that give the arena's memory back at the end of each run."""
    import onnxruntime as ort

    options = ort.RunOptions()
    options.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
    return options


def scale_for(shape: tuple) -> float:
    """The factor an image of this shape is resized by before detection."""
    h, w = shape[:2]
    # Small images are enlarged too: the detector misses text lines under about 12 px.
    return min(DET_LIMIT / max(h, w), (DET_AREA / (h * w)) ** 0.5)


def _prepare(bgr: np.ndarray, ratio: float) -> tuple[np.ndarray, float, float]:
    """Resize by `ratio` to multiples of 32; normalise."""
    h, w = bgr.shape[:2]
    nh, nw = max(32, int(round(h * ratio / 32)) * 32), max(32, int(round(w * ratio / 32)) * 32)
    img = cv2.resize(bgr, (nw, nh))
    x = (img.astype(np.float32) / 255.0 - 0.5) / 0.5
    return x.transpose(2, 0, 1)[None], h / nh, w / nw


def detect(bgr: np.ndarray) -> list[np.ndarray]:
    """Quadrilaterals (4x2 float arrays, page pixels) around each text line, top to bottom.

    A small image is enlarged for detection only when its text needs it: it is first looked at as it is,
    and when its lines are tall enough there (a screenshot, a small but sharp scan) that reading stands,
    at a fraction of the enlarged image's cost.
    """
    ratio = scale_for(bgr.shape)
    if ratio > 1.0:
        quads = _detect(bgr, 1.0)
        heights = [float(np.linalg.norm(q[3] - q[0])) for q in quads]
        if len(quads) >= 3 and float(pp.median(heights)) >= NATIVE_HEIGHT:
            return quads
    return _detect(bgr, ratio)


def looks_fragmented(quads: list[np.ndarray]) -> bool:
    """True when most boxes are glyph-sized squares rather than lines: dot-matrix print, whose dots the
    model does not join into words, comes out as one box per letter or per stroke."""
    if len(quads) < FRAGMENTS:
        return False
    square = tall = wide = 0
    for q in quads:
        w, h = float(np.linalg.norm(q[1] - q[0])), float(np.linalg.norm(q[3] - q[0]))
        square += w < 2 * h and h < 2 * w
        tall += h >= 2 * w
        wide += w >= 2 * h
    # Slivers twice as tall as wide are neither letters nor lines on an upright page: a barcode's bars. A
    # dotted slip over a barcode is judged by its letters and lines alone. A page lying on its side has
    # next to no box wider than tall (under a tenth of its tall ones): there the slivers are its lines.
    sideways = wide < 0.1 * tall
    return square > 0.6 * (len(quads) - (0 if sideways else tall))


def _detect(bgr: np.ndarray, ratio: float) -> list[np.ndarray]:
    """Detection with the image resized by `ratio`."""
    x, sy, sx = _prepare(bgr, ratio)
    try:
        prob = session().run(None, {"x": x}, _run_options())[0][0, 0]
    except OcrEngineError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise OcrEngineError("Text detection failed") from exc
    mask = (prob > BIN_THRESH).astype(np.uint8)
    contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    quads = []
    for contour in contours:
        if len(contour) < 4:
            continue
        rect = cv2.minAreaRect(contour)
        if min(rect[1]) < 3:
            continue
        if _score(prob, contour) < BOX_THRESH:
            continue
        quad = _unclip(rect)
        quad[:, 0] = np.clip(quad[:, 0] * sx, 0, bgr.shape[1] - 1)
        quad[:, 1] = np.clip(quad[:, 1] * sy, 0, bgr.shape[0] - 1)
        quads.append(quad)
    quads.sort(key=lambda q: (q[:, 1].mean(), q[:, 0].min()))
    return quads


def _score(prob: np.ndarray, contour: np.ndarray) -> float:
    """Mean probability inside the contour."""
    x, y, w, h = cv2.boundingRect(contour)
    mask = np.zeros((h, w), np.uint8)
    cv2.fillPoly(mask, [contour.reshape(-1, 2) - [x, y]], 1)
    return float(cv2.mean(prob[y:y + h, x:x + w], mask)[0])


def _unclip(rect) -> np.ndarray:
    """Grow the shrunk DB kernel back to the full text box (offset = area * ratio / perimeter)."""
    (cx, cy), (w, h), angle = rect
    offset = w * h * UNCLIP / (2 * (w + h))
    grown = ((cx, cy), (w + 2 * offset, h + 2 * offset), angle)
    return order_quad(cv2.boxPoints(grown))


def order_quad(pts: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left, with the long side horizontal."""
    pts = np.asarray(pts, np.float32)
    s, d = pts.sum(1), np.diff(pts, axis=1).ravel()
    quad = np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], np.float32)
    return quad
