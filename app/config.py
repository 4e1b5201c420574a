"""Configuration from the environment; every setting is documented in the README."""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from workflow.flags import UNSURE_BELOW

BASE_DIR = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("YEOBI_INSTANCE_DIR", BASE_DIR / "instance"))
DEFAULT_SECRET = "dev-only-insecure-secret-change-me-please"
# DEVELOPMENT AND DEMO ONLY: it is in the source, so it proves nothing about a trail. Production
# refuses to start with it (validate()); set AUDIT_KEY from a secret store outside the database.
DEV_AUDIT_KEY = "dev-only-audit-key-NOT-A-SECRET-never-use-in-production"


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete for the chosen mode."""


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


class Config:
    """Settings read once, when the app is created."""

    def __init__(self, **overrides: object) -> None:
        env = os.environ
        self.ENV = env.get("YEOBI_ENV", "development")  # development | production | testing
        self.SECRET_KEY = env.get("SECRET_KEY", DEFAULT_SECRET)
        self.JWT_SECRET_KEY = env.get("JWT_SECRET_KEY", DEFAULT_SECRET)
        # Keys the audit chain (HMAC-SHA256); rows name their key by id, so a key can be rotated:
        # new AUDIT_KEY + AUDIT_KEY_ID, the old pair into AUDIT_RETIRED_KEYS=id=key,...
        self.AUDIT_KEY = env.get("AUDIT_KEY", DEV_AUDIT_KEY)
        self.AUDIT_KEY_ID = env.get("AUDIT_KEY_ID", "1")
        self.AUDIT_RETIRED_KEYS = _parse_secrets(env.get("AUDIT_RETIRED_KEYS", ""))
        self.SQLALCHEMY_DATABASE_URI = _normalise_db_url(
            env.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'yeobi.sqlite3'}")
        )
        self.SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
        self.UPLOAD_DIR = env.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))
        self.REDIS_URL = env.get("REDIS_URL") or None
        self.OCR_ENGINE = env.get("OCR_ENGINE", "default")
        self.OCR_TESSDATA_DIR = env.get("OCR_TESSDATA_DIR") or None
        self.OCR_WORKERS = _env_int("OCR_WORKERS", 2)
        self.OCR_EMBEDDED_WORKER = env.get("OCR_EMBEDDED_WORKER", "1") == "1"
        self.OCR_JOB_TIMEOUT = _env_int("OCR_JOB_TIMEOUT", 300)  # seconds before a job counts as lost
        self.OCR_MAX_ATTEMPTS = _env_int("OCR_MAX_ATTEMPTS", 4)  # the first try and 3 retries
        self.OCR_QUEUE_NAME = env.get("OCR_QUEUE_NAME", "yeobi-ocr")
        self.MAX_CONTENT_LENGTH = _env_int("MAX_UPLOAD_BYTES", 15 * 1024 * 1024) + 64 * 1024
        self.MAX_UPLOAD_BYTES = _env_int("MAX_UPLOAD_BYTES", 15 * 1024 * 1024)
        self.MAX_UPLOAD_PIXELS = _env_int("MAX_UPLOAD_PIXELS", 40_000_000)
        self.ERECEIPT_SECRETS = _parse_secrets(env.get("ERECEIPT_SECRETS", ""))
        self.JWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=_env_int("JWT_ACCESS_MINUTES", 30))
        self.JWT_REFRESH_TOKEN_EXPIRES = timedelta(days=_env_int("JWT_REFRESH_DAYS", 14))
        self.JWT_TOKEN_LOCATION = ["headers", "cookies"]
        # A web session is renewed while in use, but never beyond this many hours after login.
        self.WEB_SESSION_MAX_HOURS = _env_int("WEB_SESSION_MAX_HOURS", 12)
        self.JWT_COOKIE_SECURE = self.ENV == "production"
        self.JWT_COOKIE_SAMESITE = "Lax"
        self.JWT_COOKIE_CSRF_PROTECT = True
        self.JWT_CSRF_CHECK_FORM = True  # the web pages post the CSRF token as a form field
        # Flask's own session cookie carries the web pages' notices and the login form's token.
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = self.ENV == "production"
        self.JWT_ACCESS_COOKIE_PATH = "/"
        self.JWT_REFRESH_COOKIE_PATH = "/web/refresh"
        self.LOGIN_LIMIT_PER_ACCOUNT = env.get("LOGIN_LIMIT_PER_ACCOUNT", "10 per 5 minutes")
        self.LOGIN_LIMIT_PER_ADDRESS = env.get("LOGIN_LIMIT_PER_ADDRESS", "30 per 5 minutes")
        # Login counters must be shared by every worker: memory:// counts per process (two gunicorn
        # workers gave 20 tries per account), so production refuses it with more than one worker.
        self.RATELIMIT_STORAGE_URI = env.get("RATELIMIT_STORAGE_URI") or self.REDIS_URL or "memory://"
        self.WEB_WORKERS = _env_int("WEB_CONCURRENCY", 1)  # gunicorn's -w (gunicorn.conf.py checks too)
        self.RATELIMIT_HEADERS_ENABLED = True
        self.TRUST_PROXY = env.get("TRUST_PROXY", "0") == "1"
        # Impact model (인사혁신처 2023): 3 sheets, 7 -> 3 steps, 20 -> 10 staff minutes, 32,381 KRW/h.
        self.IMPACT_SHEETS_PER_TRIP = _env_int("IMPACT_SHEETS_PER_TRIP", 3)
        self.IMPACT_STEPS_BEFORE = _env_int("IMPACT_STEPS_BEFORE", 7)
        self.IMPACT_STEPS_AFTER = _env_int("IMPACT_STEPS_AFTER", 3)
        self.IMPACT_MINUTES_BEFORE = _env_int("IMPACT_MINUTES_BEFORE", 20)
        self.IMPACT_MINUTES_AFTER = _env_int("IMPACT_MINUTES_AFTER", 10)
        self.IMPACT_KRW_PER_STAFF_HOUR = _env_int("IMPACT_KRW_PER_STAFF_HOUR", 32381)
        # Agency option (공무원 여비 규정 제28조①): off | third_per_meal cuts a third of 식비
        # per provided meal.
        self.MEAL_DEDUCTION = env.get("MEAL_DEDUCTION", "off") or "off"
        # Under it an OCR value is unsure; the default and its meaning live in workflow.flags.
        self.LOW_CONFIDENCE_THRESHOLD = float(env.get("LOW_CONFIDENCE_THRESHOLD", UNSURE_BELOW))
        # Notifications (issue 16): inbox always; e-mail when SMTP_URL is set, Web Push with VAPID keys.
        self.SMTP_URL = env.get("SMTP_URL") or None  # smtp://host:25, smtps://user:pw@host:465, ?starttls=1
        self.MAIL_FROM = env.get("MAIL_FROM", "여비 알림 <noreply@yeobi.example>")
        # Without an address in a user's settings, mail goes to username@MAIL_USER_DOMAIN (if set).
        self.MAIL_USER_DOMAIN = env.get("MAIL_USER_DOMAIN") or None
        self.PUBLIC_URL = env.get("PUBLIC_URL", "http://localhost:5000").rstrip("/")  # links in mails
        self.VAPID_PRIVATE_KEY = env.get("VAPID_PRIVATE_KEY") or None  # base64url raw P-256 key
        self.VAPID_PUBLIC_KEY = env.get("VAPID_PUBLIC_KEY") or None  # derived from the private key if unset
        self.VAPID_SUBJECT = env.get("VAPID_SUBJECT", "mailto:admin@yeobi.example")
        # Hosts (suffixes) a device's push endpoint may point at: the server POSTs there (no SSRF).
        self.PUSH_SERVICE_HOSTS = env.get(
            "PUSH_SERVICE_HOSTS", "fcm.googleapis.com,push.services.mozilla.com,push.apple.com,"
            "notify.windows.com")
        self.NOTIFY_EMBEDDED_WORKER = env.get("NOTIFY_EMBEDDED_WORKER", "1") == "1"
        self.NOTIFY_WORKERS = _env_int("NOTIFY_WORKERS", 1)
        self.NOTIFY_QUEUE_NAME = env.get("NOTIFY_QUEUE_NAME", "yeobi-notify")
        self.NOTIFY_MAX_ATTEMPTS = _env_int("NOTIFY_MAX_ATTEMPTS", 6)
        self.NOTIFY_BACKOFF_SECONDS = _env_int("NOTIFY_BACKOFF_SECONDS", 30)  # doubles per attempt
        self.NOTIFY_SEND_TIMEOUT = _env_int("NOTIFY_SEND_TIMEOUT", 10)
        self.NOTIFY_LOCK_SECONDS = _env_int("NOTIFY_LOCK_SECONDS", 120)
        self.NOTIFY_UNSETTLED_DAYS = _env_int("NOTIFY_UNSETTLED_DAYS", 7)
        self.NOTIFY_EVIDENCE_DAYS_BEFORE = _env_int("NOTIFY_EVIDENCE_DAYS_BEFORE", 2)
        self.NOTIFY_APPROVAL_WORKING_DAYS = _env_int("NOTIFY_APPROVAL_WORKING_DAYS", 2)
        self.NOTIFY_HOLIDAYS = env.get("NOTIFY_HOLIDAYS", "")  # 2026-12-25,2027-01-01 (not working days)
        self.NOTIFY_DIGEST_HOUR = _env_int("NOTIFY_DIGEST_HOUR", 8)  # Asia/Seoul
        self.API_TITLE = "Yeobi API"
        self.API_VERSION = "v1"
        self.OPENAPI_VERSION = "3.0.3"
        self.OPENAPI_URL_PREFIX = "/api/v1"
        self.OPENAPI_JSON_PATH = "openapi.json"
        self.JSON_AS_ASCII = False
        self.TESTING = self.ENV == "testing"
        for key, value in overrides.items():
            setattr(self, key, value)

    def validate(self) -> None:
        """Refuse an unknown agency option, and missing or default secrets in production."""
        from workflow.days import MEAL_DEDUCTIONS

        if self.MEAL_DEDUCTION not in MEAL_DEDUCTIONS:
            raise ConfigError(f"MEAL_DEDUCTION must be one of {', '.join(MEAL_DEDUCTIONS)}")
        if self.ENV != "production":
            return
        for name in ("SECRET_KEY", "JWT_SECRET_KEY"):
            value = getattr(self, name)
            if not value or value == DEFAULT_SECRET or len(value) < 32:
                raise ConfigError(f"{name} must be set to a secret of 32+ characters in production")
        key = self.AUDIT_KEY
        if not key or key == DEV_AUDIT_KEY or len(key) < 32:
            raise ConfigError("AUDIT_KEY must be set to a secret of 32+ characters in production "
                              "(kept outside the database: it keys the audit trail)")
        if not self.AUDIT_KEY_ID or len(self.AUDIT_KEY_ID) > 40:
            raise ConfigError("AUDIT_KEY_ID must name the key in 1 to 40 characters")
        check_shared_limits(self.RATELIMIT_STORAGE_URI, self.WEB_WORKERS)


def check_shared_limits(storage_uri: str, workers: int) -> None:
    """Refuse per-process rate-limit counters when more than one process serves requests."""
    if workers > 1 and storage_uri.startswith("memory://"):
        raise ConfigError(f"{workers} workers with RATELIMIT_STORAGE_URI=memory:// would count login "
                          "tries per worker: set REDIS_URL or RATELIMIT_STORAGE_URI (redis://...)")


def _normalise_db_url(url: str) -> str:
    # Heroku-style URLs and bare postgresql:// pick psycopg 3, the driver we install.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _parse_secrets(raw: str) -> dict[str, str]:
    """`source1=secret1,source2=secret2` -> {source: secret}."""
    pairs = (item.split("=", 1) for item in raw.split(",") if "=" in item)
    return {k.strip(): v.strip() for k, v in pairs if k.strip() and v.strip()}
