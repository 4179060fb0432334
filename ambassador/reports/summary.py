"""The one-page printable summary for the annual report: a PDF made with fpdf2 from the snapshot.

Overall coverage with its definition, a table per module and the countries, the offices short of
ambassadors, and "as of" with the link to the definitions (built from BASE_URL).
"""

from datetime import datetime
from pathlib import Path

from flask_babel import format_date, format_percent
from flask_babel import gettext as _
from fpdf import FPDF

from ambassador.reports.queries import Line

FONTS = Path(__file__).resolve().parents[2] / "static" / "vendor" / "dejavu"
COLUMNS = (70, 22, 20, 20, 22, 20, 16)  # name, coverage, required, valid, refresher open, overdue, to do
MAX_ROWS = 14  # per table, so the page stays one page


def _percent(value: float | None) -> str:
    """A coverage figure, or a dash when nobody is required."""
    return "–" if value is None else format_percent(value)


def _table(pdf: FPDF, heading: str, lines: list[Line], names) -> None:
    """One table of figures, the lowest coverage first, at most MAX_ROWS rows."""
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
    labels = (
        heading,
        _("Coverage"),
        _("Required"),
        _("Valid"),
        _("Refresher open"),
        _("Overdue"),
        _("To do"),
    )
    pdf.set_font("DejaVu", "B", 8)
    for width, label in zip(COLUMNS, labels, strict=True):
        pdf.cell(width, 6, label, border="B", align="L" if width == COLUMNS[0] else "R")
    pdf.ln()
    pdf.set_font("DejaVu", "", 8)
    for line in lines[:MAX_ROWS]:
        cells = (
            names(line),
            _percent(line.coverage),
            line.required,
            line.valid,
            line.refresher_open,
            line.overdue,
            line.to_do,
        )
        for width, value in zip(COLUMNS, cells, strict=True):
            text = str(value)
            if width == COLUMNS[0] and pdf.get_string_width(text) > width - 2:
                while text and pdf.get_string_width(text + "…") > width - 2:
                    text = text[:-1]
                text += "…"
            pdf.cell(width, 5, text, align="L" if width == COLUMNS[0] else "R")
        pdf.ln()
    if len(lines) > MAX_ROWS:
        pdf.cell(
            0,
            5,
            _("and %(num)s more in the dashboard's export", num=len(lines) - MAX_ROWS),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(3)


def summary_pdf(
    *,
    total: Line,
    modules: list[Line],
    countries: list[Line],
    gaps: int,
    taken_at: datetime,
    day,
    country_name,
    definitions_url: str,
) -> bytes:
    """A one-page A4 portrait summary of the day's coverage, in the current language."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(_("Training coverage"))
    pdf.set_author("Ambassador")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.cell(0, 10, _("Training coverage"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(0, 6, _("As of %(date)s", date=format_date(day, "long")), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 28)
    pdf.cell(0, 14, _percent(total.coverage), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(
        0,
        5,
        _(
            "%(valid)s valid of %(required)s required; %(overdue)s overdue, %(to_do)s to do, "
            "%(refresher_open)s open for renewal",
            valid=total.valid,
            required=total.required,
            overdue=total.overdue,
            to_do=total.to_do,
            refresher_open=total.refresher_open,
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(
        0,
        4,
        _(
            "Coverage is valid ÷ required, summed over every person and every module required "
            "of them. Valid means completed and not expired (current or open for renewal); "
            "deactivated people are in no figure."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    _table(pdf, _("Per module"), modules, lambda line: line.name)
    _table(pdf, _("Per country"), countries, lambda line: country_name(line.name))
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, _("Offices short of ambassadors: %(num)s.", num=gaps), new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(280)
    pdf.set_font("DejaVu", "", 7)
    pdf.cell(
        0,
        4,
        _(
            "Snapshot taken %(time)s UTC. How every figure is counted: %(url)s",
            time=taken_at.strftime("%Y-%m-%d %H:%M"),
            url=definitions_url,
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
