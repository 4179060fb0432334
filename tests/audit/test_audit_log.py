"""The audit log page: who changed what and when, old → new, in the reader's time zone and language;
searchable by person, kind and days, a page at a time, and downloadable as CSV."""

import csv
import io
import re
from datetime import timedelta

import pytest

from ambassador.audit.services import record
from ambassador.db import db
from tests.factories import make_person


def _entries(page: str) -> list[str]:
    """The text of each entry as it looks on the page (tags and text for screen readers removed)."""
    blocks = re.findall(
        r'<li class="audit-entry">(.*?)</li>\s*(?=<li class="audit-entry">|</ol>)', page, re.S
    )
    blocks = [re.sub(r'<span class="visually-hidden">.*?</span>', "", block) for block in blocks]
    return [" ".join(re.sub(r"<[^>]+>", " ", block).split()).replace(" :", ":") for block in blocks]


def test_a_role_change_shows_who_when_what_about_whom_and_old_to_new(client, org, now):
    client.login(org.admin.email)
    person = org.colleague_in_oslo
    client.post_form(
        f"/admin/people/{person.id}",
        {"name": person.name, "office": org.oslo.id, "language": "", "role": "coordinator"},
    )
    [entry, _sign_in] = _entries(client.get("/admin/audit").get_data(as_text=True))
    assert "10:30" in entry  # 09:30 UTC shown in Stockholm time (UTC+1 in March)
    assert "Alva Admin · Role changed" in entry
    assert "About: Ola Nordmann (ola@example.com)" in entry
    assert "Role: employee → coordinator" in entry


def test_a_settings_change_lists_each_field_with_its_label(client, org, now):
    from ambassador.authoring.services import Settings, save_settings
    from tests.factories import make_module

    module = make_module(title="Basics", pass_mark=80, grace_days=30)
    save_settings(module, Settings(pass_mark=70, grace_days=14, draw_count=4), actor=org.coordinator, now=now)
    db.session.commit()
    client.login(org.admin.email)
    page = client.get("/admin/audit?action=module.settings").get_data(as_text=True)
    [entry] = _entries(page)
    assert f"Cora Coordinator · Module settings changed module {module.id} (Basics)" in entry
    assert "Pass mark (%): 80 → 70" in entry and "Days to complete: 30 → 14" in entry


def test_times_follow_the_readers_office_time_zone(client, org, now):
    org.admin.office = org.oslo
    org.oslo.timezone = "America/Bogota"
    db.session.commit()
    client.login(org.admin.email)
    client.post_form(f"/admin/people/{org.colleague_in_oslo.id}/deactivate")
    page = client.get("/admin/audit?action=person.deactivated").get_data(as_text=True)
    assert "4:30" in page and "10:30" not in page  # 09:30 UTC is 04:30 in Bogotá


def _numbered(org, now, count: int) -> None:
    """`count` events, entry 1 the newest; the last ten share one moment, as an import's do."""
    for n in range(count, 0, -1):
        record(org.admin, "person.updated", f"entry {n:03d}", now - timedelta(minutes=max(n, count - 10)))
    db.session.commit()


def test_page_two_shows_the_51st_entry(client, org, now):
    _numbered(org, now, 60)
    client.login(org.admin.email)
    first = client.get("/admin/audit?action=person.updated").get_data(as_text=True)
    assert "entry 001" in first and "entry 050" in first and "entry 051" not in first
    assert 'href="/admin/audit?action=person.updated&amp;page=2" rel="next"' in first
    assert "Page 1 of 2" in first and "60 entries" in first
    second = client.get("/admin/audit?action=person.updated&page=2").get_data(as_text=True)
    assert "entry 051" in second and "entry 060" in second and "entry 050" not in second
    assert "Page 2 of 2" in second


def test_a_page_past_the_end_or_malformed_shows_a_real_page(client, org, now):
    _numbered(org, now, 60)
    client.login(org.admin.email)
    assert "entry 051" in client.get("/admin/audit?page=99999999999999999999").get_data(as_text=True)
    assert "entry 001" in client.get("/admin/audit?page=-2").get_data(as_text=True)
    assert "entry 001" in client.get("/admin/audit?page=two").get_data(as_text=True)


def test_a_swedish_reader_sees_swedish_labels_and_unknown_codes_as_they_are(client, org, now):
    record(org.admin, "person.deactivated", "ola@example.com", now, changes={"active": [True, False]})
    record(None, "something.new", "a feature without a label yet", now)
    org.admin.language = "sv"
    db.session.commit()
    client.login(org.admin.email)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Händelselogg" in page
    entries = _entries(page)
    assert any("Person inaktiverad" in e and "Aktiv: ja → nej" in e for e in entries)
    assert any("Systemet · something.new" in e for e in entries)


def test_a_long_summary_is_shortened_and_a_long_text_kept_with_its_length(org, now):
    event = record(org.admin, "module.text", "x" * 600, now, changes={"content": [None, "y" * 5000]})
    db.session.commit()
    assert len(event.summary) == 500 and event.summary.endswith("…")
    assert event.changes == {"content": [None, "y" * 5000]}  # record keeps what it is given; diff cuts
    from ambassador.audit.services import diff

    assert diff({"content": "a"}, {"content": "y" * 5000}) == {
        "content": ["a", "y" * 1000 + "… (5,000 characters)"]
    }


@pytest.fixture
def history(org, now):
    """Entries on three days by two people, one about Ola."""
    record(org.coordinator, "module.created", "module 1", now - timedelta(days=2))
    record(
        org.admin, "person.role", "ola@example.com", now - timedelta(days=1), subject=org.colleague_in_oslo
    )
    record(org.admin, "office.updated", "Oslo", now)
    db.session.commit()


def _summaries(client, query: str) -> list[str]:
    """The summaries of the entries the log shows for `query`, newest first."""
    page = client.get(f"/admin/audit?{query}").get_data(as_text=True)
    return re.findall(r'<p class="audit-summary">(.*?)</p>', page)


def test_search_by_person_finds_what_they_did_and_what_was_done_about_them(client, org, history):
    client.login(org.admin.email)
    assert _summaries(client, "person=Cora") == ["module 1"]
    assert _summaries(client, "person=OLA%40example") == ["ola@example.com"]  # about Ola, by email
    assert _summaries(client, "person=alva+admin") == ["admin@example.com", "Oslo", "ola@example.com"]
    page = client.get("/admin/audit?person=nobody").get_data(as_text=True)
    assert "No entries match these filters." in page and "0 entries" in page


def test_search_by_kind_and_by_days_in_the_readers_time_zone(client, org, history, now):
    client.login(org.admin.email)
    assert _summaries(client, "action=person.role") == ["ola@example.com"]
    assert _summaries(client, "from=2026-03-01&to=2026-03-01") == ["ola@example.com"]
    assert _summaries(client, "from=2026-03-01") == ["admin@example.com", "Oslo", "ola@example.com"]
    assert _summaries(client, "to=2026-02-28") == ["module 1"]
    # 2026-03-01 09:30 UTC is 04:30 in Bogotá: still 1 March there, and the boundary moves with the zone
    record(org.admin, "office.updated", "late", now.replace(hour=3) - timedelta(days=1))  # 1 March 03:00 UTC
    org.admin.office.timezone = "America/Bogota"  # 28 February 22:00 there
    db.session.commit()
    assert "late" in _summaries(client, "to=2026-02-28") and "late" not in _summaries(
        client, "from=2026-03-01"
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=yesterday", "“yesterday” is not a date: write it as YYYY-MM-DD. Showing every day."),
        ("to=2026-02-30", "“2026-02-30” is not a date"),
        ("from=9999-12-31", "“9999-12-31” is not a date"),
        ("from=0001-01-01", "“0001-01-01” is not a date"),
        ("from=2026-03-02&to=2026-03-01", "The first day is after the last day. Showing every day."),
        ("action=person.erased%27--", "There is no such kind of change. Showing every kind."),
    ],
)
def test_a_filter_that_cannot_be_used_says_so_and_shows_everything(client, org, history, query, message):
    client.login(org.admin.email)
    response = client.get(f"/admin/audit?{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page
    assert len(_entries(page)) == 4  # the three and the sign-in


def test_a_person_text_matching_too_many_people_says_so_and_shows_everyone(client, org, history, monkeypatch):
    monkeypatch.setattr("ambassador.audit.search.MOST_PEOPLE", 3)
    client.login(org.admin.email)
    page = client.get("/admin/audit?person=example").get_data(as_text=True)
    assert "More than 3 people match “example”: type more of a name or an email. Showing everyone." in page
    assert len(_entries(page)) == 4 and 'id="person" name="person" value=""' in page
    assert _summaries(client, "person=cora") == ["module 1"]  # one person is few enough


def test_odd_input_in_the_person_filter_is_text_not_an_error(client, org, history):
    client.login(org.admin.email)
    for value in ("%", "_", "\\", "'; drop table audit_event; --", "x" * 5000):
        response = client.get("/admin/audit", query_string={"person": value})
        assert response.status_code == 200
    assert 'value="' + "x" * 100 + '"' in response.get_data(as_text=True)


def _download(client, query: str = "") -> list[list[str]]:
    response = client.get(f"/admin/audit.csv?{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert re.fullmatch(
        r'attachment; filename="audit-log-2026-03-02\.csv"', response.headers["Content-Disposition"]
    )
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_download_has_the_filtered_entries_with_changes_and_local_times(client, org, now):
    person = make_person(org.stockholm, name='=HYPERLINK("http://evil")', email="evil@example.com")
    record(
        org.admin,
        "person.updated",
        "evil@example.com",
        now,
        subject=person,
        changes={"name": ["Eve", person.name]},
    )
    record(org.admin, "office.updated", "Oslo", now)
    db.session.commit()
    client.login(org.admin.email)
    page = client.get("/admin/audit?action=person.updated").get_data(as_text=True)
    assert 'href="/admin/audit.csv?action=person.updated" download' in page
    header, row = _download(client, "action=person.updated")
    assert header == ["When", "Who", "Email", "What", "Code", "About", "Email", "Details", "Changes"]
    assert row[:5] == [
        "2026-03-02T10:30:00+01:00",
        "Alva Admin",
        "admin@example.com",
        "Person changed",
        "person.updated",
    ]
    assert row[5] == '\'=HYPERLINK("http://evil")'  # a formula stays text
    assert row[6:] == ["evil@example.com", "evil@example.com", 'Name: Eve → =HYPERLINK("http://evil")']
    everything = _download(client)
    assert len(everything) == 1 + 3  # header, two entries and the sign-in


def test_the_download_ignores_a_filter_that_cannot_be_used(client, org, history):
    client.login(org.admin.email)
    assert len(_download(client, "from=soon&action=nothing")) == 1 + 4


@pytest.mark.parametrize("role", ["employee", "ambassador", "coordinator"])
def test_only_administrators_read_the_log(client, org, role):
    client.login(org.by_role(role).email)
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit.csv").status_code == 403
