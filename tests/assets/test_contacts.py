"""Support and reporting contacts per country and language, as coordinators write and readers see them."""

import pytest
import sqlalchemy as sa

from ambassador.assets.models import CountryContact
from ambassador.assets.queries import Shown, contacts_for
from ambassador.assets.services import AssetError, ContactText, save_contacts
from ambassador.audit.models import AuditEvent
from ambassador.clock import utcnow
from ambassador.db import db
from tests.factories import make_module, make_office, make_person

LANGUAGES = ("en", "sv")
ENGLISH = ContactText("Talk to HR.", "ECPAT Hotline, ecpat.se")
SWEDISH = ContactText("Prata med HR.", "ECPAT Hotline, ecpat.se (svenska)")


def _save(country="SE", **texts):
    save_contacts(country, texts, languages=LANGUAGES, actor=None, now=utcnow())
    db.session.commit()


def test_a_reader_sees_their_own_language(org):
    _save(en=ENGLISH, sv=SWEDISH)
    assert contacts_for("SE", "sv").support == Shown("Prata med HR.", "sv")
    assert contacts_for("SE", "en").support == Shown("Talk to HR.", "en")


def test_a_language_without_text_shows_english_with_no_gap(org):
    _save(en=ENGLISH, sv=ContactText(support="Prata med HR."))
    shown = contacts_for("SE", "sv")
    assert shown.support == Shown("Prata med HR.", "sv")
    assert shown.reporting == Shown("ECPAT Hotline, ecpat.se", "en")
    assert contacts_for("SE", "fi").reporting.language == "en"


def test_without_english_another_language_is_shown_rather_than_nothing(org):
    _save(sv=SWEDISH)
    assert contacts_for("SE", "en").reporting == Shown("ECPAT Hotline, ecpat.se (svenska)", "sv")
    assert contacts_for("GH", "en") == contacts_for("GH", "sv") == type(contacts_for("GH", "en"))(None, None)


def test_emptying_a_language_removes_its_text_and_is_audited(org):
    _save(en=ENGLISH, sv=SWEDISH)
    _save(en=ENGLISH, sv=ContactText(" ", "\n"))
    assert [c.language for c in db.session.scalars(sa.select(CountryContact))] == ["en"]
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "contacts.saved").order_by(AuditEvent.id)
    ).all()
    assert [event.summary for event in events] == ["SE", "SE"]
    assert set(events[0].changes) == {"support.en", "reporting.en", "support.sv", "reporting.sv"}
    assert events[1].changes == {
        "support.sv": ["Prata med HR.", None],
        "reporting.sv": ["ECPAT Hotline, ecpat.se (svenska)", None],
    }


@pytest.mark.parametrize(
    ("country", "texts", "field"),
    [
        ("EU", {"en": ENGLISH}, "country"),
        ("<s", {"en": ENGLISH}, "country"),
        ("SE", {"xx": ENGLISH}, "country"),
        ("SE", {"en": ContactText("Call\x00us")}, "support_en"),
        ("SE", {"sv": ContactText(reporting="x" * 2001)}, "reporting_sv"),
    ],
)
def test_bad_contacts_are_refused_on_their_field(org, country, texts, field):
    with pytest.raises(AssetError) as refused:
        save_contacts(country, texts, languages=LANGUAGES, actor=None, now=utcnow())
    assert refused.value.field == field
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CountryContact)) == 0


def test_a_coordinator_writes_each_language(client, org):
    client.login(org.coordinator.email)
    page = client.get("/authoring/contacts?country=SE").get_data(as_text=True)
    assert "Contacts in Sweden" in page and 'name="support_sv"' in page and 'name="reporting_en"' in page
    response = client.post_form(
        "/authoring/contacts?country=SE",
        {"support_en": "Talk to HR.", "reporting_en": "Hotline", "support_sv": "Prata med HR."},
    )
    assert response.location == "/authoring/contacts"
    rows = {c.language: (c.support, c.reporting) for c in db.session.scalars(sa.select(CountryContact))}
    assert rows == {"en": ("Talk to HR.", "Hotline"), "sv": ("Prata med HR.", "")}
    again = client.get("/authoring/contacts?country=se").get_data(as_text=True)
    assert "Prata med HR." in again and "Hotline" in again


def test_a_bad_contact_keeps_what_was_typed(client, org):
    client.login(org.coordinator.email)
    page = client.post_form(
        "/authoring/contacts?country=SE", {"support_en": "Call\x01us", "reporting_sv": "Ring 112"}
    ).get_data(as_text=True)
    assert "Remove the control characters from this text." in page and "Ring 112" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CountryContact)) == 0


def test_the_page_names_the_countries_with_offices_but_no_contacts(client, org):
    make_office(name="Accra", country="GH", timezone="Africa/Accra")
    _save(en=ENGLISH)
    client.login(org.coordinator.email)
    page = client.get("/authoring/contacts").get_data(as_text=True)
    missing = page.split("Countries with offices but no contacts")[1].split("</section>")[0]
    assert "Ghana" in missing and "Norway" in missing and "Sweden" not in missing
    _save("GH", en=ENGLISH)
    _save("NO", sv=SWEDISH)
    assert "Countries with offices but no contacts" not in client.get("/authoring/contacts").get_data(
        as_text=True
    )


def test_a_country_that_is_not_one_is_refused(client, org):
    client.login(org.coordinator.email)
    page = client.get("/authoring/contacts?country=EU").get_data(as_text=True)
    assert "Choose a country from the list." in page and 'name="support_en"' not in page
    response = client.post_form("/authoring/contacts?country=<s", {"support_en": "x"})
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CountryContact)) == 0


def _warning_page(client, person) -> str:
    module = make_module(content_warning=True)
    db.session.commit()
    client.login(person.email)
    return client.get(f"/training/{module.id}").get_data(as_text=True)


def test_a_swedish_reader_sees_the_swedish_contacts(client, org):
    _save(en=ENGLISH, sv=SWEDISH)
    reader = make_person(org.stockholm, language="sv")
    page = _warning_page(client, reader)
    assert '<p class="pre" lang="sv">Prata med HR.</p>' in page and "Talk to HR." not in page


def test_a_swedish_reader_sees_english_where_no_swedish_is_written(client, org):
    _save(en=ENGLISH)
    reader = make_person(org.stockholm, language="sv")
    page = _warning_page(client, reader)
    assert '<p class="pre" lang="en">ECPAT Hotline, ecpat.se</p>' in page


def test_a_country_without_contacts_points_to_the_manager(client, org):
    _save(en=ENGLISH)
    page = _warning_page(client, org.colleague_in_oslo)
    assert "Before you start" in page and "Talk to HR." not in page
    assert "talk to your manager, HR or your office" in page
