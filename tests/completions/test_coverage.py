"""Coverage figures, checked against hand-computed ones and against the status rule per person."""

from datetime import UTC, date, datetime, timedelta

from ambassador import clock
from ambassador.completions.coverage import Figures, office_figures, plain_counts
from ambassador.completions.models import Method, Standing
from ambassador.completions.services import record_completion
from ambassador.completions.status import Status, status
from ambassador.db import db
from ambassador.org.models import Person
from ambassador.training import catalogue
from ambassador.training.models import Audience
from tests.factories import make_module, make_person

PUBLISHED = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def _small(org):
    """Two modules: one for everyone (12 months, refresher 30 days), one for Oslo only."""
    everyone = make_module(title="Basics", published_at=PUBLISHED, grace_days=30, refresher_days=30)
    oslo_only = make_module(title="Oslo", published_at=PUBLISHED, grace_days=120, audience=Audience.OFFICES)
    oslo_only.audience_offices = [org.oslo]
    make_module(title="Draft", published=False)
    record_completion(
        org.employee, everyone, method=Method.QUIZ, completed_at=datetime(2026, 2, 1, tzinfo=UTC)
    )
    # a pass 11.5 months ago: its refresher window is open
    record_completion(org.coordinator, everyone, method=Method.QUIZ, completed_at=NOW - timedelta(days=350))
    org.admin.active = False  # deactivated: in no figure
    db.session.commit()
    return everyone, oslo_only


def test_figures_by_hand_on_a_small_organisation(org):
    everyone, oslo_only = _small(org)
    stockholm = office_figures(org.stockholm.id, [everyone, oslo_only], NOW)
    # Stockholm: employee (current), coordinator (refresher open), ambassador (overdue since 4 Feb)
    assert (stockholm.required, stockholm.valid, stockholm.refresher_open) == (3, 2, 1)
    assert (stockholm.overdue, stockholm.to_do) == (1, 0)
    assert stockholm.coverage == 2 / 3
    oslo = office_figures(org.oslo.id, [everyone, oslo_only], NOW)
    # Ola: overdue for Basics, to do for the Oslo module (due 5 May): 2 (person, module) pairs
    assert (oslo.required, oslo.valid, oslo.overdue, oslo.to_do) == (2, 0, 1, 1)
    assert oslo.coverage == 0


def test_nobody_required_has_no_coverage_rather_than_zero():
    assert Figures().coverage is None


def test_the_plain_query_is_the_status_rule_summed(org):
    everyone, oslo_only = _small(org)
    for n in range(12):
        make_person(org.oslo if n % 3 else org.stockholm, start_date=date(2026, 1, 1) + timedelta(days=9 * n))
    db.session.commit()
    people = db.session.query(Person).all()
    for now in (NOW, NOW + timedelta(days=40), NOW + timedelta(days=200)):
        expected: dict[tuple, int] = {}
        for module in (everyone, oslo_only):
            for person in people:
                standing = db.session.get(Standing, (person.id, module.id))
                value = status(module, person, standing.expires_at if standing else None, now)
                if person.active:
                    key = (person.office_id, module.id, value)
                    expected[key] = expected.get(key, 0) + 1
        got = {
            (office, module, value): n
            for office, module, value, n in plain_counts([everyone, oslo_only], now)
        }
        assert got == expected, now
        assert Status.NOT_REQUIRED in {value for _o, _m, value in got}


def test_one_statement_however_many_modules(org, count_statements):
    for n in range(2):
        make_module(title=f"M{n}", published_at=PUBLISHED)
    db.session.commit()
    modules = catalogue.published_modules()  # as the pages have them
    with count_statements() as two:
        office_figures(org.stockholm.id, modules, NOW)
    for n in range(6):
        make_module(title=f"N{n}", published_at=PUBLISHED)
    db.session.commit()
    modules = catalogue.published_modules()
    assert len(modules) == 8
    with count_statements() as eight:
        office_figures(org.stockholm.id, modules, NOW)
    assert eight.count == two.count


def test_my_training_shows_how_my_office_is_doing_without_names(client, org):
    _small(org)
    clock.set_clock(lambda: NOW)
    client.login(org.employee.email)
    page = client.get("/training").get_data(as_text=True)
    assert "How Stockholm is doing" in page
    assert "67%" in page and "as of" in page
    assert "Amir Ambassador" not in page and "Cora Coordinator" not in page


def test_my_training_reads_the_office_figure_from_the_latest_snapshot(client, org, count_statements):
    from ambassador.reports.snapshots import take

    everyone, _oslo_only = _small(org)
    taken = NOW - timedelta(hours=1)
    take(taken)
    record_completion(org.ambassador, everyone, method=Method.QUIZ, completed_at=NOW - timedelta(minutes=5))
    db.session.commit()  # counted now, Stockholm would be at 100%
    clock.set_clock(lambda: NOW)
    client.login(org.employee.email)
    page = client.get("/training").get_data(as_text=True)
    assert "67%" in page and "as of Mar 2, 2026, 12:00" in page  # taken at 11:00 UTC: 12:00 in Stockholm
    assert "100%" not in page
