"""The small organisation's coverage, known by hand, on two days: for the dashboard's and the API's tests."""

from datetime import UTC, datetime, timedelta

from ambassador import clock
from ambassador.completions.models import Method
from ambassador.completions.services import record_completion
from ambassador.db import db
from ambassador.reports.snapshots import take
from ambassador.training.models import Audience, Module
from tests.factories import make_module

PUBLISHED = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def two_days_of_figures(org) -> tuple[Module, Module]:
    """Basics for everyone, a module for Oslo only; two passes; a snapshot yesterday and today.

    By hand: Stockholm has 4 people required for Basics, 2 valid, 2 overdue; Oslo has Ola, overdue
    with Basics and still to do with "Oslo only" (120 days to complete). The clock stays at NOW.
    """
    basics = make_module(title="Basics", published_at=PUBLISHED, grace_days=30)
    oslo_only = make_module(
        title="Oslo only", published_at=PUBLISHED, grace_days=120, audience=Audience.OFFICES
    )
    oslo_only.audience_offices = [org.oslo]
    db.session.commit()
    take(NOW - timedelta(days=1))
    for person in (org.employee, org.coordinator):
        record_completion(person, basics, method=Method.QUIZ, completed_at=NOW - timedelta(hours=2))
    db.session.commit()
    take(NOW)
    db.session.commit()
    clock.set_clock(lambda: NOW)
    return basics, oslo_only
