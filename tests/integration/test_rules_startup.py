"""The app checks the rules data when it starts, and `flask rules show` prints the table in force."""
from __future__ import annotations

import json

import pytest

from app import create_app
from app.config import Config, ConfigError
from workflow import rates


def test_rules_show_prints_the_table_in_force_with_sources(app):
    result = app.test_cli_runner().invoke(args=["rules", "show", "--on", "2026-11-01"])
    assert result.exit_code == 0, result.output
    assert "amounts of 2023-03-02 (대통령령 제33312호)" in result.output
    assert "일비 (1일): 25,000원" in result.output
    assert "source: 공무원 여비 규정 별표 2" in result.output
    assert "전남광주통합특별시" in result.output


def test_rules_show_before_the_first_version_fails_clearly(app):
    result = app.test_cli_runner().invoke(args=["rules", "show", "--on", "2010-01-01"])
    assert result.exit_code != 0
    assert "no travel-expense rates" in result.output


def test_a_broken_rules_file_stops_start_up_naming_the_field(tmp_path, monkeypatch):
    raw = json.loads(rates.DATA_FILE.read_text(encoding="utf-8"))
    del raw["versions"][1]["lodging_caps"]["metro"]
    path = tmp_path / "rates.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(rates, "DATA_FILE", path)
    rates.all_versions.cache_clear()
    try:
        with pytest.raises(ConfigError, match=r"versions\[1\]\.lodging_caps"):
            create_app(Config(ENV="testing", SQLALCHEMY_DATABASE_URI="sqlite:///:memory:",
                              UPLOAD_DIR=str(tmp_path / "uploads"), OCR_EMBEDDED_WORKER=False))
    finally:
        monkeypatch.undo()
        rates.all_versions.cache_clear()


def test_an_unknown_meal_deduction_option_stops_start_up(tmp_path):
    with pytest.raises(ConfigError, match="MEAL_DEDUCTION"):
        create_app(Config(ENV="testing", SQLALCHEMY_DATABASE_URI="sqlite:///:memory:",
                          UPLOAD_DIR=str(tmp_path / "uploads"), MEAL_DEDUCTION="half"))
