"""A local mail catcher for development and tests: aiosmtpd keeping each mail as an .eml file."""
from __future__ import annotations

import email
import email.policy
import itertools
import threading
import time
from pathlib import Path


class Keeper:
    """aiosmtpd handler: every accepted message kept in memory and, if a folder is given, on disk."""

    def __init__(self, folder: str | None = None) -> None:
        self.folder = Path(folder) if folder else None
        if self.folder:
            self.folder.mkdir(parents=True, exist_ok=True)
        self.messages: list[email.message.EmailMessage] = []
        self.arrived: list[float] = []
        self._lock, self._seq = threading.Lock(), itertools.count(1)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        """Keep the message; 250 tells the sender it was taken."""
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
            self.arrived.append(time.time())
            n = next(self._seq)
        if self.folder:
            name = f"{time.strftime('%Y%m%d-%H%M%S')}-{n:05d}"
            (self.folder / f"{name}.eml").write_bytes(raw)
            # The same mail decoded, to read with cat (the .eml is base64 UTF-8).
            text = (f"To: {message['To']}\nSubject: {message['Subject']}\n\n"
                    f"{message.get_body(('plain',)).get_content() if message.get_body(('plain',)) else ''}")
            (self.folder / f"{name}.txt").write_text(text, encoding="utf-8")
            print(f"mail to {message['To']}: {message['Subject']} -> {self.folder / name}.txt", flush=True)
        return "250 Message accepted for delivery"


def start_catcher(host: str = "127.0.0.1", port: int = 8025, folder: str | None = None):
    """Start aiosmtpd in a thread; the controller (controller.handler.messages holds the mails)."""
    from aiosmtpd.controller import Controller

    controller = Controller(Keeper(folder), hostname=host, port=port)
    controller.start()
    return controller
