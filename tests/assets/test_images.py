"""Uploaded images: what is accepted, and who may see each one."""

import pytest
import sqlalchemy as sa

from ambassador.assets.models import ModuleImage
from ambassador.assets.services import AssetError, save_image
from ambassador.db import db
from tests.assets import images
from tests.factories import make_module


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(ModuleImage))


def test_a_real_image_is_kept_with_its_type(org, now):
    image = save_image(images.png(), actor=org.coordinator, now=now)
    assert image.content_type == "image/png" and _count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (images.crafted_dds(), "The file is not an image."),
        (b"<svg onload=alert(1)>", "The file is not an image."),
        (images.png_claiming(9000, 9000), "too large in pixels (9000 × 9000)"),
        (images.png_claiming(30000, 30000), "too large in pixels"),
        (images.png_claiming(4, 4)[:-10], "The image cannot be read."),
    ],
    ids=["crafted DDS", "SVG", "81 megapixels", "bomb", "truncated"],
)
def test_an_image_a_browser_cannot_show_safely_is_refused(org, now, data, message):
    with pytest.raises(AssetError) as refused:
        save_image(data, actor=org.coordinator, now=now)
    assert message in str(refused.value.message)
    assert _count() == 0


def test_an_image_up_to_25_megapixels_is_accepted(org, now):
    assert save_image(images.png_claiming(5000, 5000), actor=org.coordinator, now=now).id


def _image_in(module, now) -> int:
    """An image the module's Swedish text shows."""
    image = save_image(images.png(), actor=None, now=now)
    module.text("sv").content += f"\n\n![Bild](/authoring/images/{image.id})"
    db.session.commit()
    return image.id


@pytest.mark.parametrize("role", ["employee", "ambassador"])
def test_an_image_of_a_draft_is_for_staff_only(client, org, now, role):
    image_id = _image_in(make_module(published=False), now)
    client.login(org.by_role(role).email)
    assert client.get(f"/authoring/images/{image_id}").status_code == 404


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_staff_see_every_image(client, org, now, role):
    image_id = _image_in(make_module(published=False), now)
    orphan = save_image(images.png(), actor=None, now=now).id
    client.login(org.by_role(role).email)
    assert client.get(f"/authoring/images/{image_id}").mimetype == "image/png"
    assert client.get(f"/authoring/images/{orphan}").status_code == 200


def test_an_image_of_a_published_module_is_for_everyone_signed_in(client, org, now):
    module = make_module()
    image_id = _image_in(module, now)
    client.login(org.employee.email)
    response = client.get(f"/authoring/images/{image_id}")
    assert response.status_code == 200 and response.data == images.png()
    module.published = False
    db.session.commit()
    assert client.get(f"/authoring/images/{image_id}").status_code == 404


def test_an_image_no_module_shows_is_for_staff_only(client, org, now):
    image_id = save_image(images.png(), actor=None, now=now).id
    client.login(org.employee.email)
    assert client.get(f"/authoring/images/{image_id}").status_code == 404


def test_a_published_image_does_not_open_one_with_a_longer_number(client, org, now):
    first = save_image(images.png(), actor=None, now=now)
    for _ in range(10):
        last = save_image(images.png(), actor=None, now=now)
    assert str(last.id).startswith(str(first.id))
    module = make_module()
    module.text("en").content += f"\n\n![](/authoring/images/{last.id})"
    db.session.commit()
    client.login(org.employee.email)
    assert client.get(f"/authoring/images/{last.id}").status_code == 200
    assert client.get(f"/authoring/images/{first.id}").status_code == 404
