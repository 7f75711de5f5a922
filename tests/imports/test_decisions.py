"""Importing care decisions (R4: lock access depends on a valid decision)."""

from datetime import date

from vredvakt.clients.models import CareDecision

from .conftest import run_import, write_csv

HEADER = "reference,client,valid_from,valid_until,assessor\n"
DECISIONS = HEADER + ("D-1,C-1,2026-01-01,2027-12-31,hanna\nD-10,C-2,2026-03-01,2027-02-28,\n")


def test_it_imports_decisions_and_leaves_a_matching_one_alone(world, tmp_path, english):
    run = run_import("decisions", write_csv(tmp_path, DECISIONS))

    assert run.stdout.strip() == "decisions: 1 created, 0 updated, 1 unchanged."
    decision = CareDecision.objects.get(reference="D-10")
    assert decision.client == world.bengt
    assert (decision.valid_from, decision.valid_until) == (date(2026, 3, 1), date(2027, 2, 28))
    assert decision.assessor is None


def test_a_renewed_decision_is_updated_not_added(world, tmp_path, english):
    renewed = DECISIONS.replace("2027-12-31", "2028-06-30")

    run = run_import("decisions", write_csv(tmp_path, renewed))

    assert run.stdout.strip() == "decisions: 1 created, 1 updated, 0 unchanged."
    assert CareDecision.objects.filter(reference="D-1").get().valid_until == date(2028, 6, 30)
    assert CareDecision.objects.count() == 2


def test_it_rejects_bad_dates_periods_and_references(world, tmp_path, english):
    text = HEADER + (
        "D-20,C-1,2026-13-01,2026-12-31,\n"  # line 2: no 13th month
        "D-21,C-1,1/2/2026,2026-12-31,\n"  # line 3: not ISO
        "D-22,C-1,2026-06-01,2026-05-31,\n"  # line 4: ends before it starts
        "D-23,C-99,2026-01-01,2026-12-31,\n"  # line 5: no such client
        "D-24,C-1,2026-01-01,2026-12-31,greta\n"  # line 6: no such assessor
        "D-25,C-1,2026-01-01,2026-01-01,hanna\n"  # line 7: one day is fine
    )

    run = run_import("decisions", write_csv(tmp_path, text), fails=True)

    assert run.stderr.splitlines() == [
        "line 2: valid_from: “2026-13-01” is not a date written YYYY-MM-DD",
        "line 3: valid_from: “1/2/2026” is not a date written YYYY-MM-DD",
        "line 4: valid_until must be the same day as valid_from or later",
        "line 5: client: there is no client with the reference “C-99”",
        "line 6: assessor: there is no user named “greta”",
    ]
    assert list(CareDecision.objects.values_list("reference", flat=True)) == ["D-1"]


def test_an_empty_assessor_clears_it_and_a_left_out_column_keeps_it(world, tmp_path, english):
    without_column = "reference,client,valid_from,valid_until\nD-1,C-1,2026-01-01,2028-12-31\n"
    run_import("decisions", write_csv(tmp_path, without_column))
    assert CareDecision.objects.get(reference="D-1").assessor == world.hanna

    run_import("decisions", write_csv(tmp_path, HEADER + "D-1,C-1,2026-01-01,2028-12-31,\n"))

    assert CareDecision.objects.get(reference="D-1").assessor is None
