"""What the import makes of the file itself: encoding, delimiter, header, line numbers."""

import pytest
from django.core.management import CommandError

from vredvakt.clients.models import Client

from .conftest import run_import, write_csv

HEADER = "reference,first_name,last_name,street_address,postal_code,city,unit,contact_notes"


def test_it_reads_swedish_excel_semicolons_with_a_byte_order_mark(world, tmp_path, english):
    text = (
        HEADER.replace(",", ";")
        + "\r\nC-10;Åsa;Öberg;Älvvägen 3;147 30;Tumba;tumba;Ring, sen vänta\r\n"
    )

    run = run_import("clients", write_csv(tmp_path, text, bom=True))

    assert run.stdout.strip() == "clients: 1 created, 0 updated, 0 unchanged."
    asa = Client.objects.get(reference="C-10")
    assert (asa.first_name, asa.last_name, asa.contact_notes) == ("Åsa", "Öberg", "Ring, sen vänta")


def test_it_names_unknown_and_missing_columns(world, tmp_path, english):
    text = (
        "reference,first_name,surname,street_address,postal_code,city\n"
        "C-10,Greta,Berg,Gata 1,14730,Tumba\n"
    )

    run = run_import("clients", write_csv(tmp_path, text), fails=True)

    assert run.error == (
        "file.csv: Unknown columns: surname. The columns for this kind are: reference, "
        "first_name, last_name, street_address, postal_code, city, unit, contact_notes. "
        "Missing columns: last_name, unit."
    )
    assert Client.objects.count() == 2


def test_it_rejects_a_file_that_is_not_utf8(world, tmp_path, english):
    path = tmp_path / "ansi.csv"
    path.write_bytes(f"{HEADER}\nC-10,Åsa,Berg,Gata 1,14730,Tumba,tumba,\n".encode("cp1252"))

    run = run_import("clients", path, fails=True)

    assert run.error == (
        "ansi.csv: The file is not UTF-8 text (the first unreadable character is on line 2). "
        "In Excel, save it as “CSV UTF-8”."
    )
    assert Client.objects.count() == 2


def test_it_rejects_an_empty_file(world, tmp_path, english):
    run = run_import("keys", write_csv(tmp_path, "\n"), fails=True)

    assert run.error == "file.csv: The file is empty. The first line must name the columns."


def test_line_numbers_count_blank_lines_and_values_over_several_lines(world, tmp_path, english):
    text = (
        f"{HEADER}\n"
        "\n"  # line 2: blank, skipped
        'C-10,Greta,Berg,Gata 1,14730,Tumba,tumba,"Portkod 1234\nRing först"\n'  # lines 3-4
        "C-11,Olle,Pers,Gata 2,14730,Tumba\n"  # line 5: two values short
        "C-12,Maja,Ek,Gata 3,14730,Tumba,tumba,,,\n"  # line 6: empty extra values are fine
        "C-13,Ali,Khan,Gata 4,14730,Tumba,tumba,,x\n"  # line 7: an extra value is not
    )

    run = run_import("clients", write_csv(tmp_path, text), fails=True)

    assert run.stderr.splitlines() == [
        "line 5: expected 8 values separated by “,”, found 6",
        "line 7: expected 8 values separated by “,”, found 9",
    ]
    assert run.error == "2 of 4 rows have errors; nothing was imported."


def test_a_header_only_file_imports_nothing_and_says_so(world, tmp_path, english):
    run = run_import("locks", write_csv(tmp_path, "vendor;vendor_lock_id\n"))

    assert run.stdout.strip() == "locks: 0 created, 0 updated, 0 unchanged."


def test_it_rejects_a_missing_file_and_an_unknown_kind(world, tmp_path, english):
    with pytest.raises(CommandError, match="Cannot read"):
        run_import("clients", tmp_path / "nowhere.csv")
    with pytest.raises(CommandError, match="invalid choice: 'visits'"):
        run_import("visits", write_csv(tmp_path, HEADER))
