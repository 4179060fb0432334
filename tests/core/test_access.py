"""Every route, every role: a page outside a role answers 403 (sign-in when signed out)."""

import pytest

from ambassador.api import tokens
from ambassador.assets.models import ModuleImage
from ambassador.clock import utcnow
from ambassador.completions.models import CompletionUpload, Method
from ambassador.completions.services import record_completion
from ambassador.db import db
from ambassador.learning import quiz
from ambassador.mail.services import queue
from ambassador.reports.snapshots import take as take_snapshot
from ambassador.roster.models import RosterUpload
from ambassador.workshops.models import Workshop
from tests.factories import make_module

ROLES = ("employee", "ambassador", "coordinator", "admin")
ALL = set(ROLES)
STAFF = {"coordinator", "admin"}
ADMIN = {"admin"}

# (method, url template, roles allowed). {home} is the ambassador's office, {other} is not;
# {mate} works in {home}, {person} in {other}.
ROUTES = [
    ("GET", "/", ALL),
    ("GET", "/training", ALL),
    ("GET", "/training/history", ALL),
    ("GET", "/training/{module}", ALL),
    ("POST", "/training/{module}/attempts", ALL),
    ("POST", "/training/{module}/acknowledge", ALL),
    ("GET", "/training/attempts/{attempt}", ALL),
    ("POST", "/training/attempts/{attempt}", ALL),
    ("GET", "/training/attempts/{attempt}/result", ALL),
    ("GET", "/certificates/{code}.pdf", ALL),
    ("GET", "/auth/password", ALL),
    ("POST", "/auth/password", ALL),
    ("GET", "/profile", ALL),
    ("GET", "/profile/data", ALL),
    ("GET", "/profile/data.json", ALL),
    ("GET", "/my-offices", {"ambassador"}),
    ("GET", "/offices", STAFF),
    ("GET", "/offices/{home}", STAFF | {"ambassador"}),
    ("GET", "/offices/{other}", STAFF),
    ("GET", "/admin/offices", ADMIN),
    ("GET", "/admin/offices/new", ADMIN),
    ("GET", "/admin/offices/{home}/edit", ADMIN),
    ("POST", "/admin/offices/new", ADMIN),
    ("POST", "/admin/offices/{home}/edit", ADMIN),
    ("GET", "/admin/people", ADMIN),
    ("GET", "/admin/people/{person}", ADMIN),
    ("POST", "/admin/people/{person}", ADMIN),
    ("POST", "/admin/people/{person}/deactivate", ADMIN),
    ("POST", "/admin/people/{person}/reactivate", ADMIN),
    ("GET", "/admin/people/{person}/erase", ADMIN),
    ("POST", "/admin/people/{person}/erase", ADMIN),
    ("GET", "/admin/retention", ADMIN),
    ("GET", "/admin/roster", ADMIN),
    ("POST", "/admin/roster", ADMIN),
    ("GET", "/admin/roster/{upload}", ADMIN),
    ("POST", "/admin/roster/{upload}/apply", ADMIN),
    ("POST", "/admin/roster/{upload}/discard", ADMIN),
    ("GET", "/completions/import", STAFF),
    ("POST", "/completions/import", STAFF),
    ("GET", "/completions/import/{past}", STAFF),
    ("POST", "/completions/import/{past}/apply", STAFF),
    ("POST", "/completions/import/{past}/discard", STAFF),
    ("GET", "/admin/mail", ADMIN),
    ("GET", "/admin/mail/{mail}", ADMIN),
    ("GET", "/admin/mail/{mail}/html", ADMIN),
    ("POST", "/admin/mail/{mail}/retry", ADMIN),
    ("GET", "/admin/audit", ADMIN),
    ("GET", "/admin/audit.csv", ADMIN),
    ("GET", "/authoring", STAFF),
    ("GET", "/authoring/new", STAFF),
    ("POST", "/authoring/new", STAFF),
    ("GET", "/authoring/{module}", STAFF),
    ("GET", "/authoring/{module}/settings", STAFF),
    ("POST", "/authoring/{module}/settings", STAFF),
    ("GET", "/authoring/{module}/texts/en", STAFF),
    ("POST", "/authoring/{module}/texts/en", STAFF),
    ("GET", "/authoring/{module}/questions/new", STAFF),
    ("POST", "/authoring/{module}/questions/new", STAFF),
    ("GET", "/authoring/{module}/questions/0", STAFF),
    ("POST", "/authoring/{module}/questions/0", STAFF),
    ("POST", "/authoring/{module}/questions/0/delete", STAFF),
    ("POST", "/authoring/{module}/publish", STAFF),
    ("POST", "/authoring/{module}/unpublish", STAFF),
    ("GET", "/authoring/{module}/preview", STAFF),
    ("GET", "/authoring/{module}/preview/quiz", STAFF),
    ("GET", "/authoring/{module}/passes", STAFF),
    ("GET", "/authoring/{module}/reminders", STAFF),
    ("POST", "/authoring/{module}/reminders", STAFF),
    ("GET", "/authoring/{module}/export", STAFF),
    ("POST", "/authoring/import", STAFF),
    ("GET", "/authoring/images/{image}", ALL),
    ("GET", "/authoring/contacts", STAFF),
    ("POST", "/authoring/contacts", STAFF),
    ("GET", "/reports", STAFF),
    ("GET", "/reports/ambassador-gaps", STAFF),
    ("GET", "/reports/definitions", STAFF),
    ("GET", "/reports/export/people.csv", STAFF),
    ("GET", "/reports/trend", STAFF),
    ("GET", "/reports/summary.pdf", STAFF),
    ("GET", "/reports/activity", STAFF),
    ("GET", "/workshops", {"ambassador"}),
    ("GET", "/workshops/new", {"ambassador"}),
    ("POST", "/workshops/new", {"ambassador"}),
    ("GET", "/workshops/{workshop}/edit", {"ambassador"}),
    ("POST", "/workshops/{workshop}/edit", {"ambassador"}),
    ("POST", "/workshops/{workshop}/withdraw", {"ambassador"}),
    ("GET", "/reports/offices/{home}", STAFF | {"ambassador"}),
    ("GET", "/reports/offices/{other}", STAFF),
    ("GET", "/reports/people/{mate}", STAFF | {"ambassador"}),
    ("GET", "/reports/people/{person}", STAFF),
    ("POST", "/reports/offices/{home}/people/{mate}/nudge/{module}", {"ambassador"}),
    ("GET", "/api/tokens", STAFF),
    ("POST", "/api/tokens", STAFF),
    ("POST", "/api/tokens/{token}/revoke", STAFF),
]
PUBLIC = {
    "/auth/login",
    "/auth/logout",
    "/auth/forgot",
    "/auth/reset/<token>",
    "/auth/sso",
    "/auth/sso/callback",
    "/healthz",
    "/language",
    "/verify/<code>",
    # The API authenticates each call by its bearer token, not by a session (tests/api).
    "/api/v1/coverage",
    "/api/v1/people",
    "/api/v1/openapi.json",
}


def _url(template: str, org, objects: dict) -> str:
    return template.format(
        home=org.stockholm.id,
        other=org.oslo.id,
        person=org.colleague_in_oslo.id,
        mate=org.employee.id,
        **objects,
    )


def _upload(org, model=RosterUpload, uploader=None, content=b"email,name,office\n") -> str:
    """A pending upload of `model` by `uploader` (the administrator by default)."""
    upload = model(filename="r.csv", content=content, uploaded_by_id=(uploader or org.admin).id)
    db.session.add(upload)
    db.session.commit()
    return upload.token


def _objects(org, person) -> dict:
    """An upload, a module, and the person's own try and completion of it."""
    module = make_module()
    attempt = quiz.start_attempt(person, module, utcnow())
    completion = record_completion(person, module, method=Method.IMPORT, completed_at=utcnow())
    db.session.commit()
    image = ModuleImage(content_type="image/png", data=b"png", created_at=utcnow())
    db.session.add(image)
    db.session.flush()
    module.text("en").content += f"\n\n![](/authoring/images/{image.id})"  # a published module shows it
    mail = queue(
        person, "password_reset", "password_reset", key="k", now=utcnow(), context={"link": "", "minutes": 1}
    )
    take_snapshot(utcnow())  # the coverage pages have figures to show
    api_token, _raw = tokens.create("reporting", actor=None, now=utcnow())
    db.session.commit()
    return {
        "upload": _upload(org),
        "past": _upload(org, CompletionUpload, person, b"email,module,completed on\n"),
        "mail": mail.id,
        "module": module.id,
        "attempt": attempt.id,
        "code": completion.code,
        "image": image.id,
        "workshop": _workshop(org, module),
        "token": api_token.id,
    }


def _workshop(org, module) -> int:
    """A workshop in the ambassador's office, recorded now."""
    workshop = Workshop(
        office_id=org.stockholm.id, module_id=module.id, held_on=utcnow().date(), recorded_at=utcnow()
    )
    db.session.add(workshop)
    db.session.commit()
    return workshop.id


def _covered_rules(app) -> set[tuple[str, str]]:
    """(rule, method) of every entry in ROUTES, matched exactly as Werkzeug routes the request."""
    adapter = app.url_map.bind("localhost")
    covered = set()
    for method, template, _roles in ROUTES:
        url = template.format(
            home=1,
            other=2,
            person=3,
            mate=10,
            workshop=11,
            module=4,
            attempt=5,
            upload=6,
            code="AB12",
            image=7,
            past=8,
            mail=9,
            token=11,
        )
        rule, _args = adapter.match(url, method=method, return_rule=True)
        covered.add((rule.rule, method))
    return covered


def test_every_route_is_in_the_access_table(app):
    covered = _covered_rules(app)
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.rule in PUBLIC:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            assert (rule.rule, method) in covered, f"{method} {rule.rule} has no entry in the access table"


@pytest.mark.parametrize(("method", "template", "allowed"), ROUTES)
@pytest.mark.parametrize("role", ROLES)
def test_role_access(client, org, method, template, allowed, role):
    url = _url(template, org, _objects(org, org.by_role(role)))
    client.login(org.by_role(role).email)
    token = client.csrf_token()
    response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
    if role in allowed:
        # 400: reached, but the empty form was refused with a message (e.g. a quiz without answers)
        assert response.status_code in (200, 302, 400), f"{role} should reach {method} {url}"
        assert not (response.status_code == 302 and "/auth/login" in response.location)
    else:
        assert response.status_code == 403, f"{role} must not reach {method} {url}"


@pytest.mark.parametrize(("method", "template", "_allowed"), ROUTES)
def test_signed_out_goes_to_sign_in(client, org, method, template, _allowed):
    url = _url(template, org, _objects(org, org.admin))
    token = client.csrf_token()
    response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
    assert response.status_code == 302
    assert response.location.startswith("/auth/login")


def test_another_admins_upload_is_not_found(client, org, make_client):
    from tests.factories import make_person

    second_admin = make_person(org.stockholm, "admin", email="admin2@example.com")
    db.session.commit()
    token = _upload(org)
    client.login(second_admin.email)
    assert client.get(f"/admin/roster/{token}").status_code == 404


def test_a_post_without_csrf_token_changes_nothing(client, org):
    client.login(org.admin.email)
    response = client.post(f"/admin/people/{org.colleague_in_oslo.id}/deactivate")
    assert response.status_code == 400
    db.session.refresh(org.colleague_in_oslo)
    assert org.colleague_in_oslo.active


def test_another_persons_try_and_certificate_are_not_found(client, org):
    objects = _objects(org, org.colleague_in_oslo)
    client.login(org.employee.email)
    assert client.get(f"/training/attempts/{objects['attempt']}").status_code == 404
    assert client.get(f"/training/attempts/{objects['attempt']}/result").status_code == 404
    assert client.get(f"/certificates/{objects['code']}.pdf").status_code == 404
