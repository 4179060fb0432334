"""Health check, security headers, error pages and hostile input."""

import io

import pytest
from pypdf import PdfReader

from ambassador import create_app
from ambassador.audit.services import record
from ambassador.completions.models import Method
from ambassador.completions.services import record_completion
from ambassador.db import db
from tests.conftest import BASE_URL
from tests.factories import make_module


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_503_when_the_database_does_not_answer(tmp_path):
    broken = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/db.sqlite",
        }
    )
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "error" and body["database"] == "unavailable" and body["reason"]
    with broken.app_context():
        db.engine.dispose()


def _assert_security_headers(headers) -> None:
    """The headers every response carries."""
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", ["/auth/login", "/no-such-page", "/healthz", "/static/css/app.css"])
def test_security_headers_on_every_response(client, url):
    response = client.get(url)
    response.close()
    _assert_security_headers(response.headers)


BAD_HOSTS = ["a..b", "a..b:5000", "x" * 64 + ".example", ".example", "a." + "b" * 70]


@pytest.mark.parametrize("host", BAD_HOSTS)
@pytest.mark.parametrize(
    "url", ["/auth/login", "/training", "/no-such-page", "/static/css/app.css", "/healthz"]
)
def test_a_malformed_host_gets_a_clean_400(client, host, url):
    response = client.get(url, headers={"Host": host})
    response.close()
    assert response.status_code == 400
    assert "Bad request" in response.get_data(as_text=True)
    _assert_security_headers(response.headers)


def test_a_malformed_host_is_refused_for_a_signed_in_post_too(client, org):
    client.login(org.employee.email)
    response = client.post("/language", data={"language": "sv"}, headers={"Host": "a..b"})
    assert response.status_code == 400 and "Bad request" in response.get_data(as_text=True)


def test_every_error_page_carries_the_security_headers(client, org, app):
    """400, 404, 405 and 500 pages: the error handler's response gets the same headers."""
    responses = [
        client.get("/", headers={"Host": "a..b"}),
        client.post("/auth/login", data={"csrf_token": "stale"}),
        client.get("/no-such-page"),
        client.get("/auth/logout"),
    ]
    broken = create_app(
        {
            "TESTING": True,
            "PROPAGATE_EXCEPTIONS": False,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        }
    )
    broken.add_url_rule("/boom", "boom", lambda: 1 / 0)
    try:
        responses.append(broken.test_client().get("/boom"))
    finally:
        with broken.app_context():
            db.engine.dispose()
    assert [r.status_code for r in responses] == [400, 400, 404, 405, 500]
    for response in responses:
        _assert_security_headers(response.headers)


SIGNED_IN_PAGES = ["/training", "/training/history", "/auth/password", "/admin/people", "/admin/mail", "/"]


def test_pages_for_a_signed_in_person_are_not_stored(client, org):
    client.login(org.admin.email)
    for url in SIGNED_IN_PAGES:
        assert client.get(url).headers.get("Cache-Control") == "no-store", url


def test_public_and_static_responses_may_be_cached(client, org):
    """Static files and the public pages (sign-in, verification) are the same for everyone."""
    static = client.get("/static/css/app.css")
    static.close()
    assert "no-store" not in static.headers.get("Cache-Control", "")
    assert "no-store" not in client.get("/auth/login").headers.get("Cache-Control", "")


def test_a_certificate_is_not_stored_and_prints_base_url_whatever_the_host(client, org, now):
    completion = record_completion(org.employee, make_module(), method=Method.IMPORT, completed_at=now)
    db.session.commit()
    client.login(org.employee.email)
    # The same browser, reaching the site under another name (a forged Host header).
    client.set_cookie("session", client.get_cookie("session").value, domain="evil.example")
    pdf = client.get(f"/certificates/{completion.code}.pdf", headers={"Host": "evil.example"})
    assert pdf.status_code == 200 and pdf.headers["Cache-Control"] == "no-store"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert f"{BASE_URL}/verify/{completion.code}" in text and "evil.example" not in text


def test_dates_and_times_are_written_one_medium_way(client, org, now):
    """Stockholm is an hour ahead of UTC in March: 09:30 UTC reads as 10:30 (CLDR puts a narrow
    no-break space before AM)."""
    record(org.admin, "test.event", "an event", now)
    db.session.commit()
    client.login(org.admin.email)
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert "Mar 2, 2026, 10:30\u202fAM" in audit and "3/2/26" not in audit
    person = client.get(f"/admin/people/{org.admin.id}").get_data(as_text=True)
    assert "Mar 2, 2026, 10:30\u202fAM" in person  # the last sign-in
    client.post_form("/language", {"language": "sv"})
    assert "2 mars 2026 10:30" in client.get("/admin/audit").get_data(as_text=True)


def test_error_pages_are_friendly_and_translated(client, org):
    page = client.get("/no-such-page", headers={"Accept-Language": "sv"})
    assert page.status_code == 404
    assert "Sidan finns inte" in page.get_data(as_text=True)


def test_a_stale_csrf_token_gets_a_clear_message(client, org):
    page = client.post("/auth/login", data={"email": "a@example.com", "password": "x", "csrf_token": "stale"})
    assert page.status_code == 400
    assert "The form expired" in page.get_data(as_text=True)


def test_templates_hold_no_inline_script_or_style():
    from pathlib import Path

    for template in Path("templates").rglob("*.html"):
        if template.parts[1] == "email":
            continue  # emails are not pages: mail programs drop style sheets, so their styles are inline
        text = template.read_text()
        assert "<script>" not in text and "onclick" not in text, template
        # Mail programs drop style sheets: only emails style inline (and no page of the site shows them).
        assert template.parts[1] == "email" or "style=" not in text, template


JUNK = [
    "",
    "99999999999999999999",
    "-1",
    "x" * 5000,
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "\x00",
    "../../etc/passwd",
    "%",
    "١٢٣",
]


@pytest.mark.parametrize("value", JUNK)
def test_junk_input_never_produces_a_500(client, org, value):
    client.login(org.admin.email)
    forms = {
        "/admin/offices/new": ["name", "country", "timezone", "language"],
        f"/admin/people/{org.employee.id}": ["name", "office", "language", "role", "offices"],
        "/auth/password": ["current", "password", "confirm"],
        "/language": ["language", "next"],
    }
    module = make_module()
    db.session.commit()
    forms.update(
        {
            "/authoring/new": [
                "default_language",
                "estimated_minutes",
                "pass_mark",
                "draw_count",
                "audience",
                "offices",
                "countries",
                "grace_days",
                "validity_months",
                "refresher_days",
                "max_tries_per_day",
            ],
            f"/authoring/{module.id}/settings": ["pass_mark", "audience", "show_dates"],
            f"/authoring/{module.id}/texts/en": ["title", "summary", "content"],
            f"/authoring/{module.id}/texts/sv": ["title", "content"],
            f"/authoring/{module.id}/questions/new": [
                "kind",
                "prompt_en",
                "choice_0_en",
                "choice_1_en",
                "correct_0",
            ],
            f"/authoring/{module.id}/questions/0": ["kind", "prompt_sv", "correct_5"],
            "/authoring/contacts": ["country", "support", "reporting"],
        }
    )
    attempt = client.post_form(f"/training/{module.id}/attempts").location
    forms[attempt] = ["q-1", "q-x", "q-99999999999999999999", "q-"]
    for url, fields in forms.items():
        response = client.post_form(url, dict.fromkeys(fields, value))
        assert response.status_code < 500, url
    for url in (
        "/admin/people",
        "/offices",
        f"/offices/{org.stockholm.id}",
        "/admin/audit",
        "/admin/mail",
        "/authoring/contacts",
        f"/authoring/{module.id}/passes",
        f"/training/{module.id}",
    ):
        for param in ("q", "page", "office", "role", "status", "country"):
            assert client.get(url, query_string={param: value}).status_code < 500, (url, param)
    anonymous = client.application.test_client()
    assert anonymous.get(f"/auth/reset/{value or 'x'}").status_code < 500
    assert anonymous.get("/auth/login", query_string={"next": value}).status_code < 500
    assert anonymous.get(f"/verify/{value or 'x'}").status_code < 500


def test_a_huge_id_in_a_url_is_not_found(client, org):
    client.login(org.admin.email)
    for url in (
        "/admin/people/99999999999999999999",
        "/offices/2147483648",
        "/training/attempts/99999999999999",
    ):
        assert client.get(url).status_code == 404, url


def test_pager_links_ignore_hostile_query_keys(client, org, now):
    for n in range(60):
        record(org.admin, "test.event", f"event {n}", now)
    db.session.commit()
    client.login(org.admin.email)
    page = client.get("/admin/audit?_method=POST&_external=1&office_id=7")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert 'href="/admin/audit?' in body and "page=2" in body and "http://" not in body.split("<main")[1]


def test_static_files_run_no_sql(client, org, count_statements):
    client.login(org.employee.email)
    with count_statements() as counter:
        response = client.get("/static/css/app.css")
        response.close()
    assert response.status_code == 200 and counter.count == 0


def test_settings_come_from_the_instance_folder_not_the_package(app):
    from pathlib import Path

    assert Path(app.instance_path).name == "instance"
    assert (
        "ENV_SETTINGS" not in app.config and "DEFAULTS" not in app.config
    )  # ambassador/config.py's own names
