"""#15 item 2: a report as PDF (Swedish, with the timeline), JSON and CSV."""

import csv
import io
import json
from datetime import timedelta

from pypdf import PdfReader

from tests.deviations.helpers import RESTORED_AT, helped_with_key, report_of, restored
from vredvakt.audit.models import AuditEntry
from vredvakt.deviations.export.pdf import report_pdf
from vredvakt.deviations.services import Account, report_submit

LATER = RESTORED_AT + timedelta(hours=1)


def submitted(world):
    report = report_of(restored(world, helped_with_key(world)))
    written = Account(
        account="Låset öppnade inte. Jag hämtade nyckeln på krok 14 och kom in kl. 10.25.",
        assessment="Batteriet var slut; varningen nådde inte hemtjänsten.",
        serious="unsure",
        serious_note="Brukaren fick vänta på sin insulin i 25 minuter.",
    )
    report_submit(report=report, by=world.anna, written=written, reference="AV-2026-118", now=LATER)
    report.refresh_from_db()
    return report


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_opens_and_holds_the_timeline_in_swedish(world):
    report = submitted(world)

    text = pdf_text(report_pdf(report))

    assert "Avvikelserapport" in text
    assert "Referens: AV-2026-118" in text
    assert "Karin Lund" in text and "Lundgatan 4, 147 30 Tumba" in text
    # The timeline, in local time, with who did what (åäö intact).
    assert "Händelser" in text
    assert "2026-11-24 10:00" in text and "Fel anmält" in text
    assert "Låset svarar inte i appen." in text
    assert "Fungerar igen" in text and "Nytt batteri." in text
    assert "Ur funktion i" in text and "3 h 0 min" in text
    assert "Tidsgränser" in text
    assert "hämtade nyckeln på krok 14" in text
    assert "insulin i 25 minuter" in text


def test_the_pdf_of_an_outage_report_opens(world):
    from tests.deviations.helpers import outage_over
    from vredvakt.deviations.models import DeviationReport

    report = DeviationReport.objects.get(outage=outage_over(world))

    text = pdf_text(report_pdf(report))

    assert "Phoniros plattform svarar inte" in text and "Händelser" in text


def download(http, user, report, fmt):
    http.force_login(user)
    return http.get(f"/deviations/{report.pk}/export.{fmt}")


def test_json_and_csv_carry_the_report_for_the_deviation_system(client, world):
    report = submitted(world)

    as_json = download(client, world.ulla, report, "json")
    as_csv = download(client, world.ulla, report, "csv")

    assert as_json["Content-Type"] == "application/json"
    data = json.loads(as_json.content)
    assert data["reference"] == "AV-2026-118" and data["serious_deficiency"] == "unsure"
    assert data["facts"]["client"]["name"] == "Karin Lund"
    assert [e["what"] for e in data["facts"]["timeline"]][0] == "Fel anmält"
    text = as_csv.content.decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["reference"] == "AV-2026-118" and row["client"] == "Karin Lund"
    assert row["out_of_order_minutes"] == "180"
    assert "Fel anmält" in row["timeline"] and "Nytt batteri." in row["timeline"]
    assert 'attachment; filename="avvikelse-' in as_csv["Content-Disposition"]
    # Client data: each download is a logged read.
    assert AuditEntry.objects.filter(action="client.read", actor=world.ulla).count() == 2


def test_the_pdf_downloads_from_the_report_page(client, world):
    report = submitted(world)

    response = download(client, world.anna, report, "pdf")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "AV-2026-118" in pdf_text(response.content)


def test_an_outsider_downloads_nothing(client, world):
    report = submitted(world)

    assert download(client, world.otto, report, "pdf").status_code == 404
    assert download(client, world.anna, report, "xml").status_code == 404
