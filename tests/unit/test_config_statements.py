"""The operator's settings of the privacy notice and the accessibility statement, read
from the environment: defaults, accepted spellings, and clear refusals."""

from __future__ import annotations

import datetime

import pytest

from cocreate.config import Settings
from cocreate.config_statements import (
    PROJECT_REVIEWED,
    AccessibilityStatement,
    a11y_gaps,
    a11y_reviewed,
    a11y_status,
)


def test_without_settings_the_statement_is_the_projects_own_assessment() -> None:
    a11y = AccessibilityStatement.from_env({})
    assert (a11y.status, a11y.gaps, a11y.contact, a11y.enforcement, a11y.reviewed) == (
        "partially", (), "", "", PROJECT_REVIEWED)


def test_every_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "COCREATE_CONTROLLER_NAME": " Tartu City Government ",
        "COCREATE_CONTROLLER_CONTACT": "privacy@tartu.example",
        "COCREATE_DPO_CONTACT": "dpo@tartu.example",
        "COCREATE_RETENTION_DAYS": "90",
        "COCREATE_A11Y_STATUS": "Fully compliant",
        "COCREATE_A11Y_GAPS": "Charts have no table | \nThe wall has no captions\n",
        "COCREATE_A11Y_CONTACT": "a11y@tartu.example",
        "COCREATE_A11Y_ENFORCEMENT": "https://www.ttja.ee/",
        "COCREATE_A11Y_REVIEWED": "2026-11-30",
    }.items():
        monkeypatch.setenv(name, value)
    s = Settings.from_env()
    assert (s.controller_name, s.controller_contact, s.dpo_contact, s.retention_days) == (
        "Tartu City Government", "privacy@tartu.example", "dpo@tartu.example", 90)
    assert s.a11y == AccessibilityStatement(
        "fully", ("Charts have no table", "The wall has no captions"), "a11y@tartu.example",
        "https://www.ttja.ee/", datetime.date(2026, 11, 30))


def test_retention_defaults_to_180_days_and_must_be_a_positive_number(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COCREATE_RETENTION_DAYS", raising=False)
    assert Settings.from_env().retention_days == 180
    for bad in ("0", "half a year"):
        monkeypatch.setenv("COCREATE_RETENTION_DAYS", bad)
        with pytest.raises(ValueError, match="COCREATE_RETENTION_DAYS"):
            Settings.from_env()


@pytest.mark.parametrize(("raw", "status"), [
    ("", "partially"), ("fully", "fully"), ("PARTIALLY", "partially"),
    ("not compliant", "not"), (" not ", "not")])
def test_the_status_takes_the_model_statements_words(raw: str, status: str) -> None:
    assert a11y_status(raw) == status


@pytest.mark.parametrize("raw", ["yes", "compliant", "fully compliant please", "mostly"])
def test_another_status_is_refused_naming_the_choices(raw: str) -> None:
    with pytest.raises(ValueError, match="fully, partially or not"):
        a11y_status(raw)


def test_gaps_are_lines_or_bars_without_empty_ones() -> None:
    assert a11y_gaps("") == ()
    assert a11y_gaps("One|Two\n\n Three ") == ("One", "Two", "Three")


def test_the_review_date_must_be_a_date() -> None:
    assert a11y_reviewed("") == PROJECT_REVIEWED
    assert a11y_reviewed(" 2027-01-15 ") == datetime.date(2027, 1, 15)
    with pytest.raises(ValueError, match="COCREATE_A11Y_REVIEWED"):
        a11y_reviewed("15.01.2027")
