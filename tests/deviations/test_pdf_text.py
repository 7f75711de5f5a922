"""The PDF holds whatever staff write: characters Helvetica lacks never break the download."""

from tests.deviations.helpers import KEY_AT, helped_with_key, report_of
from tests.deviations.test_exports import pdf_text
from vredvakt.deviations.export.pdf import report_pdf
from vredvakt.deviations.services import Account, report_save


def test_text_outside_the_font_still_gives_a_pdf(world):
    report = report_of(helped_with_key(world))
    written = Account(account="Łukasz kom → 10:25 😀 <b>fet</b> & Åsa", serious="no")
    report_save(report=report, by=world.anna, written=written, now=KEY_AT)
    report.refresh_from_db()

    text = pdf_text(report_pdf(report))

    assert "kom" in text and "<b>fet</b> & Åsa" in text
