"""The channels' wire side: a mail over SMTP (SMTP_URL), a Web Push message (VAPID, aes128gcm)."""
from __future__ import annotations

import base64
import json
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

from cryptography.hazmat.primitives import serialization


class SendError(Exception):
    """A send that may work later (the worker retries it)."""


class Gone(Exception):
    """The push service says the subscription no longer exists (404/410): drop it."""

    def __init__(self, status: int) -> None:
        super().__init__(f"push subscription gone ({status})")
        self.status = status


@dataclass(frozen=True)
class Mail:
    """One mail to send; `message_id` is stable per outbox row so a retried mail is recognisable."""

    to: str
    subject: str
    text: str
    message_id: str


def build_message(mail: Mail, sender: str) -> EmailMessage:
    """The RFC 5322 message, UTF-8, plain text."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, mail.to, mail.subject
    msg["Date"], msg["Message-ID"] = formatdate(localtime=False), mail.message_id
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a robot
    msg.set_content(mail.text)
    return msg


def mail_domain(sender: str) -> str:
    """The domain of MAIL_FROM, for Message-IDs."""
    return parseaddr(sender)[1].rpartition("@")[2] or "yeobi.local"


class MailSender:
    """One SMTP connection reused for a run of mails; reconnects after an error."""

    def __init__(self, url: str, sender: str, timeout: float = 10.0) -> None:
        self.url, self.sender, self.timeout = url, sender, timeout
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        parts = urlsplit(self.url)
        query = parse_qs(parts.query)
        host, secure = parts.hostname or "localhost", parts.scheme == "smtps"
        port = parts.port or (465 if secure else 25)
        smtp = (smtplib.SMTP_SSL(host, port, timeout=self.timeout, context=ssl.create_default_context())
                if secure else smtplib.SMTP(host, port, timeout=self.timeout))
        if not secure and query.get("starttls", ["0"])[0] == "1":
            smtp.starttls(context=ssl.create_default_context())
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
        return smtp

    def send(self, mail: Mail) -> None:
        """Hand one mail to the SMTP server; SendError when it cannot be handed over now."""
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            self._smtp.send_message(build_message(mail, self.sender))
        except smtplib.SMTPRecipientsRefused as exc:
            self.close()
            raise SendError(f"recipient refused: {exc.recipients}") from None
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise SendError(f"SMTP: {exc.__class__.__name__}: {exc}") from None

    def close(self) -> None:
        """Quit the connection, if any."""
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self._smtp = None


def vapid_public_key(private_key: str | None, configured: str | None = None) -> str | None:
    """The applicationServerKey browsers subscribe with: base64url of the uncompressed P-256 point."""
    if configured:
        return configured
    if not private_key:
        return None
    from py_vapid import Vapid

    point = Vapid.from_string(private_key).public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(point).decode().rstrip("=")


def send_push(*, endpoint: str, p256dh: str, auth: str, payload: dict, config, topic: str) -> int:
    """Encrypt (RFC 8291, aes128gcm) and POST one message with a VAPID token (RFC 8292).

    Returns the push service's status; raises Gone on 404/410, SendError on anything retryable.
    """
    from pywebpush import WebPushException, webpush

    subscription = {"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}}
    data = json.dumps(payload, ensure_ascii=False)
    try:
        response = webpush(subscription, data=data, vapid_private_key=config["VAPID_PRIVATE_KEY"],
                           vapid_claims={"sub": config["VAPID_SUBJECT"]}, ttl=86400,
                           timeout=config["NOTIFY_SEND_TIMEOUT"],
                           headers={"Topic": topic, "Urgency": "normal"})
    except WebPushException as exc:
        status = exc.status_code
        if status in (404, 410):
            raise Gone(status) from None
        raise SendError(f"push service answered {status}: {exc.message[:300]}") from None
    except Exception as exc:  # noqa: BLE001 - connection refused, timeout, TLS: retry later
        raise SendError(f"push: {exc.__class__.__name__}: {exc}") from None
    return response.status_code
