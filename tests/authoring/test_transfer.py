"""Module files from elsewhere: a hostile or careless file gets a clear message and changes nothing."""

import base64
import io
import json

import pytest
import sqlalchemy as sa

from ambassador.assets.models import ModuleImage
from ambassador.db import db
from ambassador.training.models import Module
from tests.assets import images
from tests.factories import make_module


def _exported(client, org) -> dict:
    """A module's file, with the module itself gone again."""
    module = make_module(title="Portable", questions=3, draw=2)
    client.login(org.coordinator.email)
    data = json.loads(client.get(f"/authoring/{module.id}/export").data)
    db.session.delete(module)
    db.session.commit()
    return data


def _import(client, raw: bytes) -> str:
    """Import a file and return the page the coordinator lands on."""
    response = client.post_form(
        "/authoring/import",
        {"file": (io.BytesIO(raw), "m.json")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _nothing_imported() -> bool:
    modules = db.session.scalar(sa.select(sa.func.count()).select_from(Module))
    return modules == 0 and db.session.scalar(sa.select(sa.func.count()).select_from(ModuleImage)) == 0


@pytest.mark.parametrize("depth", [1000, 100_000])
def test_a_deeply_nested_file_is_refused_with_a_message(client, org, depth):
    client.login(org.coordinator.email)
    assert "The file is nested too deeply to be a module file." in _import(client, b"[" * depth)
    assert _nothing_imported()


@pytest.mark.parametrize("value", ["false", "true", 0, None, []])
def test_correct_must_be_a_boolean_and_the_message_names_the_question(client, org, value):
    data = _exported(client, org)
    data["questions"][1]["choices"][0]["correct"] = value
    page = _import(client, json.dumps(data).encode())
    assert "Question 2: &#34;correct&#34; must be true or false, without quotes." in page
    assert _nothing_imported()


@pytest.mark.parametrize("countries", [["<s"], ["EU"], ["XA"], "SE", [["SE"]]])
def test_only_countries_are_accepted_as_an_audience(client, org, countries):
    data = _exported(client, org)
    data["settings"].update(audience="countries", countries=countries)
    page = _import(client, json.dumps(data).encode())
    assert "Choose countries from the list." in page
    assert _nothing_imported()


def test_a_country_audience_imports(client, org):
    data = _exported(client, org)
    data["settings"].update(audience="countries", countries=["SE", "XK"])
    _import(client, json.dumps(data).encode())
    assert db.session.scalar(sa.select(Module)).audience_countries == ["SE", "XK"]


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (images.crafted_dds(), "The file is not an image."),
        (images.png_claiming(9000, 9000), "too large in pixels"),
    ],
    ids=["crafted DDS", "81 megapixels"],
)
def test_a_bad_image_inside_a_file_is_refused_with_a_message(client, org, image, message):
    data = _exported(client, org)
    data["texts"]["en"]["content"] = "![x](/authoring/images/7)"
    data["images"] = {"7": {"content_type": "image/png", "data": base64.b64encode(image).decode()}}
    page = _import(client, json.dumps(data).encode())
    assert "The module in the file breaks a rule:" in page and message in page
    assert _nothing_imported()


def test_what_a_file_says_is_shown_as_text_not_html(client, org):
    data = _exported(client, org)
    data["texts"]["<b>xx</b>"] = data["texts"]["en"]
    page = _import(client, json.dumps(data).encode())
    assert "does not offer: &lt;b&gt;xx&lt;/b&gt;." in page and "<b>xx</b>" not in page
