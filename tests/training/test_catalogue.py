"""The published catalogue is read from memory, and never served stale after a change."""

import sqlalchemy as sa

from ambassador.db import db
from ambassador.training import catalogue
from ambassador.training.models import CatalogueRevision, Module, ModuleText
from tests.factories import make_module


def _token() -> str:
    return db.session.scalar(sa.select(CatalogueRevision.token))


def test_any_change_to_a_module_changes_the_token_in_its_transaction(org):
    module = make_module(title="Basics")
    db.session.commit()
    before = _token()
    module.texts[0].title = "Basics, revised"
    db.session.flush()
    changed = _token()
    assert changed != before
    db.session.rollback()  # a change rolled back leaves the token as it was
    assert _token() == before


def test_a_warm_page_does_not_load_the_catalogue_again(client, org, count_statements):
    make_module(title="Basics")
    client.login(org.employee.email)
    client.get("/training")  # warms this worker's cache

    with count_statements() as warm:
        assert client.get("/training").status_code == 200
    catalogue._cache.clear()
    with count_statements() as cold:
        assert client.get("/training").status_code == 200
    assert cold.count - warm.count == 4  # modules, texts, offices and countries: only on a new token


def test_a_publish_by_another_worker_shows_at_once(client, org):
    make_module(title="Basics")
    draft = make_module(title="Brand new module", published=False)
    client.login(org.employee.email)
    assert "Brand new module" not in client.get("/training").get_data(as_text=True)

    # Another worker publishes: a direct write and a new token, outside this process's session.
    with db.engine.begin() as connection:
        connection.execute(sa.update(Module).where(Module.id == draft.id).values(published=True))
        catalogue.touch(connection)
    assert "Brand new module" in client.get("/training").get_data(as_text=True)


def test_an_edited_text_is_read_at_once(client, org):
    module = make_module(title="Basics")
    client.login(org.employee.email)
    assert "Because." in client.get(f"/training/{module.id}?continue=1").get_data(as_text=True)
    text = db.session.scalar(
        sa.select(ModuleText).where(ModuleText.module_id == module.id, ModuleText.language == "en")
    )
    text.content = "## Why\n\nA clearer reason."
    db.session.commit()
    page = client.get(f"/training/{module.id}?continue=1").get_data(as_text=True)
    assert "A clearer reason." in page and "Because." not in page


def test_reading_the_catalogue_in_the_transaction_that_changed_it_caches_nothing_stale(client, org):
    """A job that publishes and then reads the catalogue before committing (found by the browser walk)."""
    module = make_module(title="Published and read at once")
    assert module.id in [m.id for m in catalogue.published_modules()]  # its own change, from its session
    db.session.commit()
    client.login(org.employee.email)
    page = client.get(f"/training/{module.id}")  # another request: the committed catalogue, not a stale one
    assert page.status_code == 200 and "Published and read at once" in page.get_data(as_text=True)
