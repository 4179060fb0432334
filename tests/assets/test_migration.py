"""Migration 0006 carries each country's contacts over as its English text, and back."""

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from ambassador import create_app
from ambassador.db import db


def _rows(sql: str) -> list[tuple]:
    return [tuple(row) for row in db.session.execute(sa.text(sql))]


def test_existing_contacts_become_english_and_going_back_keeps_one_per_country(tmp_path):
    url = "sqlite:///" + str(tmp_path / "migrated.sqlite")
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "SERVER_NAME": None}
    )
    with app.app_context():
        upgrade(revision="0005")
        db.session.execute(sa.text("INSERT INTO country_contact VALUES ('SE', 'Talk to HR.', 'Hotline')"))
        db.session.commit()
        upgrade(revision="0006")
        assert _rows("SELECT country, language, support FROM country_contact") == [
            ("SE", "en", "Talk to HR.")
        ]
        db.session.execute(
            sa.text(
                "INSERT INTO country_contact (country, language, support, reporting) "
                "VALUES ('SE', 'sv', 'Prata med HR.', ''), ('GH', 'sv', 'Ghana sv', ''), "
                "('GH', 'fi', 'Ghana fi', '')"
            )
        )
        db.session.commit()
        downgrade(revision="0005")
        assert sorted(_rows("SELECT country, support FROM country_contact")) == [
            ("GH", "Ghana fi"),
            ("SE", "Talk to HR."),
        ]
        db.session.remove()
        db.engine.dispose()
