"""The roster import as an administrator uses it: upload, preview, apply or discard, and its record."""

import re
from datetime import timedelta

import sqlalchemy as sa

from ambassador.db import db
from ambassador.org.models import Person
from ambassador.roster.jobs import purge_stale_uploads
from ambassador.roster.models import RosterUpload
from tests import imports
from tests.factories import make_person

NEW_PERSON = b"email,name,office\nnew@example.com,New Person,Oslo\n"


def _upload(client, content: bytes, full=False, name="hr.csv"):
    return imports.upload(client, "/admin/roster", content, name, **({"full": "y"} if full else {}))


def _preview(client, content: bytes, full=False, name="hr.csv") -> tuple[str, str]:
    return imports.preview(client, "/admin/roster", content, name=name, **({"full": "y"} if full else {}))


_apply = imports.apply


def _count_people() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Person))


def test_upload_preview_apply(client, org):
    client.login(org.admin.email)
    url, digest = _preview(client, NEW_PERSON + b"ola@example.com,Ola,Oslo\n")
    assert re.fullmatch(r"/admin/roster/[0-9a-f]{32}", url)
    assert "new@example.com" in client.get(url).get_data(as_text=True)
    assert _count_people() == 5  # nothing written yet
    done = _apply(client, url, digest)
    assert "Import applied: 1 created, 1 updated, 0 deactivated." in done
    assert _count_people() == 6


def test_an_applied_import_shows_what_it_did_who_ran_it_and_when(client, org, make_client, now):
    client.login(org.admin.email)
    url, digest = _preview(client, NEW_PERSON + b"ola@example.com,Ola,Oslo\n", name="march.csv")
    _apply(client, url, digest)
    second_admin = make_person(org.stockholm, "admin", email="admin2@example.com", language="en")
    db.session.commit()
    other = make_client()
    other.login(second_admin.email)
    page = other.get(url).get_data(as_text=True)
    assert "Roster import applied" in page and "march.csv" in page and "partial roster" in page
    assert "Applied by Alva Admin on Mar 2, 2026" in page
    assert "<strong>1</strong> created" in page and "<strong>1</strong> updated" in page
    assert "New Person" in page and "Ola" in page and "name" in page
    recent = other.get("/admin/roster").get_data(as_text=True)
    assert f'href="{url}">march.csv</a>' in recent and "1 created, 1 updated, 0 deactivated" in recent
    assert db.session.scalar(sa.select(RosterUpload.content)) == b""  # the file itself is not kept


def test_a_stale_apply_after_a_discard_never_applies_the_next_file(client, org, make_client):
    client.login(org.admin.email)
    old_url, old_digest = _preview(client, NEW_PERSON)
    client.post_form(f"{old_url}/discard")
    full_roster = b"email,name,office\nadmin@example.com,Alva Admin,Stockholm\n"
    new_url, _digest = _preview(client, full_roster, full=True)
    assert new_url != old_url
    page = _apply(client, old_url, old_digest)
    assert "This import was discarded or has expired, so nothing was applied." in page
    assert _count_people() == 5
    assert db.session.scalar(sa.select(sa.func.count()).where(Person.active.is_(True))) == 5
    assert db.session.scalar(sa.select(RosterUpload.applied_at)) is None


def test_apply_refuses_a_file_other_than_the_one_previewed(client, org):
    client.login(org.admin.email)
    url, digest = _preview(client, NEW_PERSON)
    page = _apply(client, url, "0" * 64)
    assert "The file is not the one this preview showed, so nothing was applied." in page
    assert "Apply import" in page  # back on the preview, which can still be applied
    assert _count_people() == 5
    assert "Import applied" in _apply(client, url, digest)


def test_applying_again_says_already_applied(client, org):
    client.login(org.admin.email)
    url, digest = _preview(client, NEW_PERSON)
    _apply(client, url, digest)
    page = _apply(client, url, digest)
    assert "This import has already been applied; it was not applied again." in page
    assert "Roster import applied" in page
    discarded = client.post_form(f"{url}/discard", follow_redirects=True).get_data(as_text=True)
    assert "This import has already been applied, so it cannot be discarded." in discarded
    assert _count_people() == 6


def test_six_parallel_applies_apply_once_and_tell_the_others(make_client, org):
    """Six tabs click Apply at the same moment: one applies, five are told it was applied."""
    tabs = [make_client() for _ in range(6)]
    for tab in tabs:
        tab.login(org.admin.email)
    url, digest = _preview(tabs[0], NEW_PERSON)
    pages = imports.apply_at_once(tabs, url, digest)
    assert sum("Import applied: 1 created" in page for page in pages) == 1
    assert sum("This import has already been applied" in page for page in pages) == 5
    assert db.session.scalar(sa.select(sa.func.count()).where(Person.email == "new@example.com")) == 1


def test_a_bad_file_gets_its_reason_and_stores_nothing(client, org):
    client.login(org.admin.email)
    page = _upload(client, "email,name\n".encode("utf-16")).get_data(as_text=True)
    assert "Save it as “CSV UTF-8”" in page
    assert db.session.scalar(sa.select(RosterUpload.id)) is None


def test_no_file_chosen(client, org):
    client.login(org.admin.email)
    page = client.post_form("/admin/roster", {}, content_type="multipart/form-data").get_data(as_text=True)
    assert "Choose a file." in page


def test_bad_rows_are_listed_and_block_the_apply(client, org):
    client.login(org.admin.email)
    response = _upload(
        client,
        b"email,name,office\nnew@example.com,New,Oslo\nbad,Bad,Oslo\nx@example.com,X,Mars\n"
        b'y@example.com,"Y\nBcc: z",Oslo\n',
    )
    page = client.get(response.location).get_data(as_text=True)
    assert "“bad” is not a valid email address." in page
    assert "There is no office called “Mars”." in page
    assert "The name has a line break, a tab or another control character; write it on one line." in page
    assert "Apply import" not in page
    digest = db.session.scalar(sa.select(RosterUpload.sha256))
    page = _apply(client, response.location, digest)
    assert "The import has problems and was not applied." in page
    assert _count_people() == 5
    assert db.session.scalar(sa.select(RosterUpload.applied_at)) is None


def test_full_roster_preview_lists_deactivations(client, org):
    client.login(org.admin.email)
    response = _upload(
        client, b"email,name,office\nemployee@example.com,Elin Employee,Stockholm\n", full=True
    )
    page = client.get(response.location).get_data(as_text=True)
    assert "Ola Nordmann (ola@example.com)" in page
    assert "Alva Admin (admin@example.com)" not in page


def test_discard_changes_nothing(client, org):
    client.login(org.admin.email)
    url, _digest = _preview(client, NEW_PERSON)
    client.post_form(f"{url}/discard")
    assert db.session.scalar(sa.select(RosterUpload.id)) is None
    assert _count_people() == 5
    page = client.get(url, follow_redirects=True).get_data(as_text=True)
    assert "This import was discarded or has expired" in page


def test_stale_files_are_forgotten_but_applied_imports_kept(client, org, now):
    client.login(org.admin.email)
    applied_url, digest = _preview(client, NEW_PERSON)
    _apply(client, applied_url, digest)
    _preview(client, b"email,name,office\nola@example.com,Ola,Oslo\n")
    db.session.execute(sa.update(RosterUpload).values(created_at=now - timedelta(days=2)))
    db.session.commit()
    assert purge_stale_uploads() == 1
    assert db.session.scalars(sa.select(RosterUpload.applied_at)).all() == [now]
    assert "Roster import applied" in client.get(applied_url).get_data(as_text=True)


def test_what_a_file_says_is_shown_as_text_in_the_preview(client, org):
    client.login(org.admin.email)
    response = _upload(
        client,
        b"email,name,office,start date\nnew@example.com,New,<b>HQ</b>,\nx@example.com,X,Oslo,<u>2024</u>\n",
    )
    page = client.get(response.location).get_data(as_text=True)
    assert "&lt;b&gt;HQ&lt;/b&gt;" in page and "<b>HQ</b>" not in page
    assert "&lt;u&gt;2024&lt;/u&gt;" in page and "<u>2024</u>" not in page
