"""Invitations: the people a roster import creates are emailed a link to choose their password."""

from datetime import timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa

from ambassador.auth.invitations import invite
from ambassador.db import db
from ambassador.demo.seed import seed
from ambassador.mail.delivery import deliver
from ambassador.mail.models import OutboxMessage
from ambassador.org.models import Person
from ambassador.org.services import mark_deactivated
from tests import imports
from tests.conftest import configured
from tests.factories import make_person

NEW_PEOPLE = b"email,name,office\nnils@example.com,Nils Nyman,Stockholm\nnora@example.com,Nora Ny,Oslo\n"


def _import(client, admin, content: bytes = NEW_PEOPLE, **apply_fields) -> tuple[str, str]:
    """As `admin`, preview `content`, then apply it with `apply_fields`; the preview and the outcome."""
    client.login(admin.email)
    url, digest = imports.preview(client, "/admin/roster", content)
    preview = client.get(url).get_data(as_text=True)
    done = client.post_form(f"{url}/apply", {"digest": digest, **apply_fields}, follow_redirects=True)
    return preview, done.get_data(as_text=True)


def _invitations() -> list[OutboxMessage]:
    """Every invitation in the outbox."""
    db.session.commit()
    return list(db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == "invitation")))


def _person(email: str) -> Person:
    """The person with `email`, read afresh."""
    db.session.commit()
    return db.session.scalar(sa.select(Person).where(Person.email == email))


def test_the_preview_offers_to_invite_the_new_people_and_the_import_emails_them(client, org, smtp_server):
    preview, done = _import(client, org.admin, invite="y")
    assert "Email an invitation to the 2 new people" in preview
    assert '<input checked id="invite" name="invite" type="checkbox"' in preview  # on unless unticked
    assert "2 invitations are on their way." in done
    deliver()
    [english] = smtp_server.received_by("nora@example.com")  # Oslo reads English
    assert english.message["Subject"] == "Welcome to Ambassador: choose your password"
    assert english.message["To"] == "Nora Ny <nora@example.com>"
    text = english.part("plain")
    assert "Hello Nora Ny," in text and "within 7 days" in text
    assert "sign in at https://ambassador.test/auth/login with your email address, nora@example.com," in text
    link = next(word for word in text.split() if word.startswith("https://ambassador.test/auth/reset/"))
    assert f'href="{link}"' in english.part("html")
    [swedish] = smtp_server.received_by("nils@example.com")  # Stockholm reads Swedish
    assert swedish.message["Subject"] == "Välkommen till Ambassador: välj ditt lösenord"
    assert "Hej Nils Nyman!" in swedish.part("plain") and "inom 7 dagar" in swedish.part("plain")
    assert "nils@example.com" in swedish.part("plain") and "Nora" not in swedish.part("plain")


def test_following_the_invitation_sets_a_password_and_signs_in(client, make_client, org, smtp_server):
    _import(client, org.admin, invite="y")
    deliver()
    text = smtp_server.received_by("nora@example.com")[0].part("plain")
    path = urlsplit(next(w for w in text.split() if "/auth/reset/" in w)).path
    nora = make_client()
    page = nora.get(path).get_data(as_text=True)
    assert "Welcome, choose your password" in page and "Your Ambassador account is ready." in page
    new = {"password": "a long new password", "confirm": "a long new password"}
    assert nora.post_form(path, new).location.endswith("/auth/login")
    assert nora.login("nora@example.com", "a long new password").location.endswith("/")
    assert "Nora Ny" in nora.get("/training").get_data(as_text=True)
    assert nora.get(path).status_code == 400  # the link worked once


def test_the_invitation_page_is_in_swedish_for_a_swedish_reader(client, make_client, org, smtp_server):
    _import(client, org.admin, invite="y")
    deliver()
    text = smtp_server.received_by("nils@example.com")[0].part("plain")
    path = urlsplit(next(w for w in text.split() if "/auth/reset/" in w)).path
    page = make_client().get(path, headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "Välkommen! Välj ditt lösenord" in page


def test_an_ordinary_reset_link_keeps_its_own_heading(client, org, smtp_server):
    client.post_form("/auth/forgot", {"email": org.employee.email})
    deliver()
    text = smtp_server.received_by(org.employee.email)[0].part("plain")
    path = urlsplit(next(w for w in text.split() if "/auth/reset/" in w)).path
    page = client.get(path).get_data(as_text=True)
    assert "Set a new password" in page and "Welcome" not in page


def test_unticking_the_box_invites_nobody(client, org, smtp_server):
    _preview, done = _import(client, org.admin)  # the box left unticked
    assert "Import applied: 2 created" in done and "invitation" not in done
    assert _invitations() == []
    deliver()
    assert smtp_server.received == []
    assert _person("nils@example.com").active  # the import itself went through


def test_the_applied_import_says_how_many_were_invited(client, org):
    _preview, _done = _import(client, org.admin, invite="y")
    url = imports.upload(client, "/admin/roster", NEW_PEOPLE).location  # nothing new: nobody to invite
    assert "Email an invitation" not in client.get(url).get_data(as_text=True)
    first = client.get("/admin/roster").get_data(as_text=True)
    record_url = first.split('href="/admin/roster/')[1].split('"')[0]
    assert "<strong>2</strong> invited by email" in client.get(f"/admin/roster/{record_url}").get_data(
        as_text=True
    )


def test_reactivated_people_are_not_invited(client, org, now):
    mark_deactivated([org.colleague_in_oslo.id], now)
    db.session.commit()
    _import(client, org.admin, b"email,name,office\nola@example.com,Ola Nordmann,Oslo\n", invite="y")
    assert _person("ola@example.com").active
    assert _invitations() == []


def test_a_person_deactivated_before_delivery_is_not_sent_the_invitation(client, org, smtp_server, now):
    _import(client, org.admin, invite="y")
    mark_deactivated([_person("nora@example.com").id], now)
    db.session.commit()
    deliver()
    assert smtp_server.received_by("nora@example.com") == []
    assert len(smtp_server.received_by("nils@example.com")) == 1
    dropped = [m for m in _invitations() if m.to_address == "nora@example.com"][0]
    assert dropped.state == "dropped" and "deactivated" in dropped.last_error


def test_a_person_who_set_a_password_meanwhile_is_not_sent_the_invitation(
    client, make_client, org, smtp_server, movable_clock
):
    _import(client, org.admin, invite="y")
    waiting = sa.update(OutboxMessage).values(next_try_at=movable_clock.now + timedelta(hours=1))
    db.session.execute(waiting)  # the invitations wait for a retry: the SMTP server was down
    db.session.commit()
    nora = make_client()
    nora.post_form("/auth/forgot", {"email": "nora@example.com"})  # she found the reset page first
    deliver()
    [reset] = smtp_server.received_by("nora@example.com")
    path = urlsplit(next(w for w in reset.part("plain").split() if "/auth/reset/" in w)).path
    nora.post_form(path, {"password": "a long new password", "confirm": "a long new password"})
    movable_clock.advance(hours=2)
    deliver()
    assert smtp_server.received_by("nora@example.com") == [reset]
    invitation = [m for m in _invitations() if m.to_address == "nora@example.com"][0]
    assert invitation.state == "dropped" and "set a password" in invitation.last_error
    assert len(smtp_server.received_by("nils@example.com")) == 1


def test_the_link_lasts_invitation_days_then_says_to_ask_for_a_new_one(
    client, make_client, org, movable_clock
):
    _import(client, org.admin, invite="y")
    link = [m for m in _invitations() if m.to_address == "nora@example.com"][0].text_body
    path = urlsplit(next(w for w in link.split() if "/auth/reset/" in w)).path
    movable_clock.advance(days=6, hours=23)
    assert make_client().get(path).status_code == 200
    movable_clock.advance(hours=2)
    expired = make_client().get(path)
    assert expired.status_code == 400 and "Send a new link" in expired.get_data(as_text=True)


def test_inviting_the_same_person_twice_queues_one_invitation(org, now):
    nils = make_person(org.stockholm, email="nils@example.com")
    db.session.commit()
    invite([nils.id], now)
    invite([nils.id], now)
    assert len(_invitations()) == 1


def test_names_are_escaped_in_html_and_never_read_as_placeholders(org, now):
    odd = make_person(org.oslo, email="odd@example.com", name="<b>Bo</b> & ⟦link⟧\nBcc: x@evil.test")
    db.session.commit()
    invite([odd.id], now)
    [message] = _invitations()
    assert "&lt;b&gt;Bo&lt;/b&gt; &amp; ⟦link⟧" in message.html_body and "<b>Bo" not in message.html_body
    assert "Hello <b>Bo</b> & ⟦link⟧" in message.text_body
    assert message.to_name == "<b>Bo</b> & ⟦link⟧ Bcc: x@evil.test"  # one line: no header can be added
    assert message.text_body.count("/auth/reset/") == 1


def test_the_demo_seed_invites_nobody(app_context, now):
    seed(30, 2, now)
    db.session.commit()
    assert _invitations() == []


def test_an_invitation_does_not_use_up_the_hourly_reset_links(client, org, smtp_server):
    _import(client, org.admin, invite="y")
    for _ in range(3):
        client.post_form("/auth/forgot", {"email": "nils@example.com"})
    deliver()
    assert len(smtp_server.received_by("nils@example.com")) == 4  # the invitation and three reset links


def _cli(app, tmp_path, *args):
    """`flask roster import` of the two new people, with `args`."""
    path = tmp_path / "hr.csv"
    path.write_bytes(NEW_PEOPLE)
    return app.test_cli_runner().invoke(args=["roster", "import", str(path), *args])


def test_the_command_line_invites_the_new_people(app, org, tmp_path, smtp_server):
    result = _cli(app, tmp_path)
    assert result.exit_code == 0, result.output
    assert "Invitations to send: 2" in result.output
    deliver()
    assert {r.rcpt_tos[0] for r in smtp_server.received} == {"nils@example.com", "nora@example.com"}


def test_no_invite_on_the_command_line_invites_nobody(app, org, tmp_path, smtp_server):
    result = _cli(app, tmp_path, "--no-invite")
    assert result.exit_code == 0, result.output
    assert "Invitations to send: 0 (--no-invite)" in result.output and "Import applied." in result.output
    assert _person("nora@example.com").active and _invitations() == []
    deliver()
    assert smtp_server.received == []


def test_nobody_but_administrators_is_invited_to_choose_a_password_while_passwords_are_off(
    app, client, org, smtp_server
):
    people = (
        b"email,name,office,role\nnils@example.com,Nils,Stockholm,employee\nada@example.com,Ada,Oslo,admin\n"
    )
    _import(client, org.admin, people, invite="y")
    with configured(app, {"OIDC_ISSUER": "https://login.example.com", "PASSWORD_SIGNIN": "off"}):
        deliver()
    assert [r.rcpt_tos for r in smtp_server.received] == [
        ["ada@example.com"]
    ]  # her way in if the provider is down
    [dropped] = [m for m in _invitations() if m.state == "dropped"]
    assert (
        dropped.to_address == "nils@example.com" and "the person uses company sign-in" in dropped.last_error
    )
