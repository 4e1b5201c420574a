"""Marshmallow schemas shared by the API modules."""
from __future__ import annotations

from datetime import datetime

from marshmallow import Schema, ValidationError, fields, validate

from workflow import bounds


def Id(**kwargs) -> fields.Integer:  # noqa: N802 (a field factory, read like a field class)
    """An id a column can hold (1 .. 2^31-1): larger ones cannot exist."""
    return fields.Integer(validate=validate.Range(min=1, max=bounds.MAX_ID), **kwargs)


# The sane range of years (workflow.bounds) as a pattern, so the document states it too (OpenAPI 3.0
# has no minimum for a date string); the validators below decide.
YEAR_PATTERN = r"^(20[0-9]{2}|2100)-"


def Day(**kwargs) -> fields.Date:  # noqa: N802
    """A date within workflow.bounds' sane range (2000-01-01 .. 2100-12-31)."""
    metadata = {"pattern": YEAR_PATTERN, **kwargs.pop("metadata", {})}
    return fields.Date(validate=validate.Range(min=bounds.MIN_DATE, max=bounds.MAX_DATE),
                       metadata=metadata, **kwargs)


def _sane_moment(value: datetime) -> None:
    if not bounds.MIN_DATE <= value.date() <= bounds.MAX_DATE:
        raise ValidationError(f"Between {bounds.MIN_DATE} and {bounds.MAX_DATE}.")


def Moment(**kwargs) -> fields.AwareDateTime:  # noqa: N802
    """An ISO 8601 time with its offset, within the sane range of dates."""
    return fields.AwareDateTime(format="iso", validate=_sane_moment, metadata={
        "description": f"ISO 8601 with offset, {bounds.MIN_DATE} .. {bounds.MAX_DATE}",
        "pattern": YEAR_PATTERN, **kwargs.pop("metadata", {})}, **kwargs)


def Version(**kwargs) -> fields.Integer:  # noqa: N802
    """The trip version the client saw (optimistic locking)."""
    return fields.Integer(validate=validate.Range(min=0, max=bounds.MAX_ID), **kwargs)


class ProblemSchema(Schema):
    """RFC 9457 problem details."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    instance = fields.String(allow_none=True)
    errors = fields.Dict(keys=fields.String())
    current_status = fields.String()
    current_version = fields.Integer()


class PageArgsSchema(Schema):
    """?page=1&per_page=20 (at most 100 a page)."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class PageMetaSchema(Schema):
    """Where this page sits in the whole list."""

    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)


class UnitSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()


class UserSchema(Schema):
    """A user as the API shows them (never the password hash)."""

    id = fields.Integer()
    username = fields.String()
    name = fields.String()
    employee_no = fields.String()
    grade = fields.Integer()
    roles = fields.Method("get_roles")
    unit = fields.Nested(UnitSchema, allow_none=True)
    approves_unit_ids = fields.Method("get_approves")
    is_service_account = fields.Boolean()

    def get_roles(self, user) -> list[str]:
        return sorted(user.roles)

    def get_approves(self, user) -> list[int]:
        return sorted(user.approved_unit_ids)


class LoginSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=80))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=200))


class TokensSchema(Schema):
    access_token = fields.String(required=True)
    refresh_token = fields.String()
    token_type = fields.String(required=True)
    expires_in = fields.Integer(required=True)
    user = fields.Nested(UserSchema)


class MessageSchema(Schema):
    message = fields.String(required=True)


def page_meta(page: int, per_page: int, total: int) -> dict:
    """Pagination metadata for a list response."""
    return {"page": page, "per_page": per_page, "total": total,
            "pages": max(1, -(-total // per_page))}
