"""Importing clients from CSV (`vredvakt import clients FILE.csv`)."""

import getpass

import pytest

from vredvakt.audit.models import AuditEntry
from vredvakt.clients.models import Client

from .conftest import run_import, write_csv

HEADER = "reference,first_name,last_name,street_address,postal_code,city,unit,contact_notes\n"
CLIENTS = HEADER + (
    "C-10,Greta,Berg,Storgatan 4,14730,Tumba,tumba,Ring två gånger\n"
    "C-11,Olle,Pers,Björkvägen 2,145 60,Norsborg,alby,\n"
)


def test_it_imports_clients(world, tmp_path, english):
    run = run_import("clients", write_csv(tmp_path, CLIENTS))

    assert run.stdout.strip() == "clients: 2 created, 0 updated, 0 unchanged."
    greta = Client.objects.get(reference="C-10")
    assert (greta.first_name, greta.last_name, greta.unit) == ("Greta", "Berg", world.tumba)
    assert greta.full_address == "Storgatan 4, 147 30 Tumba"
    assert greta.contact_notes == "Ring två gånger"
    assert Client.objects.get(reference="C-11").unit == world.alby


def test_reimporting_the_same_file_changes_nothing(world, tmp_path, english):
    path = write_csv(tmp_path, CLIENTS)
    run_import("clients", path)

    run = run_import("clients", path)

    assert run.stdout.strip() == "clients: 0 created, 0 updated, 2 unchanged."
    assert Client.objects.count() == 4


def test_a_changed_row_updates_the_client_instead_of_adding_one(world, tmp_path, english):
    run_import("clients", write_csv(tmp_path, CLIENTS))
    moved = CLIENTS.replace("Storgatan 4,14730,Tumba", "Ekvägen 12,14731,Tumba")

    run = run_import("clients", write_csv(tmp_path, moved, name="moved.csv"))

    assert run.stdout.strip() == "clients: 0 created, 1 updated, 1 unchanged."
    assert Client.objects.filter(reference="C-10").count() == 1
    assert Client.objects.get(reference="C-10").full_address == "Ekvägen 12, 147 31 Tumba"


def test_it_updates_a_client_already_in_vredvakt(world, tmp_path, english):
    karin = HEADER + "C-1,Karin,Lund,Lundgatan 4,147 30,Tumba,alby,Portkod 1234\n"

    run_import("clients", write_csv(tmp_path, karin))

    world.karin.refresh_from_db()
    assert world.karin.unit == world.alby
    assert world.karin.contact_notes == "Portkod 1234"


def test_it_keeps_contact_notes_when_the_column_is_left_out(world, tmp_path, english):
    world.karin.contact_notes = "Hunden är snäll"
    world.karin.save()
    header = HEADER.replace(",contact_notes", "")
    text = header + "C-1,Karin,Lund,Nya vägen 1,147 30,Tumba,tumba\n"

    run_import("clients", write_csv(tmp_path, text))

    world.karin.refresh_from_db()
    assert (world.karin.street_address, world.karin.contact_notes) == (
        "Nya vägen 1",
        "Hunden är snäll",
    )


def test_it_rejects_a_file_with_bad_rows_and_imports_none_of_them(world, tmp_path, english):
    text = HEADER + (
        "C-10,Greta,Berg,Storgatan 4,14730,Tumba,tumba,\n"  # line 2: fine
        "C-12,Sven,,Ringvägen 9,147 30,Tumba,tumba,\n"  # line 3: no last name
        "C-13,Maja,Ek,Ringvägen 9,1473,Tumba,tumba,\n"  # line 4: postal code
        "C-14,Ali,Khan,Ringvägen 9,147 30,Tumba,vasby,\n"  # line 5: no such unit
        "C-10,Greta,Berg,Storgatan 4,14730,Tumba,tumba,\n"  # line 6: twice in the file
        f"C-15,{'A' * 81},Ek,Ringvägen 9,147 30,Tumba,tumba,\n"  # line 7: too long
    )

    run = run_import("clients", write_csv(tmp_path, text), fails=True)

    assert run.stderr.splitlines() == [
        "line 3: last_name must not be empty",
        "line 4: postal_code: “1473” is not a Swedish postal code (five digits, like 147 30)",
        "line 5: unit: there is no unit with the code “vasby”",
        "line 6: the same reference “C-10” is also on line 2",
        "line 7: first_name: Ensure this value has at most 80 characters (it has 81).",
    ]
    assert run.error == "5 of 6 rows have errors; nothing was imported."
    assert run.stdout == ""
    assert set(Client.objects.values_list("reference", flat=True)) == {"C-1", "C-2"}
    assert not AuditEntry.objects.exists()


def test_a_dry_run_stores_nothing(world, tmp_path, english):
    run = run_import("clients", write_csv(tmp_path, CLIENTS), "--dry-run")

    assert run.stdout.strip() == (
        "clients: Checked, nothing saved: 2 would be created, 0 updated, 0 unchanged."
    )
    assert Client.objects.count() == 2
    assert not AuditEntry.objects.exists()


def test_the_import_is_audited_once_as_a_whole(world, tmp_path):
    run_import("clients", write_csv(tmp_path, CLIENTS, name="brukare.csv"))

    entry = AuditEntry.objects.get(action__startswith="import.")
    assert (entry.action, entry.via, entry.actor) == ("import.clients", "cli", None)
    assert entry.object_type == "clients.client"
    assert entry.detail == {
        "file": "brukare.csv",
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "system_user": getpass.getuser(),
    }


def test_the_audit_log_names_the_administrator_the_import_ran_as(world, tmp_path):
    run_import("clients", write_csv(tmp_path, CLIENTS), "--as", "adam")

    entry = AuditEntry.objects.get(action__startswith="import.")
    assert (entry.actor, entry.via) == (world.adam, "cli")


@pytest.mark.parametrize("who", ["kim", "nobody"])
def test_only_an_administrator_may_be_named(world, tmp_path, english, who):
    run = run_import("clients", write_csv(tmp_path, CLIENTS), "--as", who, fails=True)

    assert run.error == f"{who} is not an active Vredvakt administrator."
    assert not Client.objects.filter(reference__in=["C-10", "C-11"]).exists()
    assert not AuditEntry.objects.exists()


def test_errors_are_in_swedish_for_a_swedish_administrator(world, tmp_path):
    text = HEADER + "C-12,Sven,,Ringvägen 9,147 30,Tumba,tumba,\n"

    run = run_import("clients", write_csv(tmp_path, text), fails=True)

    assert run.stderr.strip() == "rad 2: last_name får inte vara tom"
    assert run.error == "1 av 1 rader har fel. Ingenting har importerats."
