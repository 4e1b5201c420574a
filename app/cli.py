"""The command line: every `flask ...` group of Yeobi, registered by name in one place."""
from __future__ import annotations

from flask import Flask

from app.commands.access_log import access_log_cli
from app.commands.accounts import seed_demo_cmd, units_cli, users_cli
from app.commands.approval_policy import approval_policy_cli
from app.commands.audit import audit_cli
from app.commands.db_role import db_role_cmd
from app.commands.notify import notify_cli
from app.commands.ocr import ocr_worker_cmd
from app.commands.receipts import receipts_cli
from app.commands.rules import rules_cli

# A new command is imported above and added here.
COMMANDS = (users_cli, units_cli, seed_demo_cmd, audit_cli, access_log_cli, db_role_cmd, receipts_cli,
            ocr_worker_cmd, rules_cli, notify_cli, approval_policy_cli)


def register_cli(app: Flask) -> None:
    """Attach every command group of COMMANDS to the app."""
    for command in COMMANDS:
        app.cli.add_command(command)
