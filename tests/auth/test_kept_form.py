"""Nothing typed is lost when a session ends mid-form: it waits for the person to sign in again."""

import io
import re

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from ambassador.auth import kept
from ambassador.auth.jobs import purge_expired
from ambassador.auth.models import KeptForm
from ambassador.db import db
from ambassador.training.models import ModuleText
from tests.auth.test_sessions import Clock
from tests.conftest import Client
from tests.factories import PASSWORD, make_module

TYPED = {
    "title": "Reporting, revised",
    "summary": "An hour of writing.",
    "content": "## Where to report\n\nA long paragraph typed while the session ran out.",
    "submit": "Save text",
}


def _write_until_the_session_ends(client, org, module, **extra):
    """Sign in, open the text page, stay on it past the idle timeout, then press Save."""
    moving = Clock()
    client.login(org.coordinator.email)
    page = client.get(f"/authoring/{module.id}/texts/en").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    moving.advance(minutes=45)
    response = client.post(
        f"/authoring/{module.id}/texts/en",
        data={**TYPED, "csrf_token": token, **extra},
        content_type="multipart/form-data",
    )
    return moving, response


def _english(module) -> ModuleText:
    return db.session.scalar(
        sa.select(ModuleText).where(ModuleText.module_id == module.id, ModuleText.language == "en")
    )


def test_text_typed_as_the_session_ended_comes_back_after_signing_in(client, org):
    module = make_module(title="Reporting")
    _moving, response = _write_until_the_session_ends(client, org, module)
    assert response.status_code == 302 and "/auth/login" in response.location
    login_page = client.get(response.location).get_data(as_text=True)
    assert "what you typed has been kept" in login_page
    assert _english(module).title == "Reporting"  # nothing saved behind the person's back
    next_page = re.search(r'name="next" type="hidden" value="([^"]+)"', login_page).group(1)
    signed_in = client.post_form(
        "/auth/login", {"email": org.coordinator.email, "password": PASSWORD, "next": next_page}
    )
    assert signed_in.location.endswith(f"/authoring/{module.id}/texts/en")
    page = client.get(signed_in.location).get_data(as_text=True)
    assert "is back. Check it and save." in page
    assert 'value="Reporting, revised"' in page and "A long paragraph typed while" in page
    # claimed once: the next visit shows what is saved
    again = client.get(f"/authoring/{module.id}/texts/en").get_data(as_text=True)
    assert 'value="Reporting"' in again and "Reporting, revised" not in again
    assert db.session.scalar(sa.select(sa.func.count()).select_from(KeptForm)) == 0


def test_a_file_is_not_kept_and_the_page_says_so(client, org):
    module = make_module(title="Reporting")
    image = (io.BytesIO(b"\x89PNG not really"), "picture.png")
    _moving, response = _write_until_the_session_ends(client, org, module, image=image)
    assert "Files are not kept: choose them again." in client.get(response.location).get_data(as_text=True)


def test_only_the_browser_that_typed_it_gets_it_back(app, client, org):
    module = make_module(title="Reporting")
    _write_until_the_session_ends(client, org, module)
    other = Client(app, app.response_class, use_cookies=True)
    other.login(org.coordinator.email)
    page = other.get(f"/authoring/{module.id}/texts/en").get_data(as_text=True)
    assert "Reporting, revised" not in page and "is back" not in page


def test_a_post_without_a_valid_csrf_token_keeps_nothing(client, org):
    module = make_module(title="Reporting")
    response = client.post(f"/authoring/{module.id}/texts/en", data={**TYPED, "csrf_token": "forged"})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(KeptForm)) == 0


def test_kept_text_waits_a_day_then_is_purged(client, org):
    module = make_module(title="Reporting")
    moving, _response = _write_until_the_session_ends(client, org, module)
    moving.advance(days=1, minutes=1)
    purge_expired()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(KeptForm)) == 0
    client.login(org.coordinator.email)
    assert "Reporting, revised" not in client.get(f"/authoring/{module.id}/texts/en").get_data(as_text=True)


def test_a_signed_out_page_load_still_asks_to_sign_in_and_comes_back(client, org):
    response = client.get("/admin/people?q=ola")
    assert response.status_code == 302
    assert "next=%2Fadmin%2Fpeople%3Fq%3Dola" in response.location
    assert "Please sign in to see this page." in client.get(response.location).get_data(as_text=True)


def test_passwords_are_never_kept(client, org):
    moving = Clock()
    client.login(org.employee.email)
    token = client.csrf_token()
    moving.advance(minutes=45)
    response = client.post(
        "/auth/password",
        data={
            "csrf_token": token,
            "current": PASSWORD,
            "password": "a new secret phrase",
            "confirm": "a new secret phrase",
        },
    )
    assert response.status_code == 302 and "/auth/login" in response.location
    assert db.session.scalar(sa.select(sa.func.count()).select_from(KeptForm)) == 0


def test_a_password_field_on_any_page_is_left_out_of_what_is_kept(org, now):
    """Not only the sign-in pages: a field named as a password is never stored with the rest."""
    token = kept.keep(
        "/admin/settings", MultiDict({"host": ["smtp.example.com"], "smtp_password": ["s3"]}), now
    )
    fields = kept.claim(token, "/admin/settings", now)
    assert fields.to_dict() == {"host": "smtp.example.com"}
