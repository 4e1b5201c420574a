"""`flask access-log prune` (two-year retention) and `flask access-log report --month 2026-11`."""
from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from app.extensions import db
from app.services import access_log
from workflow.access_review import PEOPLE_MARGIN, READS_MARGIN, UNUSUAL_FACTOR, Volume, review

access_log_cli = AppGroup("access-log", help="The personal-data access log (안전성 확보조치 기준 제8조).")


def _month(_ctx, _param, value: str) -> date:
    try:
        return date.fromisoformat(f"{value}-01")
    except ValueError:
        raise click.BadParameter("give the month as YYYY-MM, e.g. 2026-11") from None


@access_log_cli.command("prune")
@click.option("--dry-run", is_flag=True, help="Count what would be removed, remove nothing.")
def prune_cmd(dry_run: bool) -> None:
    """Remove rows older than two years (run as the tables' owner, e.g. monthly from cron)."""
    cutoff = access_log.retention_cutoff()
    removed = access_log.prune(session=db.session, dry_run=dry_run)
    verb = "would remove" if dry_run else "removed"
    click.echo(f"{verb} {removed} access-log row(s) from before {cutoff.isoformat()}")


@access_log_cli.command("report")
@click.option("--month", required=True, callback=_month, metavar="YYYY-MM")
def report_cmd(month: date) -> None:
    """The monthly review: per reader, how many people's data and how many reads."""
    rows = access_log.reads_by_actor(session=db.session, month=month)
    users = {u.username: u for u, _, _ in rows}
    reviewed = review([Volume(u.username, people, reads) for u, people, reads in rows])
    click.echo(f"Access log review {month:%Y-%m} (Asia/Seoul): {len(reviewed)} reader(s); "
               f"unusual = over {UNUSUAL_FACTOR}x the median and at least {PEOPLE_MARGIN} people "
               f"or {READS_MARGIN} reads above it")
    click.echo(f"{'':2}{'reader':<16}{'name':<10}{'roles':<22}{'people':>7}{'reads':>8}")
    for r in reviewed:
        user = users[r.volume.actor]
        mark = "! " if r.unusual else "  "
        line = (f"{mark}{user.username:<16}{user.name:<10}{','.join(sorted(user.roles)):<22}"
                f"{r.volume.people:>7}{r.volume.reads:>8}")
        click.echo(line + (f"  unusual: {r.why}" if r.unusual else ""))
    if not reviewed:
        click.echo("  nobody read another person's data this month")
