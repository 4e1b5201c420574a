"""`flask approval-policy show|set UNIT`: a unit's 위임전결 rules as JSON (issue 15)."""
from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from app.errors import AppError
from app.extensions import db
from app.services import approval_policy as svc


def _unit(value: str) -> int | str:
    return int(value) if value.isdigit() else value


def _fail(err: AppError) -> None:
    detail = err.detail
    if err.errors:
        detail += " " + "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in err.errors.items())
    raise click.ClickException(detail)


approval_policy_cli = AppGroup("approval-policy", help="Approval policies (결재선 by 위임전결 rules).")


@approval_policy_cli.command("show")
@click.argument("unit")
def show(unit: str) -> None:
    """Print UNIT's policy (code or id) as JSON; empty rules mean one 결재 step."""
    try:
        policy = svc.get_policy(session=db.session, unit=_unit(unit))
    except AppError as err:
        _fail(err)
    policy["updated_at"] = policy["updated_at"].isoformat() if policy["updated_at"] else None
    click.echo(json.dumps(policy, ensure_ascii=False, indent=2))


@approval_policy_cli.command("set")
@click.argument("unit")
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
def set_(unit: str, source) -> None:
    """Replace UNIT's policy with the JSON in SOURCE (a file, or - for standard input):
    {"rules": [...], "settlement_rules": [...]}. Trips already applied keep their line."""
    try:
        data = json.load(source)
    except ValueError as exc:
        raise click.ClickException(f"Not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise click.ClickException('Give an object: {"rules": [...]}.')
    try:
        policy = svc.set_policy(session=db.session, actor=None, unit=_unit(unit), data=data)
    except AppError as err:
        _fail(err)
    click.echo(f"approval policy of {policy['unit_code']}: {len(policy['rules'])} rule(s), "
               f"{len(policy['settlement_rules'])} settlement rule(s)")


@approval_policy_cli.command("position")
@click.argument("username")
@click.argument("title", required=False)
def position(username: str, title: str | None) -> None:
    """Set USERNAME's 직위 (e.g. 과장) that `position` conditions match; no TITLE clears it."""
    try:
        user = svc.set_position_title(session=db.session, username=username, title=title)
    except AppError as err:
        _fail(err)
    click.echo(f"{user.username}: {user.position_title or '(no position title)'}")
