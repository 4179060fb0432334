"""Coordinators author modules through the pages."""

import io
import json

import pytest
import sqlalchemy as sa
from PIL import Image

from ambassador.assets.models import ModuleImage
from ambassador.db import db
from ambassador.learning.models import Attempt
from ambassador.training.models import Module, ModuleText
from tests.factories import MODULE_FORM as SETTINGS
from tests.factories import make_module


def _question(kind="single", correct=(0,), answers=("Yes", "No")):
    data = {"kind": kind, "prompt_en": "Is it so?", "explanation_en": "Because."}
    for i, text in enumerate(answers):
        data[f"choice_{i}_en"] = text
    for i in correct:
        data[f"correct_{i}"] = "y"
    return data


def test_a_coordinator_writes_and_publishes_a_module(client, org):
    client.login(org.coordinator.email)
    created = client.post_form("/authoring/new", SETTINGS)
    module = db.session.scalar(sa.select(Module))
    assert created.location == f"/authoring/{module.id}"
    client.post_form(
        f"/authoring/{module.id}/texts/en", {"title": "Basics", "summary": "S", "content": "## Hi"}
    )
    for _ in range(2):
        assert client.post_form(f"/authoring/{module.id}/questions/new", _question()).status_code == 302
    client.post_form(f"/authoring/{module.id}/publish")
    db.session.refresh(module)
    assert module.published and len(module.current_version.questions) == 2
    client.logout()
    client.login(org.employee.email)
    assert "Basics" in client.get("/training").get_data(as_text=True)


def test_settings_show_the_computed_dates_before_saving(client, org, now):
    client.login(org.coordinator.email)
    page = client.post_form("/authoring/new", {**SETTINGS, "show_dates": "y"}).get_data(as_text=True)
    assert "What these settings mean" in page and "Apr 1, 2026" in page  # due: 2 March + 30 days
    assert "Mar 2, 2027" in page  # a pass today is valid for twelve months
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Module)) == 0


def test_bad_settings_keep_what_was_typed(client, org):
    client.login(org.coordinator.email)
    page = client.post_form("/authoring/new", {**SETTINGS, "refresher_days": "400", "pass_mark": "77"})
    body = page.get_data(as_text=True)
    assert "The refresher window must be shorter than the validity period." in body
    assert 'value="77"' in body and 'value="400"' in body
    assert client.post_form("/authoring/new", {**SETTINGS, "pass_mark": "150"}).status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Module)) == 0


def test_unsafe_markdown_is_refused_and_nothing_saved(client, org):
    module = make_module(published=False)
    client.login(org.coordinator.email)
    page = client.post_form(
        f"/authoring/{module.id}/texts/en", {"title": "New", "content": "<script>alert(1)</script>"}
    ).get_data(as_text=True)
    assert "Scripts, embedded frames and event handlers are not allowed" in page
    db.session.expire_all()
    assert db.session.scalar(sa.select(ModuleText.title).where(ModuleText.language == "en")) != "New"


def test_a_question_without_a_correct_answer_is_refused(client, org):
    module = make_module(published=False)
    client.login(org.coordinator.email)
    page = client.post_form(f"/authoring/{module.id}/questions/new", _question(correct=()))
    assert "Mark at least one answer as correct." in page.get_data(as_text=True)
    db.session.refresh(module)
    assert len(module.current_version.questions) == 6


def test_editing_a_published_question_makes_a_version(client, org):
    module = make_module(questions=4, draw=2)
    client.login(org.coordinator.email)
    form = client.get(f"/authoring/{module.id}/questions/0").get_data(as_text=True)
    assert "Question 1?" in form
    client.post_form(f"/authoring/{module.id}/questions/0", _question())
    db.session.refresh(module)
    assert module.current_version.number == 2


def test_export_and_import_round_trip(client, org):
    module = make_module(title="Portable", questions=5, draw=3)
    client.login(org.coordinator.email)
    exported = client.get(f"/authoring/{module.id}/export")
    data = json.loads(exported.data)
    assert data["texts"]["sv"]["title"] == "Portable (sv)" and len(data["questions"]) == 5
    response = client.post_form(
        "/authoring/import",
        {"file": (io.BytesIO(exported.data), "m.json")},
        content_type="multipart/form-data",
    )
    copy = db.session.scalars(sa.select(Module).order_by(Module.id.desc())).first()
    assert response.location == f"/authoring/{copy.id}"
    assert copy.id != module.id and not copy.published and len(copy.current_version.questions) == 5
    assert copy.text("sv").title == "Portable (sv)"


def test_a_broken_module_file_is_refused(client, org):
    client.login(org.coordinator.email)
    for content in (
        b"not json",
        b'{"format": "other"}',
        json.dumps({"format": "ambassador-module"}).encode(),
    ):
        page = client.post_form(
            "/authoring/import",
            {"file": (io.BytesIO(content), "m.json")},
            content_type="multipart/form-data",
            follow_redirects=True,
        ).get_data(as_text=True)
        assert "module file" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Module)) == 0


def test_preview_counts_nothing(client, org):
    module = make_module(content_warning=True, published=False)
    client.login(org.coordinator.email)
    assert "Before you start" in client.get(f"/authoring/{module.id}/preview").get_data(as_text=True)
    page = client.get(f"/authoring/{module.id}/preview?continue=1").get_data(as_text=True)
    assert "Preview: this is what a learner sees" in page and "Because." in page
    quiz_page = client.get(f"/authoring/{module.id}/preview/quiz").get_data(as_text=True)
    assert quiz_page.count("<fieldset") == 4 and "Submit answers" not in quiz_page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attempt)) == 0


def test_who_passed_shows_the_version(client, org, now):
    from ambassador.completions.services import record_completion

    module = make_module()
    record_completion(org.employee, module, method="quiz", completed_at=now, version=module.current_version)
    db.session.commit()
    client.login(org.coordinator.email)
    page = client.get(f"/authoring/{module.id}/passes").get_data(as_text=True)
    assert "Elin Employee" in page and "Stockholm" in page


def _export_of_a_module(client, org) -> dict:
    module = make_module(title="Portable", questions=5, draw=3)
    client.login(org.coordinator.email)
    data = json.loads(client.get(f"/authoring/{module.id}/export").data)
    db.session.delete(module)
    db.session.commit()
    return data


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["settings"].update(grace_days=10_000_000),
        lambda d: d["settings"].update(validity_months=1_000_000),
        lambda d: d["settings"].update(content_warning="yes"),
        lambda d: d["settings"].update(estimated_minutes=-5),
        lambda d: d["settings"].update(draw_count=2**40),
        lambda d: d["settings"].update(default_language="english-language"),
        lambda d: d["settings"].update(audience="martians"),
        lambda d: d["texts"]["en"].update(title="T" * 201),
        lambda d: d["texts"]["en"].update(content="Hello\u0000"),
        lambda d: d["questions"][0].update(kind=["single"]),
        lambda d: d["questions"][0]["choices"][0].update(text="not a dict"),
        lambda d: d["questions"][0]["prompt"].update(en="?" * 3000),
    ],
)
def test_an_imported_module_obeys_the_same_rules(client, org, change):
    data = _export_of_a_module(client, org)
    change(data)
    page = client.post_form(
        "/authoring/import",
        {"file": (io.BytesIO(json.dumps(data).encode()), "m.json")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert page.status_code == 200
    assert "flash-error" in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Module)) == 0


def test_images_travel_with_an_exported_module(client, org, now):
    from ambassador.assets.services import save_image

    png = io.BytesIO()
    Image.new("RGB", (3, 3), "red").save(png, "PNG")
    image = save_image(png.getvalue(), actor=None, now=now)
    module = make_module(title="Pictured")
    module.text("en").content = f"## Look\n\n![chart](/authoring/images/{image.id})"
    db.session.commit()
    client.login(org.coordinator.email)
    exported = client.get(f"/authoring/{module.id}/export").data
    client.post_form(
        "/authoring/import", {"file": (io.BytesIO(exported), "m.json")}, content_type="multipart/form-data"
    )
    copy = db.session.scalars(sa.select(Module).order_by(Module.id.desc())).first()
    new_image = db.session.scalars(sa.select(ModuleImage).order_by(ModuleImage.id.desc())).first()
    assert new_image.id != image.id and new_image.data == png.getvalue()
    assert f"/authoring/images/{new_image.id}" in copy.text("en").content


def test_a_module_file_without_its_image_is_refused(client, org):
    data = _export_of_a_module(client, org)
    data["texts"]["en"]["content"] = "![x](/authoring/images/77)"
    page = client.post_form(
        "/authoring/import",
        {"file": (io.BytesIO(json.dumps(data).encode()), "m.json")},
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "The module shows an image that is not in the file." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Module)) == 0
