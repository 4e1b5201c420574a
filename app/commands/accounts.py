"""`flask users create`, `flask units create` and `flask seed-demo`: the organisation and demo data."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.errors import AppError
from app.extensions import db
from app.services import accounts, approval_policy, demo
from app.services.ocr_jobs import job_settings
from app.settings import current_settings

users_cli = AppGroup("users", help="Manage users.")
units_cli = AppGroup("units", help="Manage agencies and units.")


def _fail(err: AppError) -> None:
    detail = err.detail
    if err.errors:
        detail += " " + "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in err.errors.items())
    raise click.ClickException(detail)


@users_cli.command("create")
@click.argument("username")
@click.option("--name", required=True, help="Full name, e.g. 김여비")
@click.option("--employee-no", required=True)
@click.option("--unit", "unit_code", help="Unit code the user belongs to")
@click.option("--grade", type=click.IntRange(1, 2), default=2, show_default=True,
              help="여비 규정 별표 1: 1 = 제1호, 2 = 제2호")
@click.option("--role", "roles", multiple=True, default=("traveler",), show_default=True,
              type=click.Choice(["traveler", "approver", "finance", "admin"]))
@click.option("--approves", multiple=True, help="Unit code this approver approves for")
@click.option("--service-account", is_flag=True, help="A finance system's account")
@click.password_option()
def create_user_cmd(username, name, employee_no, unit_code, grade, roles, approves,
                    service_account, password):
    """Create a user."""
    try:
        user = accounts.create_user(session=db.session, username=username, password=password,
                                    name=name, employee_no=employee_no, unit_code=unit_code,
                                    grade=grade, roles=roles, approves=approves,
                                    service_account=service_account)
    except AppError as err:
        _fail(err)
    click.echo(f"created user {user.username} (id {user.id}) roles={','.join(sorted(user.roles))}")


@units_cli.command("create")
@click.argument("code")
@click.option("--name", required=True)
@click.option("--agency", "agency_code", required=True, help="Agency code (created if new)")
@click.option("--location", help="Where the unit sits, e.g. 세종특별자치시")
def create_unit_cmd(code, name, agency_code, location):
    """Create a unit inside an agency."""
    try:
        unit = accounts.create_unit(session=db.session, agency_code=agency_code, code=code,
                                    name=name, location=location)
    except AppError as err:
        _fail(err)
    click.echo(f"created unit {unit.code} (id {unit.id}) in {agency_code}")


@click.command("seed-demo")
@click.option("--password", default="yeobi-demo", show_default=True)
@click.option("--with-trips/--no-trips", default=True, show_default=True,
              help="Also create sample trips with receipts")
def seed_demo_cmd(password, with_trips):
    """Create the demo agency, units and users (and sample trips), then print them."""
    users = accounts.seed_demo(session=db.session, password=password)
    click.echo(f"{'username':<10} {'name':<8} {'roles':<18} {'unit':<7} approves")
    for u in users:
        click.echo(f"{u.username:<10} {u.name:<8} {','.join(u.roles):<18} {u.unit or '-':<7} "
                   f"{','.join(u.approves) or '-'}")
    click.echo(f"password for all: {password}")
    click.echo("\n".join(approval_policy.seed_demo_policy(session=db.session)))  # issue 15
    if with_trips:
        for line in demo.seed_demo_trips(session=db.session, settings=current_settings(),
                                         ocr_run=job_settings(current_app)):
            click.echo(line)
