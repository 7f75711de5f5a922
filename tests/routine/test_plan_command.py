"""`vredvakt routine plan`: the checklist as JSON, for coordinators and trainers."""

import json
import os
import subprocess
import sys
from datetime import date, time
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from tests.routine.times import local
from vredvakt.routine.parameters import RoutineParameters
from vredvakt.routine_versions.models import RoutineVersion

ROOT = Path(__file__).resolve().parents[2]


def plan(*args: str) -> tuple[dict, str]:
    out, err = StringIO(), StringIO()
    call_command("routine", "plan", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


def make_version(code: str, valid_from: date, valid_until: date, **params) -> RoutineVersion:
    return RoutineVersion.objects.create(
        code=code,
        title="Elektroniska låsvred ur funktion – driftstopp",
        decided_by="Verksamhetschef hemtjänst",
        decided_on=valid_from,
        valid_from=valid_from,
        valid_until=valid_until,
        owner="Verksamhetsutvecklare hemtjänst",
        parameters=RoutineParameters(**params).to_json(),
    )


def steps_by_code(out: dict) -> dict[str, dict]:
    return {step["code"]: step for step in out["steps"]}


@pytest.mark.django_db
def test_it_prints_the_documented_shape():
    out, _ = plan("--at", "2026-06-16T10:00")
    assert list(out) == ["at", "kind", "mode", "shift", "key", "routine_version", "steps"]
    assert all(list(step) == ["code", "rule", "role", "action", "due"] for step in out["steps"])
    assert len(out["steps"]) == 9


@pytest.mark.django_db
def test_a_weekday_fault_at_1659_messages_the_night_patrol_by_five():
    out, err = plan("--at", "2026-06-16T16:59")
    assert out["at"] == "2026-06-16T16:59:00+02:00"
    assert (out["kind"], out["mode"], out["shift"], out["key"]) == (
        "lock",
        "weekday",
        "day",
        "unit_key",
    )
    assert out["routine_version"] is None
    assert "default parameters" in err
    night_patrol = steps_by_code(out)["message_night_patrol"]
    assert (night_patrol["rule"], night_patrol["role"]) == ("R9", "coordinator")
    assert night_patrol["due"] == "2026-06-16T17:00:00+02:00"
    assert steps_by_code(out)["record_restored"]["due"] is None


@pytest.mark.django_db
def test_an_offset_is_honoured_and_printed_in_stockholm_time():
    out, _ = plan("--at", "2026-06-16T15:01:00Z")
    assert out["at"] == "2026-06-16T17:01:00+02:00"
    assert steps_by_code(out)["message_night_patrol"]["due"] == "2026-06-16T17:01:00+02:00"


@pytest.mark.django_db
def test_an_app_fault_on_midsommarafton_is_a_weekend_case():
    out, _ = plan("--at", "2026-06-19T10:00", "--kind", "app")
    steps = steps_by_code(out)
    assert (out["kind"], out["mode"]) == ("app", "weekend")
    assert steps["alarm_group_act"]["due"] == "2026-06-22T08:00:00+02:00"
    assert steps["message_night_patrol"]["role"] == "care_worker"
    assert steps["message_night_patrol"]["due"] == "2026-06-19T10:00:00+02:00"


@pytest.mark.django_db
def test_a_winter_night_fault_needs_the_night_key_and_shows_winter_time():
    out, _ = plan("--at", "2026-01-13T23:15")
    assert (out["shift"], out["key"], out["at"]) == (
        "night",
        "night_key",
        "2026-01-13T23:15:00+01:00",
    )
    assert steps_by_code(out)["fetch_key"]["rule"] == "R2"


@pytest.mark.django_db
def test_a_weekday_evening_prints_the_out_of_hours_mode():
    # #12 (R10b): after the coordinators' day; the alarm group acts from its next start.
    out, _ = plan("--at", "2026-06-16T19:30")
    assert out["mode"] == "out_of_hours"
    steps = steps_by_code(out)
    assert steps["message_night_patrol"]["role"] == "care_worker"
    assert steps["message_night_patrol"]["due"] == "2026-06-16T19:30:00+02:00"
    assert steps["alarm_group_act"]["due"] == "2026-06-17T08:00:00+02:00"
    assert steps["check_care_decision"]["due"] == "2026-06-17T07:00:00+02:00"


@pytest.mark.django_db
def test_the_repeated_autumn_hour_means_its_first_occurrence():
    out, _ = plan("--at", "2026-10-25T02:30")
    assert out["at"] == "2026-10-25T02:30:00+02:00"
    assert steps_by_code(out)["alarm_group_act"]["due"] == "2026-10-26T08:00:00+01:00"


@pytest.mark.django_db
def test_it_uses_the_routine_version_in_force_on_that_date():
    make_version("2020:1", date(2020, 12, 21), date(2025, 12, 21))
    make_version("2026:1", date(2026, 1, 1), date(2030, 11, 30), night_patrol_deadline=time(16, 0))
    before, _ = plan("--at", "2025-06-16T10:00")
    after, _ = plan("--at", "2026-06-16T10:00")
    long_ago, _ = plan("--at", "2019-06-17T10:00")
    assert before["routine_version"] == "2020:1"
    assert steps_by_code(before)["message_night_patrol"]["due"] == "2025-06-16T17:00:00+02:00"
    assert after["routine_version"] == "2026:1"
    assert steps_by_code(after)["message_night_patrol"]["due"] == "2026-06-16T16:00:00+02:00"
    assert long_ago["routine_version"] is None


@pytest.mark.django_db
def test_the_version_is_chosen_by_the_stockholm_date():
    make_version("2026:1", date(2026, 1, 1), date(2030, 11, 30))
    # 23:30Z on New Year's Eve is already 2026 in Stockholm.
    out, _ = plan("--at", "2025-12-31T23:30Z")
    assert out["routine_version"] == "2026:1"


@pytest.mark.django_db
def test_an_expired_routine_still_applies_with_a_warning():
    make_version("2020:1", date(2020, 12, 21), date(2025, 12, 21))
    out, err = plan("--at", "2026-01-13T10:00")
    assert out["routine_version"] == "2020:1"
    assert "expired on 2025-12-21" in err


@pytest.mark.django_db
def test_it_plans_from_now_by_default():
    with time_machine.travel(local(2026, 6, 16, 10, 42), tick=False):
        out, _ = plan()
    assert out["at"] == "2026-06-16T10:42:00+02:00"
    assert out["kind"] == "lock"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--at", "nonsense"], "not a date and time"),
        (["--at", "2026-06-19"], "no time of day"),
        (["--at", "2026-02-30T10:00"], "not a date and time"),
        (["--at", "2026-03-29T02:30"], "does not exist"),
        (["--at", "2026-06-19T10:00", "--kind", "door"], "--kind must be one of lock, app"),
    ],
)
def test_it_rejects_bad_input_and_prints_nothing(args, message):
    out = StringIO()
    with pytest.raises(CommandError, match=message):
        call_command("routine", "plan", *args, stdout=out, stderr=StringIO())
    assert out.getvalue() == ""


@pytest.mark.django_db
def test_it_rejects_a_routine_version_with_bad_parameters():
    version = make_version("2026:1", date(2026, 1, 1), date(2030, 11, 30))
    RoutineVersion.objects.filter(pk=version.pk).update(
        parameters={"night_patrol_deadline": "late"}
    )
    with pytest.raises(CommandError, match="2026:1 has bad parameters"):
        plan("--at", "2026-06-16T10:00")


def test_bad_input_exits_with_status_one_from_the_command_line():
    # --skip-checks: this is about the command's exit status, not the project's checks.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "vredvakt.manage",
            "routine",
            "--skip-checks",
            "plan",
            "--kind",
            "door",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert "--kind must be one of lock, app" in result.stderr


def test_every_step_code_is_documented():
    from vredvakt.routine.checklist import StepCode

    doc = (ROOT / "docs" / "routine-plan.md").read_text()
    assert all(f"| `{code}` |" in doc for code in StepCode)
