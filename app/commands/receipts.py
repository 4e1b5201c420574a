"""`flask receipts gc`: remove stored receipt files that no receipt row names."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.extensions import db
from app.services.receipts import collect_garbage

receipts_cli = AppGroup("receipts", help="Receipt storage.")


@receipts_cli.command("gc")
@click.option("--min-age", default=3600, show_default=True, type=click.IntRange(min=0),
              help="Only files older than this many seconds (uploads in flight are younger).")
@click.option("--dry-run", is_flag=True, help="List what would be removed, remove nothing.")
def gc_cmd(min_age: int, dry_run: bool) -> None:
    """Remove orphan files under UPLOAD_DIR (left by a crash between file and database row)."""
    removed = collect_garbage(session=db.session, upload_dir=current_app.config["UPLOAD_DIR"],
                              min_age_s=min_age, dry_run=dry_run)
    for path in removed:
        click.echo(("would remove " if dry_run else "removed ") + path)
    click.echo(f"{len(removed)} orphan file(s) {'found' if dry_run else 'removed'}")
