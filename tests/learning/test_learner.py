"""The learner's journey through the client: my training, reading, trying, passing, the certificate."""

import io
import re
from datetime import date, timedelta

import sqlalchemy as sa
from pypdf import PdfReader

from ambassador import clock
from ambassador.assets.models import CountryContact
from ambassador.completions.models import Completion
from ambassador.db import db
from ambassador.learning.models import Attempt
from ambassador.training.models import Choice
from tests.factories import make_module

QUESTION = re.compile(r'name="q-(\d+)" value="(\d+)"')


def _quiz_fields(page: str) -> dict[int, list[int]]:
    fields: dict[int, list[int]] = {}
    for qid, cid in QUESTION.findall(page):
        fields.setdefault(int(qid), []).append(int(cid))
    return fields


def _answer(client, attempt_url: str, right: bool):
    """Answer every question of a try with a right (or a wrong) answer, as a person clicking would."""
    client.get(attempt_url)
    attempt = db.session.get(Attempt, int(attempt_url.rsplit("/", 1)[1]))
    data = {}
    for question_id, choice_ids in attempt.drawn:
        position = next(i for i, cid in enumerate(choice_ids) if db.session.get(Choice, cid).correct == right)
        data[f"q-{question_id}"] = str(position)
    return client.post_form(attempt_url, data)


def _start(client, module) -> str:
    response = client.post_form(f"/training/{module.id}/attempts")
    assert response.status_code == 302
    return response.location


def test_my_training_lists_required_and_optional_with_dates(client, org, now):
    make_module(title="Policy", published_at=now - timedelta(days=60), grace_days=30)
    make_module(title="Extra reading", audience="nobody")
    make_module(title="Draft", published=False)
    client.login(org.employee.email)
    page = client.get("/training").get_data(as_text=True)
    assert "Policy" in page and "Extra reading" in page and "Draft" not in page
    assert "Overdue" in page and "0 of 1 required modules up to date" in page
    required = page.index("Required of you")  # (the reminders above name the module too)
    assert required < page.index("Policy", required) < page.index("Optional") < page.index("Extra reading")


def test_the_learner_reads_in_their_language(client, org, now):
    module = make_module(title="Basics")
    org.employee.language = "sv"
    db.session.commit()
    client.login(org.employee.email)
    page = client.get(f"/training/{module.id}").get_data(as_text=True)
    assert "Basics (sv)" in page and "Därför." in page


def test_content_warning_comes_first_with_the_countrys_contacts(client, org):
    module = make_module(content_warning=True)
    db.session.add(
        CountryContact(country="SE", support="Call the support line 020-123", reporting="ECPAT Hotline")
    )
    db.session.commit()
    client.login(org.employee.email)
    warning = client.get(f"/training/{module.id}").get_data(as_text=True)
    assert "Before you start" in warning and "020-123" in warning and "Because." not in warning
    page = client.get(f"/training/{module.id}?continue=1").get_data(as_text=True)
    assert "Because." in page


def _start_from_result(client, result_page: str) -> str:
    """Press "Try again" on a result page: the form's action, posted with its own CSRF token."""
    action = re.search(r'<form method="post" action="([^"]+/attempts)">', result_page).group(1)
    response = client.post_form(action)
    assert response.status_code == 302
    return response.location


def test_fail_then_pass_then_certificate(client, org, now):
    module = make_module(title="Basics", pass_mark=75, validity_months=12)
    client.login(org.employee.email)
    first = _start(client, module)
    quiz_page = client.get(first).get_data(as_text=True)
    assert "correct" not in quiz_page.lower().replace(
        "correct the fields", ""
    )  # answers never reach the browser
    failed = _answer(client, first, right=False)
    result = client.get(failed.location).get_data(as_text=True)
    assert "Your score: 0%" in result and "Pass mark: 75%" in result and "Not passed this time." in result
    assert result.rstrip().rfind("Try again") > result.rfind(
        "Questions to read up on"
    )  # the page ends with it
    second = _start_from_result(client, result)
    assert second != first
    passed = _answer(client, second, right=True)
    result = client.get(passed.location).get_data(as_text=True)
    assert "Your score: 100%" in result and "You passed." in result and "Try again" not in result
    tried = db.session.get(Attempt, int(second.rsplit("/", 1)[1]))
    positions = {q.id: q.position for q in module.current_version.questions}
    for question_id, _choices in tried.drawn:  # every explanation of the try, after a pass
        assert f"Because {positions[question_id] + 1}." in result
    assert result.count("correct answer") == 4
    completion = db.session.scalar(sa.select(Completion))
    pdf = client.get(f"/certificates/{completion.code}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Elin Employee" in text and "Basics" in text and completion.code in text
    assert f"/verify/{completion.code}" in text and "Valid until" in text
    mine = client.get("/training").get_data(as_text=True)
    assert "1 of 1 required modules up to date" in mine and "Current" in mine


def test_a_fail_shows_which_questions_were_wrong_not_the_right_answers(client, org):
    module = make_module(questions=6, draw=4)
    client.login(org.employee.email)
    url = _start(client, module)
    client.get(url)
    attempt = db.session.get(Attempt, int(url.rsplit("/", 1)[1]))
    right = {question_id: n == 0 for n, (question_id, _) in enumerate(attempt.drawn)}  # only the first
    data = {}
    for question_id, choice_ids in attempt.drawn:
        correct = [db.session.get(Choice, cid).correct for cid in choice_ids]
        data[f"q-{question_id}"] = str(correct.index(right[question_id]))
    client.post_form(url, data)
    page = client.get(f"{url}/result").get_data(as_text=True)
    positions = {q.id: q.position + 1 for q in module.current_version.questions}
    assert "You answered 1 of 4 questions right." in page
    for number, (question_id, _choices) in enumerate(attempt.drawn, start=1):
        listed = f'<span class="qnum">{number}.</span> Question {positions[question_id]}?' in page
        assert listed == (not right[question_id])
    assert "correct answer" not in page and "Because" not in page and "Right " not in page
    assert f'href="/training/{module.id}?continue=1">Read the module again</a>' in page


def test_a_fail_with_no_try_left_today_says_when_to_come_back_and_keeps_the_answers(client, org, now):
    module = make_module(max_tries_per_day=1, questions=4, draw=4)
    client.login(org.employee.email)
    url = _start(client, module)
    _answer(client, url, right=False)
    page = client.get(f"{url}/result").get_data(as_text=True)
    # Tomorrow's try draws the same four questions: today's result must not have taught the answers.
    assert "correct answer" not in page and "Because " not in page
    assert "You have used today's tries. You can try again from Mar 3, 2026" in page
    assert "Try again</button>" not in page


def test_a_fail_shows_everything_once_the_module_is_withdrawn(client, org, now):
    module = make_module(max_tries_per_day=1)
    client.login(org.employee.email)
    url = _start(client, module)
    _answer(client, url, right=False)
    module.published = False
    db.session.commit()
    page = client.get(f"{url}/result").get_data(as_text=True)
    assert page.count("correct answer") == 4 and page.count("Because ") == 4


def test_starting_past_the_limit_says_when_the_next_try_is_allowed(client, org, now):
    module = make_module(max_tries_per_day=1)
    client.login(org.employee.email)
    _answer(client, _start(client, module), right=False)
    response = client.post_form(f"/training/{module.id}/attempts", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "You have used today's tries. You can try again from Mar 3, 2026" in page.replace("&#39;", "'")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attempt)) == 1


def test_the_answers_stay_hidden_while_another_try_is_open(client, org):
    module = make_module(max_tries_per_day=2)
    client.login(org.employee.email)
    first = _start(client, module)
    _answer(client, first, right=False)
    second = _start(client, module)  # the day's last try, open in another tab
    page = client.get(f"{first}/result").get_data(as_text=True)
    assert "correct answer" not in page and "Because" not in page
    assert _start_from_result(client, page) == second  # "Try again" continues the open try


def test_a_try_on_a_withdrawn_module_cannot_be_submitted(client, org):
    module = make_module()
    client.login(org.employee.email)
    url = _start(client, module)
    module.published = False
    db.session.commit()
    response = _answer(client, url, right=True)
    assert response.status_code == 400
    assert "This module has been withdrawn, so this try can no longer be submitted." in response.get_data(
        as_text=True
    )
    assert db.session.scalar(sa.select(Attempt.submitted_at)) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Completion)) == 0


def test_the_result_page_runs_the_same_statements_for_more_questions(client, org, count_statements, now):
    from ambassador.learning import quiz

    client.login(org.employee.email)

    def count(size: int, right: bool) -> int:
        module = make_module(questions=size, draw=size, max_tries_per_day=5)
        attempt = quiz.start_attempt(org.employee, module, now)
        answers = {
            q.id: {next(c.id for c in choices if c.correct == right)}
            for q, choices in quiz.attempt_questions(attempt)
        }
        quiz.submit(attempt, org.employee, answers, now)
        db.session.commit()
        with count_statements() as counter:
            assert client.get(f"/training/attempts/{attempt.id}/result").status_code == 200
        return counter.count

    assert count(4, right=True) == count(16, right=True)
    assert count(4, right=False) == count(16, right=False)


def test_a_double_submission_counts_once(client, org):
    module = make_module()
    client.login(org.employee.email)
    url = _start(client, module)
    _answer(client, url, right=True)
    again = client.post_form(url, {})  # back button, second tab
    assert again.status_code == 302 and again.location.endswith("/result")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Completion)) == 1


def test_a_missing_answer_keeps_the_others(client, org):
    module = make_module()
    client.login(org.employee.email)
    url = _start(client, module)
    fields = _quiz_fields(client.get(url).get_data(as_text=True))
    first_q, first_choices = next(iter(fields.items()))
    page = client.post_form(url, {f"q-{first_q}": str(first_choices[1])})
    assert page.status_code == 400
    body = page.get_data(as_text=True)
    assert "Please answer every question." in body
    assert f'value="{first_choices[1]}" checked' in body
    assert db.session.scalar(sa.select(Attempt.submitted_at)) is None


def test_answers_survive_a_timed_out_session(client, org):
    module = make_module()
    client.login(org.employee.email)
    url = _start(client, module)
    fields = _quiz_fields(client.get(url).get_data(as_text=True))
    qid, choices = next(iter(fields.items()))
    later = clock.utcnow() + timedelta(hours=1)
    clock.set_clock(lambda: later)
    response = client.post_form(url, {f"q-{qid}": str(choices[2])})
    assert response.status_code == 302 and "/auth/login" in response.location
    client.login(org.employee.email)
    page = client.get(url).get_data(as_text=True)
    assert f'value="{choices[2]}" checked' in page


def test_acknowledgement_from_the_page(client, org):
    module = make_module(title="Reporting policy", questions=0)
    client.login(org.employee.email)
    page = client.get(f"/training/{module.id}").get_data(as_text=True)
    assert "I have read and understood this" in page
    client.post_form(f"/training/{module.id}/acknowledge")
    assert db.session.scalar(sa.select(Completion.method)) == "acknowledgement"


def test_verification_shows_only_name_module_and_validity(client, org, now):
    module = make_module(title="Basics")
    from ambassador.completions.services import record_completion

    completion = record_completion(org.employee, module, method="quiz", completed_at=now)
    db.session.commit()
    page = client.get(f"/verify/{completion.code}").get_data(as_text=True)
    assert "Elin Employee" in page and "Basics" in page and "This certificate is valid." in page
    assert org.employee.email not in page and "Stockholm" not in page
    assert client.get("/verify/NOSUCHCODE").status_code == 404


def test_history_shows_expired_completions_and_tries(client, org, now):
    module = make_module(title="Basics")
    from ambassador.completions.services import record_completion

    record_completion(org.employee, module, method="import", completed_at=now - timedelta(days=800))
    db.session.commit()
    client.login(org.employee.email)
    page = client.get("/training/history").get_data(as_text=True)
    assert "Basics" in page and str((now - timedelta(days=800)).year) in page


def test_new_joiner_due_date_is_shown(client, org, now):
    make_module(title="Basics", grace_days=30, published_at=now - timedelta(days=400))
    org.employee.start_date = date(2026, 2, 20)
    db.session.commit()
    client.login(org.employee.email)
    page = client.get("/training").get_data(as_text=True)
    assert "To do" in page and "Due by Mar 22, 2026" in page


def test_my_training_runs_the_same_statements_for_more_modules(client, org, count_statements):
    from ambassador.completions.services import record_completion

    make_module(title="One")
    client.login(org.employee.email)

    def count() -> int:
        with count_statements() as counter:
            assert client.get("/training").status_code == 200
        return counter.count

    few = count()
    for n in range(4):
        module = make_module(title=f"More {n}", audience="offices" if n % 2 else "countries")
        module.audience_offices = [org.stockholm] if n % 2 else []
        module.audience_countries = [] if n % 2 else ["SE"]
        record_completion(org.employee, module, method="import", completed_at=clock.utcnow())
    db.session.commit()
    assert count() == few


def test_answers_outside_the_shown_choices_are_refused(client, org):
    module = make_module()
    client.login(org.employee.email)
    url = _start(client, module)
    fields = _quiz_fields(client.get(url).get_data(as_text=True))
    data = {f"q-{qid}": "0" for qid in fields}
    first = next(iter(fields))
    for value in ("3", "²", "-1", "99999999999"):
        response = client.post_form(url, {**data, f"q-{first}": value})
        assert response.status_code == 400, value
    assert db.session.scalar(sa.select(Attempt.submitted_at)) is None


def test_acknowledging_twice_records_once(client, org):
    module = make_module(questions=0)
    client.login(org.employee.email)
    client.post_form(f"/training/{module.id}/acknowledge")
    client.post_form(f"/training/{module.id}/acknowledge")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Completion)) == 1


def test_simultaneous_acknowledgements_from_two_tabs(make_client, org):
    """Two tabs confirming at the same moment: no error, one completion."""
    import threading

    module = make_module(questions=0)
    db.session.commit()
    url = f"/training/{module.id}/acknowledge"
    tabs = [make_client() for _ in range(2)]
    for tab in tabs:
        tab.login(org.employee.email)
    tokens = [tab.csrf_token() for tab in tabs]
    barrier, codes = threading.Barrier(2), []

    def confirm(tab, token):
        barrier.wait()
        with tab.application.app_context():
            codes.append(tab.raw_post(url, data={"csrf_token": token}).status_code)

    threads = [threading.Thread(target=confirm, args=pair) for pair in zip(tabs, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [302, 302]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Completion)) == 1


def test_questions_fall_back_to_the_modules_language(client, org):
    from ambassador.training.models import Question

    module = make_module(questions=1, draw=1)
    question = db.session.scalar(sa.select(Question))
    question.prompt = {"en": "Only in English?"}
    org.employee.language = "sv"
    db.session.commit()
    client.login(org.employee.email)
    url = _start(client, module)
    assert "Only in English?" in client.get(url).get_data(as_text=True)
    result = client.get(_answer(client, url, right=True).location).get_data(as_text=True)
    assert "Only in English?" in result and "Rätt 1" in result and "Därför att 1." in result


def test_parallel_starts_open_no_more_tries_than_allowed(make_client, org):
    """Ten tabs pressing "Take the quiz" at the same moment on a one-a-day module open one try."""
    import threading

    module = make_module(max_tries_per_day=1)
    db.session.commit()
    url = f"/training/{module.id}/attempts"
    tabs = [make_client() for _ in range(10)]
    for tab in tabs:
        tab.login(org.employee.email)
    tokens = [tab.csrf_token() for tab in tabs]
    barrier, locations = threading.Barrier(len(tabs)), []

    def start(tab, token):
        barrier.wait()
        with tab.application.app_context():
            locations.append(tab.raw_post(url, data={"csrf_token": token}).location)

    threads = [threading.Thread(target=start, args=pair) for pair in zip(tabs, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attempt)) == 1
    attempt_id = db.session.scalar(sa.select(Attempt.id))
    assert locations == [f"/training/attempts/{attempt_id}"] * len(tabs)  # every tab continues it


def test_my_training_shows_pending_reminders_by_the_offices_day(client, org, now):
    from datetime import timedelta

    from ambassador.completions.services import record_completion

    make_module(title="Due soon", published_at=now - timedelta(days=25), grace_days=30)
    make_module(title="Late", published_at=now - timedelta(days=60), grace_days=30)
    renew = make_module(title="Renew", validity_months=12, refresher_days=30)
    record_completion(org.employee, renew, method="import", completed_at=now - timedelta(days=350))
    make_module(title="Far off", published_at=now, grace_days=60)
    client.login(org.employee.email)
    page = " ".join(client.get("/training").get_data(as_text=True).split())
    notices = page.split('class="notices"')[1].split("</section>")[0]
    assert "Due soon</a>: due in 5 days" in notices
    assert "Late</a>: overdue since" in notices
    assert "Renew</a>: renew by" in notices
    assert "Far off" not in notices
