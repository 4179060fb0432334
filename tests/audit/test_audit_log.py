"""The audit log shows who changed what, in the reader's time zone and language, a page at a time."""

from datetime import timedelta

from ambassador.audit.services import record
from ambassador.db import db


def test_a_role_change_appears_in_the_audit_log(client, org, now):
    client.login(org.admin.email)
    person = org.colleague_in_oslo
    client.post_form(
        f"/admin/people/{person.id}",
        {"name": person.name, "office": org.oslo.id, "language": "", "role": "coordinator"},
    )
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Role changed" in page and "ola@example.com: employee -&gt; coordinator" in page
    assert "Alva Admin" in page
    assert "10:30" in page  # 09:30 UTC shown in Stockholm time (UTC+1 in March)


def test_times_follow_the_readers_office_time_zone(client, org, now):
    org.admin.office = org.oslo
    org.oslo.timezone = "America/Bogota"
    db.session.commit()
    client.login(org.admin.email)
    client.post_form(f"/admin/people/{org.colleague_in_oslo.id}/deactivate")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "4:30" in page and "10:30" not in page  # 09:30 UTC is 04:30 in Bogotá


def _entries(org, now, count: int) -> None:
    """`count` events, entry 1 the newest; the last ten share one moment, as an import's do."""
    for n in range(count, 0, -1):
        record(org.admin, "person.updated", f"entry {n:03d}", now - timedelta(minutes=max(n, count - 10)))
    db.session.commit()


def test_page_two_shows_the_51st_entry(client, org, now):
    _entries(org, now, 60)
    client.login(org.admin.email)
    first = client.get("/admin/audit").get_data(as_text=True)
    assert "entry 001" in first and "entry 050" in first and "entry 051" not in first
    assert 'href="/admin/audit?page=2" rel="next"' in first and "Page 1 of 2" in first
    second = client.get("/admin/audit?page=2").get_data(as_text=True)
    assert "entry 051" in second and "entry 060" in second and "entry 050" not in second
    assert "Page 2 of 2" in second and 'href="/admin/audit?page=1" rel="prev"' in second


def test_a_page_past_the_end_or_malformed_shows_a_real_page(client, org, now):
    _entries(org, now, 60)
    client.login(org.admin.email)
    assert "entry 051" in client.get("/admin/audit?page=99999999999999999999").get_data(as_text=True)
    assert "entry 001" in client.get("/admin/audit?page=-2").get_data(as_text=True)
    assert "entry 001" in client.get("/admin/audit?page=two").get_data(as_text=True)


def test_a_swedish_reader_sees_swedish_labels_and_unknown_codes_as_they_are(client, org, now):
    record(org.admin, "person.deactivated", "ola@example.com", now)
    record(None, "something.new", "a feature without a label yet", now)
    org.admin.language = "sv"
    db.session.commit()
    client.login(org.admin.email)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Händelselogg" in page
    assert "Person inaktiverad" in page and "person.deactivated" not in page
    assert "something.new" in page
