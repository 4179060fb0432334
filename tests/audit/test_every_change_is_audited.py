"""Every writing route leaves an audit entry naming who made the change.

The walk reads the application's URL map, so a route added later is in it: each rule that takes
POST, PUT, PATCH or DELETE must be in CHANGES (a valid request that changes something, sent as a
person allowed to) or in EXEMPT (with the reason it is no change by an administrator,
coordinator or ambassador). A rule in neither fails `test_every_writing_route_is_walked`.
"""

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import sqlalchemy as sa

from ambassador.api import tokens
from ambassador.audit.models import AuditEvent
from ambassador.authoring.transfer import export_module
from ambassador.clock import utcnow
from ambassador.completions import imports as completion_imports
from ambassador.db import db
from ambassador.mail.models import State
from ambassador.mail.services import queue
from ambassador.roster import uploads as roster_uploads
from ambassador.workshops.services import record_workshop
from tests.factories import MODULE_FORM as SETTINGS
from tests.factories import make_module

WRITING = {"POST", "PUT", "PATCH", "DELETE"}

# Writing routes that are no change by an administrator, coordinator or ambassador.
EXEMPT = {
    ("POST", "/auth/logout"): "ends one's own session; it changes nothing anyone else relies on",
    ("POST", "/auth/password"): "a person changes their own password (every other session ends)",
    ("POST", "/auth/forgot"): "a visitor asks for a reset link for their own account",
    ("POST", "/auth/reset/<token>"): "a person sets their own password through their emailed link",
    ("POST", "/language"): "a person's or visitor's own choice of language",
    ("POST", "/training/<int:module_id>/attempts"): "the learner starts their own try (kept as an attempt)",
    ("POST", "/training/attempts/<int:attempt_id>"): "the learner answers their own try (kept as an attempt)",
    ("POST", "/training/<int:module_id>/acknowledge"): "the learner's own acknowledgement (a completion)",
}


@dataclass
class Change:
    """A request that changes something: who sends it, where, with what."""

    actor: object
    url: str
    data: dict = field(default_factory=dict)
    files: bool = False  # a multipart form with a file
    sign_in: bool = True  # False: the request is the sign-in itself


def _file(content: bytes, name: str) -> tuple:
    return (io.BytesIO(content), name)


ROSTER = b"email,name,office\nnew@example.com,New Person,Oslo\nola@example.com,Ola N,Stockholm\n"
HISTORY = b"email,module,completed on\nemployee@example.com,Child protection basics,2025-06-10\n"
QUESTION = {
    "kind": "single",
    "prompt_en": "Is it so?",
    "choice_0_en": "Yes",
    "choice_1_en": "No",
    "correct_0": "y",
}


def _roster_upload(org):
    return roster_uploads.store("hr.csv", ROSTER, full=False, actor=org.admin, now=utcnow())


def _history_upload(org):
    make_module(title="Child protection basics")
    return completion_imports.store("old.csv", HISTORY, actor=org.coordinator, now=utcnow())


def _apply(actor, base: str, upload) -> Change:
    """Click Apply on the preview of `upload`, an import at `base`."""
    return Change(actor, f"{base}/{upload.token}/apply", {"digest": upload.sha256})


def _discard(actor, base: str, upload) -> Change:
    """Click Discard on the preview of `upload`, an import at `base`."""
    return Change(actor, f"{base}/{upload.token}/discard")


def _failed_mail(org):
    message = queue(
        org.employee,
        "password_reset",
        "password_reset",
        key="k",
        now=utcnow(),
        context={"link": "", "minutes": 1},
    )
    message.state = State.FAILED
    return message


def _workshop(org):
    module = make_module(
        title="Holding a workshop", published_at=utcnow() - timedelta(days=60), workshop_eligible=True
    )
    yesterday = utcnow().date() - timedelta(days=1)
    return record_workshop(org.ambassador, org.stockholm, module, yesterday, [org.employee.id], utcnow())


def _module_file() -> bytes:
    module = make_module(title="Portable", questions=3, draw=2)
    return json.dumps(export_module(module)).encode()


# (method, rule) -> {variant: builder}; each builder sets up what the request needs and returns it.
CHANGES: dict[tuple[str, str], dict[str, Callable]] = {
    ("POST", "/auth/login"): {
        "a coordinator signs in": lambda org: Change(
            org.coordinator,
            "/auth/login",
            {"email": org.coordinator.email, "password": "correct horse battery"},
            sign_in=False,
        ),
    },
    ("POST", "/admin/offices/new"): {
        "create an office": lambda org: Change(
            org.admin,
            "/admin/offices/new",
            {"name": "Bergen", "country": "NO", "timezone": "Europe/Oslo", "language": "en"},
        ),
    },
    ("POST", "/admin/offices/<int:office_id>/edit"): {
        "rename an office": lambda org: Change(
            org.admin,
            f"/admin/offices/{org.oslo.id}/edit",
            {"name": "Oslo city", "country": "NO", "timezone": "Europe/Oslo", "language": "en"},
        ),
    },
    ("POST", "/admin/people/<int:person_id>/erase"): {
        "erase a person": lambda org: Change(
            org.admin, f"/admin/people/{org.colleague_in_oslo.id}/erase", {"understood": "y"}
        ),
    },
    ("POST", "/admin/people/<int:person_id>"): {
        "change a person": lambda org: Change(
            org.admin,
            f"/admin/people/{org.colleague_in_oslo.id}",
            {"name": "Ola N", "office": org.oslo.id, "language": "", "role": "employee"},
        ),
    },
    ("POST", "/admin/people/<int:person_id>/<any(deactivate, reactivate):action>"): {
        "deactivate": lambda org: Change(org.admin, f"/admin/people/{org.colleague_in_oslo.id}/deactivate"),
        "reactivate": lambda org: (
            setattr(org.colleague_in_oslo, "active", False),
            Change(org.admin, f"/admin/people/{org.colleague_in_oslo.id}/reactivate"),
        )[1],
    },
    ("POST", "/admin/roster"): {
        "upload a roster": lambda org: Change(
            org.admin, "/admin/roster", {"file": _file(ROSTER, "hr.csv")}, files=True
        ),
    },
    ("POST", "/admin/roster/<token>/apply"): {
        "apply a roster": lambda org: _apply(org.admin, "/admin/roster", _roster_upload(org)),
    },
    ("POST", "/admin/roster/<token>/discard"): {
        "discard a roster": lambda org: _discard(org.admin, "/admin/roster", _roster_upload(org)),
    },
    ("POST", "/completions/import"): {
        "upload past completions": lambda org: (
            make_module(title="Child protection basics"),
            Change(org.coordinator, "/completions/import", {"file": _file(HISTORY, "old.csv")}, files=True),
        )[1],
    },
    ("POST", "/completions/import/<token>/apply"): {
        "apply past completions": lambda org: _apply(
            org.coordinator, "/completions/import", _history_upload(org)
        ),
    },
    ("POST", "/completions/import/<token>/discard"): {
        "discard past completions": lambda org: _discard(
            org.coordinator, "/completions/import", _history_upload(org)
        ),
    },
    ("POST", "/admin/mail/<int:message_id>/retry"): {
        "retry a failed email": lambda org: Change(org.admin, f"/admin/mail/{_failed_mail(org).id}/retry"),
    },
    ("POST", "/authoring/new"): {
        "create a module": lambda org: Change(org.coordinator, "/authoring/new", SETTINGS),
    },
    ("POST", "/authoring/<int:module_id>/settings"): {
        "change a module's settings": lambda org: Change(
            org.coordinator, f"/authoring/{make_module(draw=2).id}/settings", {**SETTINGS, "pass_mark": "70"}
        ),
    },
    ("POST", "/authoring/<int:module_id>/texts/<language>"): {
        "write a text": lambda org: Change(
            org.coordinator,
            f"/authoring/{make_module().id}/texts/en",
            {"title": "New", "summary": "S", "content": "## Hi"},
        ),
    },
    ("POST", "/authoring/<int:module_id>/questions/new"): {
        "add a question": lambda org: Change(
            org.coordinator, f"/authoring/{make_module().id}/questions/new", QUESTION
        ),
    },
    ("POST", "/authoring/<int:module_id>/questions/<int:position>"): {
        "change a question": lambda org: Change(
            org.coordinator, f"/authoring/{make_module().id}/questions/0", QUESTION
        ),
    },
    ("POST", "/authoring/<int:module_id>/questions/<int:position>/delete"): {
        "remove a question": lambda org: Change(
            org.coordinator, f"/authoring/{make_module().id}/questions/0/delete"
        ),
    },
    ("POST", "/authoring/<int:module_id>/<any(publish, unpublish):action>"): {
        "publish": lambda org: Change(
            org.coordinator, f"/authoring/{make_module(published=False).id}/publish"
        ),
        "unpublish": lambda org: Change(org.coordinator, f"/authoring/{make_module().id}/unpublish"),
    },
    ("POST", "/authoring/import"): {
        "import a module": lambda org: Change(
            org.coordinator, "/authoring/import", {"file": _file(_module_file(), "m.json")}, files=True
        ),
    },
    ("POST", "/authoring/<int:module_id>/reminders"): {
        "change a reminder plan": lambda org: Change(
            org.coordinator,
            f"/authoring/{make_module().id}/reminders",
            {
                "window_opens": "y",
                "days_before": "3",
                "on_due_date": "y",
                "overdue_every": "7",
                "overdue_max": "2",
            },
        ),
    },
    ("POST", "/authoring/contacts"): {
        "write a country's contacts": lambda org: Change(
            org.coordinator,
            "/authoring/contacts?country=SE",
            {"support_en": "Talk to HR.", "reporting_en": "Hotline"},
        ),
    },
    ("POST", "/reports/offices/<int:office_id>/people/<int:person_id>/nudge/<int:module_id>"): {
        "nudge a colleague": lambda org: Change(
            org.ambassador,
            f"/reports/offices/{org.stockholm.id}/people/{org.employee.id}/nudge/"
            f"{make_module(published_at=utcnow() - timedelta(days=60)).id}",
        ),
    },
    ("POST", "/workshops/new"): {
        "record a workshop": lambda org: Change(
            org.ambassador,
            "/workshops/new",
            {
                "module": make_module(published_at=utcnow() - timedelta(days=60), workshop_eligible=True).id,
                "held_on": (utcnow().date() - timedelta(days=1)).isoformat(),
                "attendees": [str(org.employee.id)],
            },
        ),
    },
    ("POST", "/workshops/<int:workshop_id>/edit"): {
        "correct a workshop": lambda org: (
            workshop := _workshop(org),
            Change(
                org.ambassador,
                f"/workshops/{workshop.id}/edit",
                {
                    "module": workshop.module_id,
                    "held_on": (utcnow().date() - timedelta(days=2)).isoformat(),
                    "attendees": [str(org.employee.id), str(org.ambassador.id)],
                },
            ),
        )[1],
    },
    ("POST", "/workshops/<int:workshop_id>/withdraw"): {
        "withdraw a workshop": lambda org: Change(org.ambassador, f"/workshops/{_workshop(org).id}/withdraw"),
    },
    ("POST", "/api/tokens"): {
        "create an API token": lambda org: Change(org.coordinator, "/api/tokens", {"name": "Annual report"}),
    },
    ("POST", "/api/tokens/<int:token_id>/revoke"): {
        "revoke an API token": lambda org: Change(
            org.coordinator, f"/api/tokens/{tokens.create('bi', actor=org.admin, now=utcnow())[0].id}/revoke"
        ),
    },
}


def test_every_writing_route_is_walked(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods & WRITING):
            key = (method, rule.rule)
            assert key in CHANGES or key in EXEMPT, (
                f"{method} {rule.rule} ({rule.endpoint}) is not in the audit walk: add it to CHANGES in "
                f"{__file__} with a request that changes something (and make its service record an "
                "audit entry), or to EXEMPT with the reason it is no change by an administrator, "
                "coordinator or ambassador"
            )


def test_the_walk_lists_no_route_that_is_gone(app):
    routes = {(method, rule.rule) for rule in app.url_map.iter_rules() for method in rule.methods & WRITING}
    assert set(CHANGES) - routes == set() and set(EXEMPT) - routes == set()
    assert set(CHANGES).isdisjoint(EXEMPT)


def _newest_id() -> int:
    return db.session.scalar(sa.select(sa.func.max(AuditEvent.id))) or 0


WALK = [(route, variant) for route, variants in CHANGES.items() for variant in variants]


@pytest.mark.parametrize(("route", "variant"), WALK, ids=[f"{r[0]} {r[1]}: {v}" for r, v in WALK])
def test_every_change_leaves_an_entry_naming_who_made_it(client, org, now, route, variant):
    change = CHANGES[route][variant](org)
    db.session.commit()
    if change.sign_in:
        client.login(change.actor.email)
    before, count = _newest_id(), db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    response = client.post_form(
        change.url, change.data, content_type="multipart/form-data" if change.files else None
    )
    assert response.status_code in (200, 302), f"{route} {variant}: {response.status_code}"
    entries = db.session.execute(
        sa.select(AuditEvent.action, AuditEvent.actor_id).where(AuditEvent.id > before)
    ).all()
    made = {action for action, actor_id in entries if actor_id == change.actor.id}
    if route == ("POST", "/auth/login"):
        assert made == {"auth.signed_in"}
    else:
        assert made - {"auth.signed_in"}, (
            f"{route[0]} {route[1]} ({variant}) left no audit entry by {change.actor.email}: {entries}"
        )
    # Append-only: the request added entries and removed none.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == count + len(entries)
