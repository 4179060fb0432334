"""Two planners and two delivery workers at once (two schedulers started by mistake): each message once."""

import threading
from collections import Counter
from datetime import UTC, date, datetime

import sqlalchemy as sa

from ambassador import clock
from ambassador.db import db
from ambassador.mail.delivery import deliver
from ambassador.mail.models import OutboxMessage, State
from ambassador.org.models import Person
from ambassador.reminders.jobs import plan_reminders
from tests.factories import make_module, make_office, make_person
from tests.parallel import Crowd

PUBLISHED = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)  # due 30 days later: Wednesday 4 February
DUE_MORNING = datetime(2026, 2, 4, 8, 0, tzinfo=UTC)  # 09:00 in Stockholm, 03:00 in New York
PEOPLE = 150


def test_two_planners_and_two_workers_at_once_send_each_message_once(app, org, smtp_server):
    """PostgreSQL: ON CONFLICT DO NOTHING and FOR UPDATE SKIP LOCKED; SQLite: its one write lock."""
    for title in ("Basics", "Safety"):
        make_module(title=title, published_at=PUBLISHED, grace_days=30)
    for _ in range(PEOPLE):
        make_person(org.stockholm, start_date=date(2020, 1, 1))
    new_york = make_office(name="New York", country="US", timezone="America/New_York")
    sleeping = make_person(new_york, email="sleeping@example.com", start_date=date(2020, 1, 1))
    db.session.commit()
    clock.set_clock(lambda: DUE_MORNING)
    planning = {"left": 2}
    queued, sent = [], []
    lock = threading.Lock()

    def planner() -> None:
        for _run in range(3):  # the hourly job, started by two schedulers, run again and again
            queued.append(plan_reminders())
        with lock:
            planning["left"] -= 1

    def worker() -> None:
        mine = 0
        while True:  # `flask outbox deliver --loop`, until planning is over and nothing is left
            done = planning["left"] == 0
            report = deliver(batch_size=10)
            mine += report.sent
            if report.sent == 0 and done:
                sent.append(mine)
                return

    crowd = Crowd(app, 4)
    for job in (planner, planner, worker, worker):
        crowd.start(job)
    crowd.join()

    db.session.expire_all()
    rows = db.session.execute(
        sa.select(OutboxMessage.message_id, OutboxMessage.kind, OutboxMessage.state)
    ).all()
    arrived = Counter(r.message_id for r in smtp_server.received)
    assert set(arrived.values()) == {1} and set(arrived) == {row.message_id for row in rows}
    assert {row.state for row in rows} == {State.SENT}
    assert sum(queued) == sum(sent) == len(rows)  # each queued by one planner, sent by one worker
    kinds = Counter(row.kind for row in rows)
    morning = db.session.scalar(sa.select(sa.func.count(Person.id)).where(Person.office_id != new_york.id))
    assert kinds == {"reminder": 2 * morning, "summary": 1}  # both modules, everyone whose 09:00 it is
    recipients = Counter(tuple(r.rcpt_tos) for r in smtp_server.received)
    assert (sleeping.email,) not in recipients  # 03:00 in New York: their morning comes later
    assert recipients[(org.coordinator.email,)] == 3  # two reminders and the monthly summary
