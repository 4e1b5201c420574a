"""The PostgreSQL role the application runs as: it owns nothing and cannot rewrite the trails.

The tables belong to the role that runs the migrations (`flask db upgrade`) and the retention
prune; the application's role may read and write the working tables but only SELECT and INSERT
the audit trail and the access log: no UPDATE, DELETE or TRUNCATE, and, owning nothing, it cannot
switch the triggers off either. Re-run after each migration (new tables get their grants).
"""
from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import Connection

from app.errors import ValidationFailed

INSERT_ONLY_TABLES = ("trip_events", "access_log")
READ_ONLY_TABLES = ("alembic_version",)
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def role_statements(*, role: str, password: str | None, database: str,
                    tables: list[str]) -> list[str]:
    """The SQL that (re)creates `role` with exactly the application's privileges."""
    if not ROLE_NAME.match(role):
        raise ValidationFailed(errors={"role": ["Lower-case letters, digits and _ only."]})
    statements = [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
        f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; END IF; END $$",
        f"ALTER ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS",
        f'GRANT CONNECT ON DATABASE "{database}" TO {role}',
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
    ]
    if password:
        statements.append(f"ALTER ROLE {role} PASSWORD '{password.replace(chr(39), chr(39) * 2)}'")
    for table in sorted(tables):
        if table in INSERT_ONLY_TABLES:
            privileges = "SELECT, INSERT"
        elif table in READ_ONLY_TABLES:
            privileges = "SELECT"
        else:
            privileges = "SELECT, INSERT, UPDATE, DELETE"
        statements.append(f'GRANT {privileges} ON "{table}" TO {role}')
    return statements


def grant_app_role(*, conn: Connection, role: str, password: str | None = None) -> list[str]:
    """Create or update the application role on PostgreSQL; returns the tables it was granted."""
    if conn.dialect.name != "postgresql":
        raise ValidationFailed("Database roles exist on PostgreSQL only.")
    owned = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                              "AND tableowner = :role"), {"role": role}).scalars().all()
    if owned or role == conn.execute(text("SELECT current_user")).scalar():
        raise ValidationFailed(f"Role {role} owns the tables: the application must run as a "
                               "role that does not (pick another name).")
    tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                          ).scalars().all()
    database = conn.execute(text("SELECT current_database()")).scalar()
    for statement in role_statements(role=role, password=password, database=database,
                                     tables=list(tables)):
        conn.execute(text(statement))
    return sorted(tables)
