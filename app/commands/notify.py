"""`flask notify reminders | send | worker | vapid-keys | mail-catcher`: notifications from the shell."""
from __future__ import annotations

import base64

import click
from flask import current_app
from flask.cli import AppGroup

from app.extensions import db

notify_cli = AppGroup("notify", help="Notifications: reminders, sending the outbox, keys.")


@notify_cli.command("reminders")
@click.option("--send/--no-send", default=True, show_default=True,
              help="Also send the new mails and pushes now (else the worker does)")
def reminders_cmd(send):
    """Write the due reminders and digests (each once, however often this runs); cron it."""
    from app.services.notify_reminders import run_reminders
    from app.services.notify_worker import dispatch, run_due

    report = run_reminders(session=db.session, config=current_app.config)
    for kind, count in sorted(report.written.items()):
        click.echo(f"{kind}: {count}")
    click.echo(f"digests: {report.digests}; new mails/pushes: {len(report.outbox_ids)}")
    if report.outbox_ids and send:
        counts = run_due(db.session, current_app.config, ids=report.outbox_ids)
        click.echo("sent: " + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"))
    elif report.outbox_ids:
        dispatch(current_app._get_current_object(), report.outbox_ids)


@notify_cli.command("send")
def send_cmd():
    """Send every due mail and push once, in this process (recovering abandoned ones)."""
    from app.services.notify_worker import recover, run_due

    recovered = recover(db.session, current_app.config)
    counts = run_due(db.session, current_app.config)
    click.echo(f"recovered {recovered}; " + (", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
                                             or "nothing due"))


@notify_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty")
def worker_cmd(burst):
    """Run an RQ worker for notifications (REDIS_URL); without Redis, use the embedded pool."""
    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: the serving process sends notifications "
                                   "itself (NOTIFY_EMBEDDED_WORKER=1), or run `flask notify send`.")
    from app.services.notify_queue import work

    work(burst=burst)


@notify_cli.command("vapid-keys")
def vapid_keys_cmd():
    """Print a new VAPID key pair for VAPID_PRIVATE_KEY / VAPID_PUBLIC_KEY."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    raw = key.private_numbers().private_value.to_bytes(32, "big")
    point = key.public_key().public_bytes(serialization.Encoding.X962,
                                          serialization.PublicFormat.UncompressedPoint)
    b64 = lambda b: base64.urlsafe_b64encode(b).decode().rstrip("=")  # noqa: E731
    click.echo(f"VAPID_PRIVATE_KEY={b64(raw)}")
    click.echo(f"VAPID_PUBLIC_KEY={b64(point)}")


@notify_cli.command("mail-catcher")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8025, show_default=True)
@click.option("--maildir", default="instance/mail", show_default=True)
def mail_catcher_cmd(host, port, maildir):
    """A local SMTP server (aiosmtpd) that keeps every mail as a file in MAILDIR (development)."""
    import time

    from app.services.notify_catcher import start_catcher

    controller = start_catcher(host, port, maildir)
    click.echo(f"mail catcher on smtp://{host}:{port}; mails in {maildir}/ (SMTP_URL=smtp://{host}:{port})")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        controller.stop()
