"""Input at the edge: JSON size, depth and text that cannot be stored, refused before any handler.

Every handler then sees only bodies the database can hold: no lone surrogate (SQLite stores it and
every later read of the row fails), no NUL (PostgreSQL text refuses it), no nesting deep enough to
exhaust the parser's recursion.
"""
from __future__ import annotations

import json

from flask import Flask, request
from werkzeug.routing import IntegerConverter

from app.errors import PayloadTooLarge, ValidationFailed
from workflow.bounds import MAX_ID, storable_text

MAX_JSON_BYTES = 1024 * 1024  # the largest honest body, a settle with 400 nights, is under 100 KB
MAX_JSON_DEPTH = 32  # our deepest schema nests 4 levels


def json_depth_exceeds(raw: bytes, limit: int) -> bool:
    """True when brackets outside strings nest deeper than `limit` (a linear scan, no recursion)."""
    depth, in_string, escaped = 0, False, False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def first_bad_text(value: object, where: str = "body") -> str | None:
    """The path of the first string (key or value) that cannot be stored, or None."""
    stack = [(value, where)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if not storable_text(item):
                return path
        elif isinstance(item, dict):
            for key, child in item.items():
                if not storable_text(key):
                    return path
                stack.append((child, f"{path}.{key}"))
        elif isinstance(item, list):
            stack.extend((child, f"{path}[{i}]") for i, child in enumerate(item))
    return None


BAD_TEXT = "Text with a NUL character or an unpaired surrogate cannot be stored."


def _check_json() -> None:
    if (request.content_length or 0) > MAX_JSON_BYTES:
        raise PayloadTooLarge(f"A JSON body is at most {MAX_JSON_BYTES:,} bytes.")
    raw = request.get_data(cache=True)
    if len(raw) > MAX_JSON_BYTES:
        raise PayloadTooLarge(f"A JSON body is at most {MAX_JSON_BYTES:,} bytes.")
    if json_depth_exceeds(raw, MAX_JSON_DEPTH):
        raise ValidationFailed("The JSON body is nested too deeply.",
                               errors={"body": [f"At most {MAX_JSON_DEPTH} levels of nesting."]})
    try:
        body = json.loads(raw) if raw.strip() else None
    except ValueError:
        return None  # the handler's parser answers 400 for malformed JSON
    bad = first_bad_text(body)
    if bad is not None:
        raise ValidationFailed(BAD_TEXT, errors={bad: [BAD_TEXT]})
    return None


def _text_ok(value: object) -> bool:
    # A multipart part whose name is not UTF-8 arrives with no name at all (None).
    return isinstance(value, str) and storable_text(value)


def _check_form() -> None:
    for key, value in request.form.items(multi=True):
        if not _text_ok(key) or not _text_ok(value):
            raise ValidationFailed(BAD_TEXT, errors={key if _text_ok(key) else "form": [BAD_TEXT]})
    for key in request.files:
        if not _text_ok(key):
            raise ValidationFailed(BAD_TEXT, errors={"form": [BAD_TEXT]})


class BoundedIntConverter(IntegerConverter):
    """`<int:id>` that matches only ids a column can hold: a larger one is a 404, not a 500."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 (werkzeug's signature)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_edge(app: Flask) -> None:
    """Bounded ids on every route, and the body checks (API, web pages, phone app)."""
    app.url_map.converters["int"] = BoundedIntConverter

    @app.before_request
    def _guard_input():
        for key, value in request.args.items(multi=True):  # filters of every GET
            if not _text_ok(key) or not _text_ok(value):
                raise ValidationFailed(BAD_TEXT, errors={"query": [BAD_TEXT]})
        if request.method not in ("POST", "PUT", "PATCH"):
            return None
        if request.is_json:
            _check_json()
        elif request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            _check_form()
        return None
