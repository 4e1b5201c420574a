"""Optional engine: PaddleOCR with detection and Korean recognition models from local folders.

Enable with OCR_ENGINE=paddle and the [paddle] extra; set PADDLE_DET_DIR and PADDLE_REC_DIR to model
folders. It never downloads: the model-source check is disabled and missing folders raise at once.
"""

from __future__ import annotations

import os
import threading

import numpy as np

from ocr.errors import OcrEngineError
from ocr.model import TextLine


class PaddleEngine:
    """PaddleOCR 3 pipeline on CPU (mkldnn off: paddlepaddle 3.3 on CPU fails with it on)."""

    name = "paddle"
    _shared: "PaddleEngine | None" = None
    _lock = threading.Lock()

    @classmethod
    def shared(cls) -> "PaddleEngine":
        """One engine per process; calls into it are serialised."""
        with cls._lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    def __init__(self) -> None:
        det, rec = os.environ.get("PADDLE_DET_DIR"), os.environ.get("PADDLE_REC_DIR")
        if not det or not rec or not os.path.isdir(det) or not os.path.isdir(rec):
            raise OcrEngineError("PaddleOCR needs PADDLE_DET_DIR and PADDLE_REC_DIR "
                                 "pointing at model folders")
        os.environ["PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK"] = "True"
        try:
            from paddleocr import PaddleOCR
        except ImportError as exc:
            raise OcrEngineError("PaddleOCR is not installed; install the [paddle] extra") from exc
        self._ocr = PaddleOCR(
            text_detection_model_dir=det, text_recognition_model_dir=rec,
            text_detection_model_name=os.environ.get("PADDLE_DET_NAME", "PP-OCRv5_mobile_det"),
            text_recognition_model_name=os.environ.get("PADDLE_REC_NAME", "korean_PP-OCRv5_mobile_rec"),
            use_doc_orientation_classify=False, use_doc_unwarping=False, use_textline_orientation=False,
            enable_mkldnn=False, device="cpu")
        self._run_lock = threading.Lock()

    def read(self, image: np.ndarray) -> list[TextLine]:
        """Text lines with boxes from the PaddleOCR pipeline."""
        with self._run_lock:
            results = self._ocr.predict(image)
        lines = []
        for res in results:
            for text, score, poly in zip(res["rec_texts"], res["rec_scores"], res["rec_polys"]):
                pts = np.asarray(poly)
                box = (int(pts[:, 0].min()), int(pts[:, 1].min()), int(pts[:, 0].max()), int(pts[:, 1].max()))
                if text.strip():
                    lines.append(TextLine(text=text, box=box, conf=float(score)))
        return sorted(lines, key=lambda l: (l.cy, l.box[0]))
