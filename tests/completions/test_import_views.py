"""The past completions import as a coordinator or administrator uses it: upload, preview, apply once."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from ambassador.completions.jobs import purge_stale_completion_uploads
from ambassador.completions.models import Completion, CompletionUpload
from ambassador.db import db
from tests import imports
from tests.factories import make_module, make_person

HISTORY = (
    b"email,module,completed on,certificate\nemployee@example.com,Child protection basics,2025-06-10,OLD-1\n"
)


@pytest.fixture(autouse=True)
def module(app_context):
    module = make_module(title="Child protection basics")
    db.session.commit()
    return module


def _upload(client, content: bytes, name="history.csv"):
    return imports.upload(client, "/completions/import", content, name)


def _preview(client, content: bytes, name="history.csv") -> tuple[str, str]:
    return imports.preview(client, "/completions/import", content, name=name)


_apply = imports.apply


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Completion))


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_upload_preview_apply_and_the_record(client, org, role, now):
    client.login(org.by_role(role).email)
    url, digest = _preview(client, HISTORY, name="old-lms.csv")
    assert re.fullmatch(r"/completions/import/[0-9a-f]{32}", url)
    page = client.get(url).get_data(as_text=True)
    assert "<strong>1</strong> to record" in page and "employee@example.com" in page
    assert "2025-06-10" in page and "2026-06-10" in page and "OLD-1" in page
    assert _count() == 0  # nothing written by a preview
    done = _apply(client, url, digest)
    assert "Import applied: 1 recorded, 0 already recorded." in done
    assert "Past completions imported" in done and "old-lms.csv" in done
    assert f"Applied by {org.by_role(role).name} on Mar 2, 2026" in done
    assert _count() == 1
    assert db.session.scalar(sa.select(CompletionUpload.content)) == b""  # the file itself is not kept
    recent = client.get("/completions/import").get_data(as_text=True)
    assert f'href="{url}">old-lms.csv</a>' in recent and "1 recorded, 0 already recorded" in recent
    assert "This certificate is valid." in client.get("/verify/old-1").get_data(as_text=True)


def test_bad_rows_are_listed_and_block_the_apply(client, org):
    client.login(org.coordinator.email)
    response = _upload(
        client,
        b"email,module,completed on\nemployee@example.com,Child protection basics,2025-06-10\n"
        b"ghost@example.com,Child protection basics,2025-06-10\n"
        b"ola@example.com,<b>Nope</b>,2099-01-01\n",
    )
    page = client.get(response.location).get_data(as_text=True)
    assert "No one on the roster has the email ghost@example.com." in page
    assert "The date 2099-01-01 is in the future" in page
    assert "Apply import" not in page and "<b>Nope</b>" not in page
    digest = db.session.scalar(sa.select(CompletionUpload.sha256))
    assert "The import has problems and was not applied." in _apply(client, response.location, digest)
    assert _count() == 0
    assert db.session.scalar(sa.select(CompletionUpload.applied_at)) is None


def test_a_file_that_cannot_be_read_gets_its_reason_and_stores_nothing(client, org):
    client.login(org.admin.email)
    page = _upload(client, b"email,course\nx@example.com,1\n").get_data(as_text=True)
    assert "Missing column(s): completed on." in page
    assert db.session.scalar(sa.select(CompletionUpload.id)) is None


def test_applying_again_says_already_applied_and_a_discard_changes_nothing(client, org):
    client.login(org.admin.email)
    url, digest = _preview(client, HISTORY)
    _apply(client, url, digest)
    assert "This import has already been applied; it was not applied again." in _apply(client, url, digest)
    other_url, _digest = _preview(client, HISTORY.replace(b"2025-06-10,OLD-1", b"2025-06-11,"))
    client.post_form(f"{other_url}/discard")
    assert "This import was discarded or has expired" in client.get(
        other_url, follow_redirects=True
    ).get_data(as_text=True)
    assert _count() == 1


def test_another_persons_pending_import_is_not_found(client, org):
    client.login(org.admin.email)
    url, _digest = _preview(client, HISTORY)
    client.logout()
    client.login(org.coordinator.email)
    assert client.get(url).status_code == 404


def test_six_parallel_applies_apply_once_and_tell_the_others(make_client, org):
    """Six tabs click Apply at the same moment: one applies, five are told it was applied."""
    tabs = [make_client() for _ in range(6)]
    for tab in tabs:
        tab.login(org.coordinator.email)
    url, digest = _preview(tabs[0], HISTORY)
    pages = imports.apply_at_once(tabs, url, digest)
    assert sum("Import applied: 1 recorded" in page for page in pages) == 1
    assert sum("This import has already been applied" in page for page in pages) == 5
    assert _count() == 1


def test_stale_files_are_forgotten_but_applied_imports_kept(client, org, now):
    client.login(org.admin.email)
    applied_url, digest = _preview(client, HISTORY)
    _apply(client, applied_url, digest)
    _preview(client, HISTORY)
    db.session.execute(sa.update(CompletionUpload).values(created_at=now - timedelta(days=2)))
    db.session.commit()
    assert purge_stale_completion_uploads() == 1
    assert db.session.scalars(sa.select(CompletionUpload.applied_at)).all() == [now]


def test_the_page_is_in_the_navigation_of_coordinators_and_administrators(client, org):
    make_person(org.stockholm, "coordinator", email="c2@example.com")
    db.session.commit()
    for email, shown in (
        ("c2@example.com", True),
        ("admin@example.com", True),
        ("employee@example.com", False),
    ):
        client.login(email)
        assert ('href="/completions/import"' in client.get("/training").get_data(as_text=True)) is shown
        client.logout()
