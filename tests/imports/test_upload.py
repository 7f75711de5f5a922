"""The upload page at /import/: administrators only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vredvakt.audit.models import AuditEntry
from vredvakt.clients.models import Client

HEADER = "reference,first_name,last_name,street_address,postal_code,city,unit\n"
CLIENTS = HEADER + "C-10,Greta,Berg,Storgatan 4,14730,Tumba,tumba\n"
BAD = HEADER + (
    "C-10,Greta,Berg,Storgatan 4,14730,Tumba,tumba\n"
    "C-11,Olle,,Björkvägen 2,145 60,Norsborg,alby\n"  # line 3
    "C-12,Maja,Ek,Ringvägen 9,14730,Tumba,vasby\n"  # line 4
)


def post(client, text, *, kind="clients", check_only=False, name="brukare.csv", raw=None):
    upload = SimpleUploadedFile(name, raw if raw is not None else text.encode(), "text/csv")
    data = {"kind": kind, "file": upload}
    if check_only:
        data["check_only"] = "on"
    return client.post(reverse("imports:run"), data)


@pytest.fixture
def adam(client, world):
    client.force_login(world.adam)
    return client


def test_the_page_shows_an_accessible_form(adam):
    response = adam.get(reverse("imports:upload"))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<label for="id_file">CSV-fil</label>' in page
    assert "<legend>Vad innehåller filen?</legend>" in page
    assert 'aria-describedby="id_file_helptext"' in page
    assert 'enctype="multipart/form-data"' in page


@pytest.mark.parametrize(
    "persona", ["anna", "kim", "ulla", "hanna", "lars", "nils", "olof", "otto"]
)
def test_it_is_forbidden_for_everyone_but_administrators(client, world, persona):
    client.force_login(getattr(world, persona))

    assert client.get(reverse("imports:upload")).status_code == 403
    assert post(client, CLIENTS).status_code == 403
    assert not Client.objects.filter(reference="C-10").exists()


def test_it_sends_visitors_who_are_not_signed_in_to_the_login(client, world):
    response = client.get(reverse("imports:upload"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_administrator_imports_a_file_and_sees_the_counts(adam, world):
    response = post(adam, CLIENTS)

    assert response.status_code == 200
    page = response.content.decode()
    assert "brukare.csv är importerad" in page
    assert "<dt>Tillagda</dt><dd>1</dd>" in page
    assert Client.objects.get(reference="C-10").unit == world.tumba
    entry = AuditEntry.objects.get(action="import.clients")
    assert (entry.actor, entry.via, entry.detail["file"]) == (world.adam, "web", "brukare.csv")


def test_the_page_lists_every_bad_row_and_nothing_is_imported(adam):
    response = post(adam, BAD)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Ingenting har importerats" in page
    assert "<tr><td>3</td><td>last_name får inte vara tom</td></tr>" in page
    assert "<tr><td>4</td><td>unit: det finns ingen enhet med koden ”vasby”</td></tr>" in page
    assert not Client.objects.filter(reference="C-10").exists()
    assert not AuditEntry.objects.exclude(action__startswith="auth.").exists()  # sign-ins aside


def test_check_only_saves_nothing(adam):
    response = post(adam, CLIENTS, check_only=True)

    assert response.status_code == 200
    assert "<dt>Skulle läggas till</dt><dd>1</dd>" in response.content.decode()
    assert not Client.objects.filter(reference="C-10").exists()
    assert not AuditEntry.objects.exclude(action__startswith="auth.").exists()  # sign-ins aside


def test_it_rejects_a_file_in_the_wrong_encoding_by_the_file_field(adam):
    response = post(adam, "", raw=CLIENTS.encode("cp1252").replace(b"Greta", b"G\xf6ta"))

    assert response.status_code == 400
    page = response.content.decode()
    assert '<p class="field__error" id="id_file_error">Filen är inte UTF-8-text' in page
    assert not Client.objects.filter(reference="C-10").exists()


def test_it_rejects_unknown_columns_by_the_file_field(adam):
    response = post(adam, CLIENTS.replace("city", "ort"))

    assert response.status_code == 400
    assert "Okända kolumner: ort." in response.content.decode()


def test_it_rejects_a_file_over_20_mb(adam):
    huge = CLIENTS.encode() + b" " * (20 * 1024 * 1024)

    response = post(adam, "", raw=huge)

    assert response.status_code == 400
    assert "Filen är större än 20 MB" in response.content.decode()
    assert not Client.objects.filter(reference="C-10").exists()


def test_it_asks_for_a_kind_and_a_file(adam):
    response = adam.post(reverse("imports:run"), {})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_kind_error"' in page
    assert 'id="id_file_error"' in page
