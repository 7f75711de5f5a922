"""csv_import itself: what the command and the upload page share."""

import pytest
from django.utils import timezone

from vredvakt.audit.models import AuditEntry
from vredvakt.clients.models import Client
from vredvakt.imports.kinds import KINDS
from vredvakt.imports.services import ImportConflict, csv_import

CLIENTS = (
    "reference,first_name,last_name,street_address,postal_code,city,unit\n"
    "C-10,Greta,Berg,Storgatan 4,14730,Tumba,tumba\n"
)


def test_it_stops_cleanly_when_someone_adds_the_same_client_meanwhile(world, english):
    def someone_else_adds_c10_while_rows_are_checked(rows):
        yield from rows
        Client.objects.create(
            reference="C-10",
            first_name="Greta",
            last_name="Berg",
            street_address="Annan gata 1",
            postal_code="147 30",
            city="Tumba",
            unit=world.tumba,
        )

    with pytest.raises(ImportConflict, match="Someone changed the same data"):
        csv_import(
            kind=KINDS["clients"],
            data=CLIENTS.encode(),
            file_name="brukare.csv",
            actor=world.adam,
            via="web",
            dry_run=False,
            now=timezone.now(),
            progress=someone_else_adds_c10_while_rows_are_checked,
        )

    assert Client.objects.get(reference="C-10").street_address == "Annan gata 1"
    assert not AuditEntry.objects.exists()
