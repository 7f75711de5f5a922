"""An import records each client it creates or changes, with old and new values, via its channel."""

from pathlib import Path

from django.core.management import call_command

from tests.conftest import World
from vredvakt.audit.models import AuditEntry
from vredvakt.clients.models import Client

HEADER = "reference,first_name,last_name,street_address,postal_code,city,unit,contact_notes\n"


def run_import(tmp_path: Path, rows: str) -> None:
    path = tmp_path / "brukare.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    call_command("import", "clients", str(path), "--as", "adam")


def test_each_imported_client_has_its_own_entry_with_the_values(world: World, tmp_path) -> None:
    run_import(
        tmp_path,
        "C-1,Karin,Lund,Lundgatan 4,147 30,Tumba,tumba,Nyckel hos grannen\n"
        "C-10,Greta,Berg,Storgatan 4,14730,Tumba,tumba,\n",
    )
    [changed] = AuditEntry.objects.filter(action="client.import_update")
    assert (changed.object_id, changed.via, changed.actor) == (
        str(world.karin.pk),
        "cli",
        world.adam,
    )
    assert changed.changes == {"contact_notes": ["", "Nyckel hos grannen"]}
    greta = Client.objects.get(reference="C-10")
    [created] = AuditEntry.objects.filter(action="client.import_create")
    assert created.object_id == str(greta.pk)
    assert created.changes["street_address"] == [None, "Storgatan 4"]
    assert created.detail == {"line": 3}
