"""`flask audit verify`: recompute every trip's hash chain and report what was changed or removed."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from app.extensions import db
from app.services.audit import verify_chains


def register(app: Flask) -> None:
    """Add the `audit` command group."""
    group = AppGroup("audit", help="Check the insert-only audit trail.")

    @group.command("verify")
    @click.option("--trip", "trip_id", type=int, help="Only this trip")
    def verify(trip_id: int | None) -> None:
        """Recompute the hash chains; exit 1 when any row was altered or deleted."""
        report = verify_chains(session=db.session, trip_id=trip_id)
        for problem in report.problems:
            click.echo(f"trip {problem.trip_id} row {problem.seq}: {problem.reason}", err=True)
        click.echo(f"checked {report.trips} trips, {report.rows} audit rows: "
                   f"{'OK' if report.ok else f'{len(report.problems)} problem(s)'}")
        if not report.ok:
            raise SystemExit(1)

    app.cli.add_command(group)
