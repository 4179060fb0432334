"""A walk through every page each persona can reach: a 375 px phone in English and Swedish, and axe-core.

For each persona the walk follows every same-origin link from the home page (one page per URL
shape: ids and query values do not count), plus the pages only a form leads to (a try, a result,
a roster preview). Every page must answer below 400, log no console error, fit 375 px without
sideways scrolling, and pass axe-core's WCAG 2.2 A/AA rules with no serious or critical violation,
on the phone in both languages and once at desktop width in English. Screenshots of the phone
pages land in test-artifacts/.
"""

import re
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from flask import current_app, url_for
from playwright.sync_api import Error as PlaywrightError

from ambassador.audit.services import record
from ambassador.auth.services import create_reset_token
from ambassador.clock import utcnow
from ambassador.completions import imports
from ambassador.db import db
from ambassador.learning import quiz
from ambassador.mail.services import queue
from ambassador.reports.snapshots import take as take_snapshot
from ambassador.training.models import Choice
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, make_module, make_person

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
MAX_PAGES = 90  # per persona and language: reaching it means the crawler is lost (the admin sees ~70)
# Downloads and files, not pages: certificates, exports, images, the static folder.
NOT_A_PAGE = re.compile(r"\.(pdf|csv|xlsx|json|zip|png|jpe?g|gif|svg|webp)$|/export$|/images/|^/static/")
LINKS_JS = "els => els.filter(a => !a.hasAttribute('download')).map(a => a.href)"
# A table that scrolls sideways on a phone must be reachable and named, even where this data is narrow.
UNREACHABLE_TABLES = (
    ".table-wrap:not([tabindex='0'][role=region]), .table-wrap:not([aria-label]):not([aria-labelledby])"
)
AXE_JS = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
SIGNED_IN = ("employee", "ambassador", "coordinator", "admin")
ROSTERS = {  # one preview with people to create, update and deactivate, one with bad rows
    "clean-roster.csv": "email,name,office\nnina@example.com,Nina Ny,Oslo\nola@example.com,Ola N,Oslo\n",
    "bad-roster.csv": "email,name,office\nnot-an-email,Bo Bad,Oslo\nx@example.com,Xi,Nowhere\n",
}
PAST_COMPLETIONS = {  # one preview with completions to record and one already recorded, one with bad rows
    "old-lms.csv": "email,module,completed on,certificate\n"
    "employee@example.com,Child protection basics,2025-01-15,LMS-2025-0001\n"
    "ola@example.com,Reporting policy,2024-11-30,\n",
    "bad-history.csv": "email,module,completed on\nnobody@example.com,Nowhere,2099-01-01\n",
}
# A few pages each walk must reach, so that a crawler that finds nothing cannot pass.
MUST_REACH = {
    "visitor": ["auth.forgot_password"],
    "employee": [
        "learning.mine",
        "learning.history",
        "auth.change_password",
        "privacy.profile",
        "privacy.my_data",
    ],
    "ambassador": ["org.my_offices", "workshops.mine", ("reports.office", "stockholm")],  # (endpoint, office)
    "coordinator": [
        "reports.dashboard",
        "reports.definitions",
        "reports.trend_page",
        "org.offices",
        "authoring.modules",
        "authoring.settings",
        "completions.import_upload",
        "api_tokens.index",
    ],
    "admin": [
        "org.manage_offices",
        "org.people",
        "roster.upload",
        "completions.import_upload",
        "mail.outbox",
        "org.audit_log",
        "privacy.retention",
    ],
}


@dataclass
class Walk:
    """What one persona's walk saw: the pages visited, and every problem found."""

    role: str
    pages: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def shape(path: str) -> str:
    """A path with its ids and query values left out: one representative page per shape is enough."""
    parts = urlsplit(path)
    segments = ("<id>" if segment.isdigit() else segment for segment in parts.path.split("/"))
    keys = sorted({key for key, _value in parse_qsl(parts.query, keep_blank_values=True)})
    return "/".join(segments) + ("?" + "&".join(keys) if keys else "")


def page_links(page) -> list[str]:
    """The same-origin page links on the current page, without fragments, downloads and files."""
    origin = urlsplit(page.url)
    links = []
    for href in page.eval_on_selector_all("a[href]", LINKS_JS):
        parts = urlsplit(href)
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc) or NOT_A_PAGE.search(parts.path):
            continue
        links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def axe_violations(page) -> list[str]:
    """Serious and critical WCAG 2.2 A/AA violations on the current page, each with its nodes."""
    found = []
    for violation in page.evaluate(AXE_JS, WCAG_TAGS)["violations"]:
        if violation["impact"] in BLOCKING:
            nodes = "; ".join(f"{' '.join(n['target'])} {n['html'][:200]}" for n in violation["nodes"])
            found.append(f"axe {violation['id']} ({violation['impact']}, {violation['help']}): {nodes}")
    return found


def open_page(page, path: str, walk: Walk, label: str) -> bool:
    """Go to `path`; True for an HTML page, False for a download or other file. 400 or more is a problem."""
    page.errors.clear()
    try:
        response = page.goto(path)
    except PlaywrightError as error:
        if "Download is starting" in error.message:  # an export whose address does not say so
            return False
        raise
    if response is None or response.status >= 400:
        walk.problems.append(f"{label} {path}: HTTP {response.status if response else 'no response'}")
        return False
    return response.headers.get("content-type", "").startswith("text/html")


def check_phone_page(page, path: str, walk: Walk, language: str, artifacts: Path) -> None:
    """Status, sideways scrolling, axe and console errors on the phone, and a screenshot to look at."""
    label = f"[{walk.role}, phone, {language}]"
    if not open_page(page, path, walk, label):
        return
    if page.evaluate("document.documentElement.lang") != language:
        walk.problems.append(f"{label} {path}: not in this language")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        walk.problems.append(f"{label} {path}: scrolls sideways ({width}px wide)")
    for wrapper in page.eval_on_selector_all(UNREACHABLE_TABLES, "els => els.map(e => e.outerHTML)"):
        walk.problems.append(f"{label} {path}: a table wrapper a keyboard cannot reach: {wrapper[:200]}")
    walk.problems.extend(f"{label} {path}: {violation}" for violation in axe_violations(page))
    walk.problems.extend(f"{label} {path}: console error: {error}" for error in page.errors)
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
    # JPEG: a full-page PNG takes three times as long, and these are only for people to look at.
    shot = artifacts / f"walk-{walk.role}-{language}-{name}.jpg"
    page.screenshot(path=str(shot), full_page=True, type="jpeg", quality=80)


def crawl(page, walk: Walk, start: str, extra: list[str], language: str, artifacts: Path) -> list[str]:
    """Check `start` and every page linked from it (one per shape), then the `extra` pages; return the paths.

    The extra pages come last so that the representative of a shape is the page the links lead to first.
    """
    queue, extra, seen, visited = [start], list(extra), {shape(start)}, []
    limit = MAX_PAGES + len(extra)
    while (queue or extra) and len(visited) < limit:
        path = queue.pop(0) if queue else extra.pop(0)
        if path in visited:
            continue
        check_phone_page(page, path, walk, language, artifacts)
        visited.append(path)
        for link in page_links(page):
            if shape(link) not in seen:
                seen.add(shape(link))
                queue.append(link)
    if queue:
        walk.problems.append(
            f"[{walk.role}, {language}] more than {MAX_PAGES} shapes of page, next: {queue[:5]}"
        )
    return visited


def new_page(browser, live_server, viewport: dict, storage_state=None):
    """A page in a fresh context, with axe-core loaded, that records console errors and exceptions."""
    phone = viewport is PHONE
    context = browser.new_context(
        base_url=live_server, viewport=viewport, is_mobile=phone, has_touch=phone, storage_state=storage_state
    )
    # Init scripts are not subject to the page's Content-Security-Policy, which stays on, so a
    # page that breaks it still logs an error here.
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def desktop_axe(browser, live_server, state, walk: Walk, paths: list[str]) -> None:
    """axe-core at desktop width, in English, on every page the phone walk visited."""
    page = new_page(browser, live_server, DESKTOP, state)
    label = f"[{walk.role}, desktop, en]"
    for path in paths:
        if open_page(page, path, walk, label):
            walk.problems.extend(f"{label} {path}: {violation}" for violation in axe_violations(page))
    page.context.close()


def upload_files(page, endpoint: str, files: dict[str, str]) -> list[str]:
    """Upload each file through an import's form (full roster ticked, where there is a box); the previews."""
    with current_app.test_request_context():
        upload = url_for(endpoint)
    previews = []
    for name, text in files.items():
        page.goto(upload)
        form = page.locator("form[enctype='multipart/form-data']")
        form.locator("input[type=file]").set_input_files(
            {"name": name, "mimeType": "text/csv", "buffer": text.encode()}
        )
        if form.locator("input[type=checkbox]").count():
            form.locator("input[type=checkbox]").first.check()
        form.locator("[type=submit]").click()
        page.wait_for_load_state()
        previews.append(urlsplit(page.url).path)
    return previews


def walk_persona(browser, live_server, role: str, email: str | None, extra: list[str], artifacts) -> Walk:
    """One persona's walk: phone in English, desktop in English, phone in Swedish."""
    walk = Walk(role)
    page = new_page(browser, live_server, PHONE)
    start = "/auth/login"
    if email:
        sign_in(page, email, PASSWORD)
        start = "/"
    if role == "admin":
        extra = extra + upload_files(page, "roster.upload", ROSTERS)
    if role in ("coordinator", "admin"):
        extra = extra + upload_files(page, "completions.import_upload", PAST_COMPLETIONS)
    english = crawl(page, walk, start, extra, "en", artifacts)
    desktop_axe(browser, live_server, page.context.storage_state(), walk, english)
    with page.expect_navigation():
        page.locator("footer button[name=language][value=sv]").click()
    swedish = crawl(page, walk, start, extra, "sv", artifacts)
    page.context.close()
    walk.pages = set(english) | set(swedish)
    return walk


def answer_and_submit(person, module, right: bool, now):
    """A try at `module` by `person`, submitted with every answer right or every answer wrong."""
    attempt = quiz.start_attempt(person, module, now)
    answers = {
        question_id: {c for c in choice_ids if db.session.get(Choice, c).correct == right}
        for question_id, choice_ids in attempt.drawn
    }
    return quiz.submit(attempt, person, answers, now)


def learner_tries(org, quiz_module, acknowledgement, now) -> dict:
    """A failed, a passed and an open try by every signed-in persona; all but the employee acknowledged."""
    tries = {}
    for role in SIGNED_IN:
        person = org.by_role(role)
        failed = answer_and_submit(person, quiz_module, right=False, now=now - timedelta(days=2))
        passed = answer_and_submit(person, quiz_module, right=True, now=now - timedelta(days=1))
        if role != "employee":
            quiz.acknowledge(person, acknowledgement, now - timedelta(days=1))
        tries[role] = (quiz.start_attempt(person, quiz_module, now), failed, passed)
    answer_and_submit(org.colleague_in_oslo, quiz_module, right=True, now=now)
    return tries


def admin_records(org, now) -> str:
    """An email with a reset link, one that failed, and a few audit entries; returns the reset link's path."""
    _person, token = create_reset_token(org.employee.email, timedelta(hours=1), now)
    reset = url_for("auth.reset_password", token=token)
    context = {"link": f"http://127.0.0.1{reset}", "minutes": 60}
    failed = queue(
        org.colleague_in_oslo, "password_reset", "password_reset", key="failed", now=now, context=context
    )
    failed.state, failed.attempts, failed.last_error = (
        "failed",
        1,
        "Recipient refused: 550 5.1.1 No such user",
    )
    queue(org.employee, "password_reset", "password_reset", key="walk", now=now, context=context)
    record(org.admin, "office.updated", "Stockholm", now, changes={"language": ["en", "sv"]})
    record(
        org.admin,
        "person.role",
        "ambassador@example.com",
        now,
        changes={"role": ["employee", "coordinator"]},
        subject=org.ambassador,
    )
    record(None, "roster.imported", "hr-export.csv (partial): 1 created, 1 updated, 0 deactivated", now)
    long_text = "A paragraph of the module's content without a break, " * 30  # must wrap on a phone
    record(
        org.coordinator, "module.text", "module 1 (Basics), en", now, changes={"content": [None, long_text]}
    )
    history = b"email,module,completed on\nambassador@example.com,Reporting policy,2025-05-04\n"
    stored = imports.store("history.csv", history, actor=org.admin, now=now)
    imports.apply_upload(stored.token, stored.sha256, actor=org.admin, now=now)  # listed on the upload page
    # A leaver for the retention page: due for erasure, so the page lists someone.
    make_person(
        org.oslo,
        email="lea@example.com",
        name="Lea Leaver",
        active=False,
        deactivated_at=now - timedelta(days=800),
    )
    return reset


def populate(org) -> dict[str, list[str]]:
    """Give every page something to show; return, per persona, the pages that links alone do not reach.

    Those are the pages only a form leads to (a try, its result, a reset link, a certificate's
    verification) and the other kind of a page whose shape the walk visits once (the
    acknowledgement beside the quiz, the draft beside the published module).
    """
    now = utcnow()
    basics = make_module(title="Child protection basics", questions=6, draw=4, pass_mark=75)
    policy = make_module(title="Reporting policy", questions=0, draw=0)
    draft = make_module(title="Spotting misuse", published=False)
    tries = learner_tries(org, basics, policy, now)
    take_snapshot(now - timedelta(days=1))  # the dashboard with a past day to pick
    take_snapshot(now)
    with current_app.test_request_context():
        reset = admin_records(org, now)
        pages = {
            role: [
                url_for("learning.attempt", attempt_id=open_try.id),
                url_for("learning.result", attempt_id=failed.id),
                url_for("learning.result", attempt_id=passed.id),
                url_for("learning.module", module_id=policy.id),
            ]
            for role, (open_try, failed, passed) in tries.items()
        }
        for role in ("coordinator", "admin"):
            pages[role].append(url_for("authoring.module", module_id=draft.id))
        # The audit log filtered (a filter that cannot be used says so above the form).
        filtered = {"person": "ola", "action": "person.role", "from": "soon"}
        pages["admin"].append(url_for("org.audit_log", **filtered))
        code = quiz.completion_code(tries["employee"][2])
        pages["visitor"] = [reset, url_for("completions.verify", code=code)]
    db.session.commit()
    return pages


PERSONAS = ("visitor", *SIGNED_IN)


@pytest.mark.parametrize("role", PERSONAS)
def test_every_page_fits_a_phone_and_passes_axe(browser, live_server, org, role, artifacts):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does)")
    extra = populate(org)[role]
    email = None if role == "visitor" else org.by_role(role).email
    started = time.perf_counter()
    walk = walk_persona(browser, live_server, role, email, extra, artifacts)
    print(f"\n{role}: {len(walk.pages)} pages in {time.perf_counter() - started:.1f}s: {sorted(walk.pages)}")
    with current_app.test_request_context():
        must = [
            url_for(e) if isinstance(e, str) else url_for(e[0], office_id=getattr(org, e[1]).id)
            for e in MUST_REACH[role]
        ]
        missed = set(must) - walk.pages
    assert not missed, f"the walk of {role} did not reach {missed}: are links still links?"
    if walk.problems:
        pytest.fail(f"{len(walk.problems)} problems on {role}'s pages:\n" + "\n".join(walk.problems), False)
