"""Country pickers and checks offer and accept countries only."""

import pytest
import sqlalchemy as sa

from ambassador.authoring import services as authoring
from ambassador.db import db
from ambassador.org import services
from ambassador.org.countries import COUNTRIES, country_choices, is_country
from ambassador.org.models import Office

NOT_COUNTRIES = ["EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AC", "CP", "CQ", "DG", "EA", "IC", "TA"]
NAMES_OF_NON_COUNTRIES = [
    "Pseudo-Accents",
    "European Union",
    "Eurozone",
    "United Nations",
    "Outlying Oceania",
]


def test_the_list_is_iso_3166_1_with_kosovo():
    assert len(COUNTRIES) == 250
    assert {"SE", "GH", "XK", "AX"} <= COUNTRIES
    assert not set(NOT_COUNTRIES) & COUNTRIES


@pytest.mark.parametrize("code", [*NOT_COUNTRIES, "se", "<s", "", "SWE", None, 46])
def test_what_is_not_a_country_is_refused(code):
    assert not is_country(code)


def test_every_country_has_a_name(app):
    with app.test_request_context():
        names = dict(country_choices())
    assert names["GH"] == "Ghana" and names["XK"] == "Kosovo"
    assert all(name != code for code, name in names.items())


@pytest.mark.parametrize("url", ["/admin/offices/new", "/authoring/new", "/authoring/contacts"])
def test_pickers_offer_no_groupings_or_pseudo_locales(client, org, url):
    client.login(org.admin.email)
    page = client.get(url).get_data(as_text=True)
    assert "Ghana" in page and "Kosovo" in page
    for name in NAMES_OF_NON_COUNTRIES:
        assert name not in page


@pytest.mark.parametrize("country", ["EU", "XA", "<s"])
def test_an_office_in_a_non_country_is_refused(client, org, country):
    client.login(org.admin.email)
    form = {"name": "Brussels", "country": country, "timezone": "Europe/Brussels", "language": "en"}
    assert client.post_form("/admin/offices/new", form).status_code == 200
    with pytest.raises(services.OrgError) as refused:
        services.save_office(None, **form, actor=None, now=None)
    assert refused.value.field == "country"
    assert db.session.scalar(sa.select(Office).where(Office.name == "Brussels")) is None


def test_an_office_in_kosovo_is_accepted(client, org):
    client.login(org.admin.email)
    form = {"name": "Pristina", "country": "XK", "timezone": "Europe/Belgrade", "language": "en"}
    assert client.post_form("/admin/offices/new", form).location == "/admin/offices"


def test_a_module_audience_takes_countries_only():
    settings = authoring.Settings(audience="countries", countries=["SE", "EU"])
    with pytest.raises(authoring.AuthoringError) as refused:
        authoring.check_settings(settings)
    assert refused.value.field == "countries"
