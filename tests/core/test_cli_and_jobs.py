"""Commands and periodic jobs: demo seed, create-admin, the scheduler's jobs."""

from datetime import timedelta

import sqlalchemy as sa

from ambassador.audit.models import AuditEvent
from ambassador.auth.models import LoginFailure, PasswordResetToken, UserSession
from ambassador.auth.services import start_session
from ambassador.completions.models import Completion, Standing
from ambassador.db import db
from ambassador.features import registry
from ambassador.org.models import Office, Person, Role, ambassador_office
from ambassador.roster.models import RosterUpload
from ambassador.scheduler import build


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_demo_seed_builds_a_varied_organisation_once(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "seed", "--employees", "600", "--offices", "20"])
    assert result.exit_code == 0, result.output
    assert "admin@example.com" in result.output and "ambassador-demo" in result.output
    db.session.commit()
    assert _count(Office) == 20 and _count(Person) == 604
    countries = set(db.session.scalars(sa.select(Office.country)))
    assert len(countries) >= 8
    sizes = db.session.execute(
        sa.select(sa.func.count()).select_from(Person).group_by(Person.office_id)
    ).scalars()
    sizes = sorted(sizes)
    assert sizes[-1] > 10 * sizes[0]  # very different office sizes
    served = set(db.session.scalars(sa.select(ambassador_office.c.office_id)))
    assert 0 < len(served) < 20  # some offices have no ambassador
    roles = {
        p.email: (p.role, len(p.served_offices))
        for p in db.session.scalars(sa.select(Person).where(Person.password_hash.is_not(None)))
    }
    assert roles == {
        "admin@example.com": (Role.ADMIN, 0),
        "coordinator@example.com": (Role.COORDINATOR, 1),
        "ambassador@example.com": (Role.EMPLOYEE, 2),
        "employee@example.com": (Role.EMPLOYEE, 0),
    }
    # a year of daily coverage, so the trend shows something on the first visit; it varies
    from ambassador.reports.models import CoverageTrend

    company = db.session.execute(
        sa.select(CoverageTrend.required, CoverageTrend.valid).where(CoverageTrend.scope == "company")
    ).all()
    assert len(company) == 366
    assert len({round(valid / required, 2) for required, valid in company}) > 10
    standing = db.session.scalar(sa.select(sa.func.count()).select_from(Standing))
    assert standing == db.session.scalar(
        sa.select(sa.func.count()).select_from(
            sa.select(Completion.person_id, Completion.module_id).distinct().subquery()
        )
    )  # one standing per person and module, on the latest of their completions
    again = runner.invoke(args=["demo", "seed"])
    assert "already has data" in again.output
    db.session.commit()
    assert _count(Person) == 604


def test_demo_sign_ins_work(app, client):
    app.test_cli_runner().invoke(args=["demo", "seed", "--employees", "50", "--offices", "3"])
    for email in (
        "admin@example.com",
        "coordinator@example.com",
        "ambassador@example.com",
        "employee@example.com",
    ):
        assert client.login(email, "ambassador-demo").status_code == 302
        assert client.get("/").status_code == 302
        client.logout()


def test_create_admin(app, client):
    result = app.test_cli_runner().invoke(
        args=["users", "create-admin", "--email", "Boss@Example.com", "--name", "Boss"],
        input="a long password\na long password\n",
    )
    assert result.exit_code == 0, result.output
    assert client.login("boss@example.com", "a long password").location == "/"
    created = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "person.created"))
    assert created.actor_id is None and created.summary == "boss@example.com, flask users create-admin"
    assert created.changes["role"] == [None, "admin"] and created.changes["office"] == [None, "Head office"]


def test_create_admin_refuses_a_short_password(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create-admin", "--email", "b@example.com", "--name", "B"], input="short\nshort\n"
    )
    assert result.exit_code != 0 and "at least 10" in result.output


def test_housekeeping_jobs_purge_only_what_expired(app, org, now):
    start_session(org.employee, False, timedelta(minutes=30), now - timedelta(hours=2))  # expired
    start_session(org.employee, True, timedelta(days=14), now)  # alive
    db.session.add(LoginFailure(key="account:x", at=now - timedelta(hours=1)))
    db.session.add(LoginFailure(key="account:y", at=now))
    db.session.add(
        PasswordResetToken(
            token_hash="h",
            person_id=org.employee.id,
            created_at=now - timedelta(days=3),
            expires_at=now - timedelta(days=2),
        )
    )
    db.session.add(
        RosterUpload(
            filename="old.csv", content=b"", uploaded_by_id=org.admin.id, created_at=now - timedelta(days=2)
        )
    )
    db.session.add(RosterUpload(filename="new.csv", content=b"", uploaded_by_id=org.admin.id, created_at=now))
    db.session.commit()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["scheduler", "run-once"]).exit_code == 0
    db.session.commit()
    assert _count(UserSession) == 1
    assert db.session.scalars(sa.select(LoginFailure.key)).all() == ["account:y"]
    assert _count(PasswordResetToken) == 0
    assert db.session.scalars(sa.select(RosterUpload.filename)).all() == ["new.csv"]


def test_the_scheduler_registers_every_job_without_starting(app):
    scheduler = build(app)
    assert (
        {job.id for job in scheduler.get_jobs()}
        == {job.name for job in registry(app).jobs}
        == {
            "purge_expired",
            "purge_stale_uploads",
            "purge_stale_completion_uploads",
            "deliver_outbox",
            "plan_reminders",
            "purge_outbox",
            "take_snapshot",
            "erase_leavers",
        }
    )
    assert not scheduler.running


def test_a_catch_up_job_runs_as_soon_as_the_scheduler_starts(app):
    from ambassador import clock

    started = clock.utcnow()
    jobs = {job.id: job for job in build(app).get_jobs()}
    assert jobs["plan_reminders"].next_run_time <= started + timedelta(seconds=5)  # not an hour later
    assert jobs["take_snapshot"].next_run_time <= started + timedelta(seconds=5)  # the first snapshot at once
    assert getattr(jobs["purge_outbox"], "next_run_time", None) is None  # an ordinary job waits its turn
