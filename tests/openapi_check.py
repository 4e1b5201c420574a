"""A test client that checks every /api/ response against the OpenAPI document."""
from __future__ import annotations

import re

from flask.testing import FlaskClient
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource

_converters = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


class UndocumentedResponse(AssertionError):
    """The API answered something its OpenAPI document does not describe."""


def _spec_for(app) -> dict:
    cache = app.extensions.setdefault("_openapi_cache", {})
    if "spec" not in cache:
        cache["spec"] = app.extensions["yeobi_api"].spec.to_dict()
    return cache["spec"]


def check_response(app, method: str, rule: str, status: int, body, mimetype: str | None = None) -> None:
    """Raise UndocumentedResponse unless `body` matches the documented schema for `status`."""
    spec = _spec_for(app)
    path = _converters.sub(r"{\1}", rule)
    op = spec.get("paths", {}).get(path, {}).get(method.lower())
    if op is None:
        raise UndocumentedResponse(f"{method} {path} is not in the OpenAPI document")
    responses = op.get("responses", {})
    entry = responses.get(str(status)) or responses.get("default")
    if entry is None:
        raise UndocumentedResponse(f"{method} {path} -> {status} is not documented")
    if "$ref" in entry:
        entry = spec["components"]["responses"][entry["$ref"].rsplit("/", 1)[-1]]
    content = entry.get("content") or {}
    if mimetype and mimetype.endswith("json") and content and mimetype not in content:
        raise UndocumentedResponse(f"{method} {path} -> {status}: answered {mimetype}, documented "
                                   f"{', '.join(content)}")
    media = content.get(mimetype or "") or content.get("application/json") or content.get(
        "application/problem+json")
    if not media or "schema" not in media or body is None:
        return
    registry = Registry().with_resource("urn:spec", Resource.opaque(spec))
    schema = dict(media["schema"])
    schema = _rebase_refs(schema)
    validator = OAS30Validator(schema, registry=registry)
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
    if errors:
        raise UndocumentedResponse(
            f"{method} {path} -> {status}: body does not match the schema: {errors[0].message} "
            f"at {list(errors[0].path)}")


def _rebase_refs(node):
    if isinstance(node, dict):
        return {k: ("urn:spec" + v if k == "$ref" and v.startswith("#") else _rebase_refs(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_rebase_refs(v) for v in node]
    return node


class ValidatingClient(FlaskClient):
    """FlaskClient that validates JSON answers of /api/v1 endpoints against the spec."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        request = getattr(response, "request", None)
        if request is None or not request.path.startswith("/api/v1/"):
            return response
        if request.path in ("/api/v1/openapi.json", "/api/v1/docs"):
            return response
        if response.status_code == 405:
            return response
        try:
            rule, _args = self.application.url_map.bind("localhost").match(
                request.path, method=request.method, return_rule=True)
        except Exception:  # 404 for unknown paths: nothing to document
            return response
        rule = rule.rule
        body = response.get_json(silent=True) if (response.mimetype or "").endswith("json") else None
        check_response(self.application, request.method, rule, response.status_code, body,
                       response.mimetype)
        return response
