"""Command-line groups beyond accounts (audit, receipts, OCR workers, demo data)."""
