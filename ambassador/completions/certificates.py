"""PDF certificates, made with fpdf2 in DejaVu Sans so that every name prints."""

from pathlib import Path

from flask_babel import format_date
from flask_babel import gettext as _
from fpdf import FPDF

FONTS = Path(__file__).resolve().parents[2] / "static" / "vendor" / "dejavu"


def certificate_pdf(
    *, name: str, module_title: str, version: int | None, completed_at, expires_at, code: str, verify_url: str
) -> bytes:
    """A one-page A4 landscape certificate; dates are formatted in the current language."""
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_title(_("Certificate") + f": {module_title}")
    pdf.set_author("Ambassador")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_draw_color(11, 79, 138)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, 277, 190)
    pdf.set_y(35)
    pdf.set_font("DejaVu", "B", 30)
    pdf.cell(0, 16, _("Certificate of completion"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 14)
    pdf.cell(0, 14, _("This certifies that"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 24)
    pdf.cell(0, 14, name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 14)
    pdf.cell(0, 12, _("has completed the training"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 10, module_title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 12)
    lines = [
        _("Completed on %(date)s", date=format_date(completed_at, "long")),
        _("Valid until %(date)s", date=format_date(expires_at, "long")),
    ]
    if version:
        lines.append(_("Module version %(n)s", n=version))
    for line in lines:
        pdf.cell(0, 8, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(172)
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(0, 6, _("Certificate %(code)s", code=code), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, _("Check it at %(url)s", url=verify_url), align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
