"""`flask db-role NAME`: the PostgreSQL role the application runs as (owns no table)."""
from __future__ import annotations

import os

import click

from app.errors import AppError
from app.extensions import db
from app.services.db_role import INSERT_ONLY_TABLES, grant_app_role


@click.command("db-role")
@click.argument("role", default="yeobi_app")
@click.option("--password-env", metavar="VAR",
              help="Set the role's password from this environment variable")
def db_role_cmd(role: str, password_env: str | None) -> None:
    """Create or update ROLE: DML on the working tables, SELECT+INSERT only on the trails.

    Run it as the tables' owner (the migrations' DATABASE_URL), again after every migration.
    """
    password = os.environ.get(password_env) if password_env else None
    if password_env and not password:
        raise click.ClickException(f"{password_env} is not set")
    try:
        with db.engine.begin() as conn:
            tables = grant_app_role(conn=conn, role=role, password=password)
    except AppError as err:
        raise click.ClickException(err.detail) from None
    click.echo(f"role {role}: {len(tables)} tables; SELECT, INSERT only on "
               f"{', '.join(INSERT_ONLY_TABLES)}; no TRUNCATE; owns nothing")
