"""What the services need from the configuration, handed to them by the caller.

Services never read `current_app`: a handler, page or command builds `current_settings()` and passes
it in (cosmicpython's bootstrap passes dependencies the same way), so a service's arguments say
everything it depends on and a test can hand it other keys or parameters.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app

from app.services.audit_keys import AuditKeys, audit_keys
from workflow.flags import UNSURE_BELOW
from workflow.impact import ImpactParams


@dataclass(frozen=True)
class Settings:
    """The audit key ring, the impact model, the receipt store, meal deduction and the unsure threshold."""

    audit_keys: AuditKeys
    impact: ImpactParams
    upload_dir: str
    meal_deduction: str = "off"
    unsure_below: float = UNSURE_BELOW  # LOW_CONFIDENCE_THRESHOLD: an OCR value under it is unsure
    max_upload_bytes: int = 15 * 1024 * 1024
    max_upload_pixels: int = 40_000_000

    @classmethod
    def from_config(cls, config: Mapping) -> Settings:
        """The settings of an app configuration (app.config or a Config's attributes)."""
        return cls(audit_keys=audit_keys(config), impact=impact_params(config),
                   upload_dir=str(config["UPLOAD_DIR"]), meal_deduction=config["MEAL_DEDUCTION"],
                   unsure_below=float(config.get("LOW_CONFIDENCE_THRESHOLD", UNSURE_BELOW)),
                   max_upload_bytes=config["MAX_UPLOAD_BYTES"], max_upload_pixels=config["MAX_UPLOAD_PIXELS"])


def impact_params(config: Mapping) -> ImpactParams:
    """The impact model's parameters from the app configuration."""
    return ImpactParams(
        sheets_per_trip=config["IMPACT_SHEETS_PER_TRIP"], steps_before=config["IMPACT_STEPS_BEFORE"],
        steps_after=config["IMPACT_STEPS_AFTER"], minutes_before=config["IMPACT_MINUTES_BEFORE"],
        minutes_after=config["IMPACT_MINUTES_AFTER"],
        krw_per_staff_hour=config["IMPACT_KRW_PER_STAFF_HOUR"])


def current_settings() -> Settings:
    """The running app's settings, read from app.config at each call (tests change it per test)."""
    return Settings.from_config(current_app.config)
