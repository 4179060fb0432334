"""A module's text page: uploading an image never loses what the coordinator typed."""

import io
import re

import sqlalchemy as sa

from ambassador.assets.models import ModuleImage
from ambassador.db import db
from tests.assets import images
from tests.factories import make_module

TYPED = {
    "title": "Reporting, revised",
    "summary": "Half-way through a rewrite.",
    "content": "## Where to report\n\nA paragraph typed but not yet saved.",
}


def _post(client, module, button: str, image: bytes | None = None, **fields):
    """Post the text page with the typed text, the button pressed and perhaps a file."""
    data = {**TYPED, **fields, button: "pressed"}
    if image is not None:
        data["image"] = (io.BytesIO(image), "picture.png")
    return client.post_form(f"/authoring/{module.id}/texts/en", data, content_type="multipart/form-data")


def _images() -> list[ModuleImage]:
    return list(db.session.scalars(sa.select(ModuleImage)))


def test_uploading_an_image_keeps_the_typed_text_and_adds_the_image_line(client, org):
    module = make_module(title="Reporting")
    client.login(org.coordinator.email)
    response = _post(client, module, "upload", images.png(), image_description="The [reporting] flow")
    page = response.get_data(as_text=True)
    (image,) = _images()
    assert response.status_code == 200
    assert 'value="Reporting, revised"' in page and 'value="Half-way through a rewrite."' in page
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S).group(1)
    assert textarea.strip() == (
        f"## Where to report\n\nA paragraph typed but not yet saved.\n\n"
        f"![The reporting flow](/authoring/images/{image.id})"
    )
    assert "The text is not saved yet." in page
    db.session.refresh(module)
    assert module.text("en").title == "Reporting"  # nothing saved until Save is pressed


def test_saving_with_an_image_chosen_saves_both(client, org):
    module = make_module()
    client.login(org.coordinator.email)
    response = _post(client, module, "submit", images.png())
    (image,) = _images()
    assert response.location == f"/authoring/{module.id}"
    db.session.refresh(module)
    assert module.text("en").title == "Reporting, revised"
    assert module.text("en").content.endswith(f"![](/authoring/images/{image.id})\n")


def test_a_refused_image_keeps_the_typed_text(client, org):
    module = make_module(title="Reporting")
    client.login(org.coordinator.email)
    page = _post(client, module, "upload", images.crafted_dds()).get_data(as_text=True)
    assert "The file is not an image." in page
    assert "A paragraph typed but not yet saved." in page and 'value="Reporting, revised"' in page
    assert _images() == []


def test_upload_without_a_file_says_so_and_keeps_the_text(client, org):
    module = make_module()
    client.login(org.coordinator.email)
    page = _post(client, module, "upload").get_data(as_text=True)
    assert "Choose an image to upload." in page and "A paragraph typed but not yet saved." in page


def test_saving_without_a_title_keeps_everything_typed(client, org):
    module = make_module(title="Reporting")
    client.login(org.coordinator.email)
    page = _post(client, module, "submit", title=" ").get_data(as_text=True)
    assert "A title is required." in page and "A paragraph typed but not yet saved." in page
    db.session.refresh(module)
    assert module.text("en").title == "Reporting"


def test_the_image_is_part_of_the_text_form_and_enter_saves(client, org):
    module = make_module()
    client.login(org.coordinator.email)
    page = client.get(f"/authoring/{module.id}/texts/en").get_data(as_text=True)
    (text_form,) = [form for form in re.findall(r"<form.*?</form>", page, re.S) if 'name="content"' in form]
    assert 'enctype="multipart/form-data"' in text_form and 'name="image"' in text_form
    assert text_form.index('name="submit"') < text_form.index('name="upload"')
