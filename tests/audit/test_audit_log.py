"""The audit log shows who changed what, in the reader's time zone."""

from ambassador.db import db


def test_a_role_change_appears_in_the_audit_log(client, org, now):
    client.login(org.admin.email)
    person = org.colleague_in_oslo
    client.post_form(
        f"/admin/people/{person.id}",
        {"name": person.name, "office": org.oslo.id, "language": "", "role": "coordinator"},
    )
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "person.role" in page and "ola@example.com: employee -&gt; coordinator" in page
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
