"""Guideline thresholds are configuration: GUIDELINE_SETTINGS overrides them, and bad values stop start-up."""

from __future__ import annotations

import json

import pytest

from cds_service import create_app
from guideline.settings import Settings


def test_an_environment_override_changes_the_threshold_the_rules_use(app_config, monkeypatch):
    monkeypatch.setenv("GUIDELINE_SETTINGS", json.dumps({"mirels_surgery_threshold": 9, "renal_check_window_days": 3}))
    settings = create_app(app_config).extensions["cds"].guideline_settings
    assert (settings.mirels_surgery_threshold, settings.renal_check_window_days) == (9, 3)


def test_supportive_care_is_off_by_default_and_on_by_configuration():
    assert not Settings().enabled("supportive-care")
    assert Settings.from_mapping({"enabled_topics": ["supportive-care", "hypercalcemia"]}).enabled("supportive-care")


@pytest.mark.parametrize(
    "overrides",
    [
        {"mirels_threshold": 9},  # unknown name
        {"enabled_topics": ["no-such-topic"]},
        {"zoledronic_acid_12_weekly": "false"},  # a string is not a boolean
        {"mirels_surgery_threshold": 8.5},
        {"calcium_mild_min": "2.75"},
        {"high_risk_primaries": "breast"},
    ],
)
def test_a_bad_setting_stops_start_up_with_a_clear_error(app_config, overrides):
    app_config["GUIDELINE_SETTINGS"] = overrides
    with pytest.raises(ValueError, match="guideline setting|unknown"):
        create_app(app_config)
