"""After a pass, one "you're done" email over real SMTP: the module, the new expiry, the certificate link."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

import sqlalchemy as sa

from ambassador import clock
from ambassador.completions.models import Completion
from ambassador.db import db
from ambassador.mail.delivery import deliver
from ambassador.mail.models import OutboxMessage
from tests.factories import make_module, make_person
from tests.learning.test_learner import _answer, _start

# 23:30 UTC on 1 March is already 2 March in Stockholm: the expiry a year on is shown as 2 March.
LATE_EVENING = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)


def _pass(client, person, module):
    """Sign in as `person`, take the quiz with right answers; the try's address."""
    client.login(person.email)
    url = _start(client, module)
    _answer(client, url, right=True)
    return url


def test_a_pass_emails_the_module_the_expiry_in_the_offices_day_and_the_certificate_link(
    client, org, smtp_server
):
    clock.set_clock(lambda: LATE_EVENING)
    module = make_module(title="Basics", validity_months=12)
    _pass(client, org.employee, module)
    deliver()
    [received] = smtp_server.received_by(org.employee.email)
    completion = db.session.scalar(sa.select(Completion))
    link = f"https://ambassador.test/certificates/{completion.code}.pdf"
    assert received.message["Subject"] == "Well done: Basics"
    assert received.message["To"] == f"Elin Employee <{org.employee.email}>"
    text = received.part("plain")
    assert "Hello Elin Employee," in text
    assert "You passed “Basics”. Your training is current until March 2, 2027." in text
    assert link in text and completion.code in text
    assert f'href="{link}"' in received.part("html") and "Download your certificate" in received.part("html")
    pdf = client.get(urlsplit(link).path)  # the link, followed by the person signed in
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"


def test_the_email_is_in_the_persons_language(client, org, smtp_server):
    clock.set_clock(lambda: LATE_EVENING)
    module = make_module(title="Basics", validity_months=12)
    # Her office reads Swedish.
    sara = make_person(org.stockholm, email="sara@example.com", name="Sara Svensson")
    db.session.commit()
    _pass(client, sara, module)
    deliver()
    [received] = smtp_server.received_by(sara.email)
    assert received.message["Subject"] == "Bra jobbat: Basics (sv)"
    text = received.part("plain")
    assert "Hej Sara Svensson!" in text
    assert "Du klarade ”Basics (sv)”. Din utbildning gäller till 2 mars 2027." in text


def test_the_certificate_link_asks_a_signed_out_person_to_sign_in_first(
    client, make_client, org, smtp_server
):
    module = make_module(title="Basics")
    _pass(client, org.employee, module)
    deliver()
    text = smtp_server.received_by(org.employee.email)[0].part("plain")
    path = urlsplit(next(w for w in text.split() if "/certificates/" in w)).path
    browser = make_client()
    signed_out = browser.get(path)
    assert signed_out.status_code == 302 and "/auth/login" in signed_out.location
    browser.login(org.employee.email)
    assert browser.get(path).mimetype == "application/pdf"


def test_a_double_submit_sends_one_email(client, org, smtp_server):
    module = make_module()
    url = _pass(client, org.employee, module)
    client.post_form(url, {})  # back button, second tab
    deliver()
    assert len(smtp_server.received_by(org.employee.email)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).where(OutboxMessage.kind == "done")) == 1


def test_a_fail_sends_nothing(client, org, smtp_server):
    module = make_module()
    client.login(org.employee.email)
    _answer(client, _start(client, module), right=False)
    deliver()
    assert smtp_server.received_by(org.employee.email) == []
