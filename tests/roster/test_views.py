"""The roster import as an administrator uses it: upload, preview, apply or discard."""

import io

import sqlalchemy as sa

from ambassador.db import db
from ambassador.org.models import Person
from ambassador.roster.models import RosterUpload


def _upload(client, content: bytes, full=False, name="hr.csv"):
    data = {"file": (io.BytesIO(content), name)}
    if full:
        data["full"] = "y"
    return client.post_form("/admin/roster", data, content_type="multipart/form-data")


def _count_people() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Person))


def test_upload_preview_apply(client, org):
    client.login(org.admin.email)
    response = _upload(
        client, b"email,name,office\nnew@example.com,New Person,Oslo\nola@example.com,Ola,Oslo\n"
    )
    assert response.status_code == 302
    preview = client.get(response.location).get_data(as_text=True)
    assert "new@example.com" in preview and "Apply import" in preview
    assert _count_people() == 5  # nothing written yet
    upload_id = db.session.scalar(sa.select(RosterUpload.id))
    done = client.post_form(f"/admin/roster/{upload_id}/apply", follow_redirects=True).get_data(as_text=True)
    assert "Import applied: 1 created, 1 updated, 0 deactivated." in done
    assert _count_people() == 6
    assert db.session.scalar(sa.select(RosterUpload.id)) is None


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
        client, b"email,name,office\nnew@example.com,New,Oslo\nbad,Bad,Oslo\nx@example.com,X,Mars\n"
    )
    page = client.get(response.location).get_data(as_text=True)
    assert "“bad” is not a valid email address." in page
    assert "There is no office called “Mars”." in page
    assert "Apply import" not in page
    upload_id = db.session.scalar(sa.select(RosterUpload.id))
    client.post_form(f"/admin/roster/{upload_id}/apply")
    assert _count_people() == 5


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
    _upload(client, b"email,name,office\nnew@example.com,New,Oslo\n")
    upload_id = db.session.scalar(sa.select(RosterUpload.id))
    client.post_form(f"/admin/roster/{upload_id}/discard")
    assert db.session.scalar(sa.select(RosterUpload.id)) is None
    assert _count_people() == 5
