"""English and Swedish: the catalogue is complete and the person's language is used."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from ambassador.db import db

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "ambassador/translations/sv/LC_MESSAGES/messages.po"


def test_swedish_catalogue_translates_every_message_in_the_code(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "--ignore-dirs=.* test-artifacts",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as template, CATALOGUE.open("rb") as catalogue:
        extracted, swedish = read_po(template), read_po(catalogue, locale="sv")
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in extracted if m.id}
    translated = {}
    for message in swedish:
        if message.id and "fuzzy" not in message.flags:
            key = message.id if isinstance(message.id, str) else message.id[0]
            strings = [message.string] if isinstance(message.string, str) else list(message.string)
            if all(strings):
                translated[key] = strings
    assert sorted(wanted - set(translated)) == []
    for key in wanted:
        for placeholder in ("%(name)s", "%(num)s", "%(line)s", "%(email)s", "%(n)s"):
            if placeholder in key:
                assert all(placeholder in s for s in translated[key]), key


def test_person_language_decides(client, org):
    org.employee.language = "sv"
    db.session.commit()
    client.login(org.employee.email)
    assert "Min utbildning" in client.get("/training").get_data(as_text=True)


def test_office_language_when_person_has_none(client, org):
    org.employee.language = None  # Stockholm's language is Swedish
    db.session.commit()
    client.login(org.employee.email)
    assert "Min utbildning" in client.get("/training").get_data(as_text=True)


def test_browser_language_for_visitors(client):
    page = client.get("/auth/login", headers={"Accept-Language": "sv-SE,sv;q=0.9,en;q=0.5"})
    assert "Logga in" in page.get_data(as_text=True)
    page = client.get("/auth/login", headers={"Accept-Language": "de-DE,en;q=0.5"})
    assert "Sign in" in page.get_data(as_text=True)


def test_switching_language_is_kept_on_the_profile(client, org):
    client.login(org.employee.email)
    client.post_form("/language", {"language": "sv", "next": "/training"})
    db.session.refresh(org.employee)
    assert org.employee.language == "sv"
    assert "Min utbildning" in client.get("/training").get_data(as_text=True)


def test_unknown_language_changes_nothing(client, org):
    client.login(org.employee.email)
    response = client.post_form("/language", {"language": "xx", "next": "https://evil.example/"})
    assert response.location == "/"
    db.session.refresh(org.employee)
    assert org.employee.language == "en"


def test_form_validation_messages_are_swedish_too(client):
    token = client.csrf_token()
    page = client.post(
        "/auth/login",
        data={"email": "", "password": "", "csrf_token": token},
        headers={"Accept-Language": "sv"},
    ).get_data(as_text=True)
    assert "Det här fältet är obligatoriskt." in page
