"""Yeobi OCR: Korean rail/bus tickets, card slips and taxi receipts to structured fields, offline.

Imports nothing from app/ or workflow/.
"""

from ocr import patterns

with patterns.kept():  # the parsers' patterns from their kept opcodes (~0.1 s of every process's start)
    from ocr.errors import (CorruptInput, EmptyInput, EncryptedPdf, ImageTooLarge, OcrEngineError, OcrError,
                            OcrInputError, UnsupportedType)
    from ocr.loader import check_image, sniff_type
    from ocr.model import FIELD_NAMES, KEY_FIELDS, Extraction, TextLine
    from ocr.pipeline import extract

__all__ = [
    "extract", "Extraction", "TextLine", "sniff_type", "check_image", "FIELD_NAMES", "KEY_FIELDS",
    "OcrError", "OcrInputError", "EmptyInput", "UnsupportedType", "ImageTooLarge", "CorruptInput",
    "EncryptedPdf", "OcrEngineError",
]
