"""Status counts per module, in SQL, agree with the status rule person by person."""

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from ambassador.completions.models import Method
from ambassador.completions.queries import status_counts
from ambassador.completions.services import record_completion, standing_expiry
from ambassador.completions.status import Status, status
from ambassador.db import db
from ambassador.org.models import Person
from ambassador.org.services import deactivate
from tests.factories import make_module, make_person

PUBLISHED = datetime(2025, 1, 1, tzinfo=UTC)
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _expiry(person, module):
    return standing_expiry(person.id, module.id)


def test_status_counts_agree_with_the_rule_and_leave_out_leavers(org):
    module = make_module(validity_months=12, refresher_days=30, grace_days=30, published_at=PUBLISHED)
    current, window, lapsed = (make_person(org.stockholm) for _ in range(3))
    make_person(org.oslo, start_date=date(2026, 2, 20))  # a new joiner
    leaver = make_person(org.oslo)
    record_completion(current, module, method=Method.IMPORT, completed_at=NOW - timedelta(days=100))
    record_completion(window, module, method=Method.IMPORT, completed_at=NOW - timedelta(days=350))
    record_completion(lapsed, module, method=Method.IMPORT, completed_at=NOW - timedelta(days=400))
    deactivate(leaver, actor=org.admin, now=NOW)
    db.session.flush()

    people = [p for p in db.session.query(Person).all() if p.active]
    expected = Counter(status(module, p, _expiry(p, module), NOW) for p in people)
    counts = status_counts(module, NOW)
    assert counts == {s: expected.get(s, 0) for s in Status}
    assert counts[Status.CURRENT] == 1 and counts[Status.REFRESHER_OPEN] == 1
    assert counts[Status.TO_DO] == 1  # the new joiner, inside the days to complete
    assert sum(counts.values()) == len(people)  # the leaver is in no figure

    oslo = status_counts(module, NOW, office_ids=[org.oslo.id])
    assert sum(oslo.values()) == sum(1 for p in people if p.office_id == org.oslo.id)
