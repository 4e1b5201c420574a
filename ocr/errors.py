"""Typed errors raised by the OCR package; the web layer maps them to responses."""


class OcrError(Exception):
    """Base class of every error the OCR package raises on purpose."""

    default_message = "OCR failed"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)
        self.message = message or self.default_message


class OcrInputError(OcrError):
    """The uploaded bytes cannot be read as a receipt image or PDF."""

    default_message = "The file cannot be read"


class EmptyInput(OcrInputError):
    """No bytes at all."""

    default_message = "The file is empty"


class UnsupportedType(OcrInputError):
    """Not a JPEG, PNG, WebP, HEIC or PDF file."""

    default_message = "Unsupported file type; send a JPEG, PNG, WebP, HEIC or PDF"


class ImageTooLarge(OcrInputError):
    """Too many pixels, or a decompression bomb."""

    default_message = "The image has too many pixels"


class CorruptInput(OcrInputError):
    """Truncated or undecodable data."""

    default_message = "The file is damaged or truncated"


class EncryptedPdf(OcrInputError):
    """A password-protected PDF."""

    default_message = "The PDF is encrypted; send it without a password"


class OcrEngineError(OcrError):
    """Anything else that went wrong inside an OCR engine."""

    default_message = "The OCR engine failed"
