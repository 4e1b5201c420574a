"""`flask audit verify`: recompute every trip's hash chain and report what was changed or removed."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.config import DEV_AUDIT_KEY
from app.extensions import db
from app.services.audit import verify_chains
from app.settings import current_settings


audit_cli = AppGroup("audit", help="Check the insert-only audit trail.")


@audit_cli.command("verify")
@click.option("--trip", "trip_id", type=int, help="Only this trip")
def verify_cmd(trip_id: int | None) -> None:
    """Check every row's MAC, link and trip head; exit 1 naming each trip's first bad row."""
    if current_app.config["AUDIT_KEY"] == DEV_AUDIT_KEY:
        click.echo("note: AUDIT_KEY is the development default; this proves nothing in "
                   "production", err=True)
    report = verify_chains(session=db.session, keys=current_settings().audit_keys,
                           trip_id=trip_id)
    for problem in report.problems:
        click.echo(f"trip {problem.trip_id} row {problem.seq}: {problem.reason}", err=True)
    click.echo(f"checked {report.trips} trips, {report.rows} audit rows: "
               f"{'OK' if report.ok else f'{len(report.problems)} problem(s)'}")
    if not report.ok:
        raise SystemExit(1)
