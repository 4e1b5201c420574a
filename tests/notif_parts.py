"""Real parts for the notification tests: an SMTP server (aiosmtpd) and a Web Push service.

The push service is a local HTTP endpoint that does what a browser vendor's does before it takes a
message (RFC 8030): it checks the VAPID token (RFC 8292: ES256 JWT, aud, exp, sub, the k= key) and
the aes128gcm body (RFC 8188/8291), and the test decrypts the message with the device's private key.
"""
from __future__ import annotations

import base64
import json
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unb64u(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def vapid_pair() -> tuple[str, str]:
    """(VAPID_PRIVATE_KEY, its public key), both base64url, as `flask notify vapid-keys` prints."""
    key = ec.generate_private_key(ec.SECP256R1())
    raw = key.private_numbers().private_value.to_bytes(32, "big")
    point = key.public_key().public_bytes(serialization.Encoding.X962,
                                          serialization.PublicFormat.UncompressedPoint)
    return b64u(raw), b64u(point)


@dataclass
class Device:
    """A browser's side of a subscription: its ECDH key pair and auth secret (RFC 8291)."""

    token: str
    key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    def subscription(self, base: str) -> dict:
        """What PushSubscription.toJSON() gives the app to post to the server."""
        point = self.key.public_key().public_bytes(serialization.Encoding.X962,
                                                   serialization.PublicFormat.UncompressedPoint)
        return {"endpoint": f"{base}/push/{self.token}", "expirationTime": None,
                "keys": {"p256dh": b64u(point), "auth": b64u(self.auth)}}


@dataclass
class Received:
    """One message the push service took, with what it checked."""

    token: str
    headers: dict
    claims: dict
    body: bytes


class PushService:
    """A local push service; `answers` maps a token to the status it answers (default 201)."""

    def __init__(self, vapid_public: str) -> None:
        self.vapid_public, self.port = vapid_public, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.received: list[Received] = []
        self.refused: list[str] = []
        self.answers: dict[str, list[int]] = {}
        self.devices: dict[str, Device] = {}
        self.arrived: list[float] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())

    def device(self, token: str) -> Device:
        """A new device whose endpoint is on this service."""
        self.devices[token] = Device(token)
        return self.devices[token]

    def start(self) -> PushService:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def decrypt(self, msg: Received) -> dict:
        """The message as the device reads it: aes128gcm with its private key and auth secret."""
        device = self.devices[msg.token]
        plain = http_ece.decrypt(msg.body, private_key=device.key, auth_secret=device.auth,
                                 version="aes128gcm")
        return json.loads(plain)

    def check(self, headers, length: int) -> dict:
        """The RFC 8292 / 8030 checks; the JWT claims, or ValueError naming what is wrong."""
        scheme, _, params = headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "vapid":
            raise ValueError("Authorization is not vapid")
        parts = dict(p.strip().split("=", 1) for p in params.split(","))
        if parts.get("k") != self.vapid_public:
            raise ValueError("k is not the application server key the device subscribed with")
        head, payload, sig = parts["t"].split(".")
        if json.loads(unb64u(head)) != {"typ": "JWT", "alg": "ES256"}:
            raise ValueError("JWT header is not ES256")
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64u(parts["k"]))
        raw = unb64u(sig)
        der = utils.encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
        key.verify(der, f"{head}.{payload}".encode(), ec.ECDSA(hashes.SHA256()))  # raises if forged
        claims = json.loads(unb64u(payload))
        if claims.get("aud") != self.base:
            raise ValueError(f"aud {claims.get('aud')} is not {self.base}")
        if not time.time() < claims["exp"] <= time.time() + 86400:
            raise ValueError("exp not within 24 hours")
        if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
            raise ValueError("sub is no contact")
        if headers.get("Content-Encoding") != "aes128gcm" or "TTL" not in headers or not length:
            raise ValueError("not an aes128gcm message with a TTL")
        return claims

    def _handler(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):  # noqa: N802
                token = self.path.rsplit("/", 1)[-1]
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                planned = service.answers.get(token)
                status = planned.pop(0) if planned else 201
                try:
                    claims = service.check(self.headers, length)
                except (ValueError, KeyError, Exception) as exc:  # noqa: BLE001
                    service.refused.append(f"{token}: {exc}")
                    status = 401 if status == 201 else status
                else:
                    if status == 201:
                        service.received.append(Received(
                            token, {k.lower(): v for k, v in self.headers.items()}, claims, body))
                        service.arrived.append(time.time())
                self.send_response(status)
                if status == 201:
                    self.send_header("Location", f"{service.base}/message/{len(service.received)}")
                self.send_header("Content-Length", "0")
                self.end_headers()

        return Handler


class MailServer:
    """aiosmtpd on a fixed port that can go down and come back (a new controller, same mailbox)."""

    def __init__(self) -> None:
        from app.services.notify_catcher import Keeper

        self.port, self.handler, self._controller = free_port(), Keeper(), None
        self.url = f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list:
        return self.handler.messages

    def start(self) -> MailServer:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
