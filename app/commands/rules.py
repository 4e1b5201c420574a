"""`flask rules show --on 2026-11-01`: the 여비 rules in force on a day, each with its source."""
from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from workflow.rates import NoRatesInForce
from workflow.rulebook import rules_in_force


rules_cli = AppGroup("rules", help="The 공무원 여비 규정 rules as data.")


@rules_cli.command("show")
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="A trip's start date (YYYY-MM-DD); today when left out")
def show_cmd(on) -> None:
    """Print the table in force for a trip starting on that day."""
    day = on.date() if on else date.today()
    try:
        table, rows = rules_in_force(day)
    except NoRatesInForce as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"여비 rules for a trip starting {day}: amounts of {table.effective} ({table.label}); "
               f"a trip crossing a later version stays under these ({table.crossing}).")
    for row in rows:
        since = "" if row.effective == date.min else f" (since {row.effective})"
        click.echo(f"- {row.rule}: {row.value}{since}")
        click.echo(f"    source: {row.source}")
        if row.caveat:
            click.echo(f"    note: {row.caveat}")
