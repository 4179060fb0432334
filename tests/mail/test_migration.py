"""Migration 0009 moves the written mail into the outbox, never to be sent, and back."""

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from ambassador import create_app
from ambassador.db import db


def _rows(sql: str) -> list[tuple]:
    return [tuple(row) for row in db.session.execute(sa.text(sql))]


def test_written_mail_moves_into_the_outbox_as_never_sent_and_back(tmp_path):
    url = "sqlite:///" + str(tmp_path / "migrated.sqlite")
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "SERVER_NAME": None}
    )
    with app.app_context():
        upgrade(revision="0008")
        db.session.execute(
            sa.text(
                "INSERT INTO office (id, name, country, timezone, language, created_at) "
                "VALUES (1, 'Stockholm', 'SE', 'Europe/Stockholm', 'sv', '2026-01-01 00:00:00');"
            )
        )
        db.session.execute(
            sa.text(
                "INSERT INTO person (id, email, name, office_id, role, active, created_at) "
                "VALUES (7, 'eva@example.com', 'Eva', 1, 'employee', 1, '2026-01-01 00:00:00')"
            )
        )
        db.session.execute(
            sa.text(
                "INSERT INTO mail_message (person_id, to_address, subject, body, created_at) VALUES "
                "(7, 'eva@example.com', 'Välj ett nytt lösenord', 'Hej Eva', '2026-02-01 10:00:00'), "
                "(NULL, 'gone@example.com', 'Reset', 'Hello', '2026-02-02 10:00:00')"
            )
        )
        db.session.commit()
        upgrade(revision="0009")
        assert _rows(
            "SELECT key, kind, state, person_id, to_address, to_name, language, subject, text_body, attempts "
            "FROM outbox_message ORDER BY id"
        ) == [
            (
                "legacy:1",
                "password_reset",
                "dropped",
                7,
                "eva@example.com",
                "Eva",
                "sv",
                "Välj ett nytt lösenord",
                "Hej Eva",
                0,
            ),
            (
                "legacy:2",
                "password_reset",
                "dropped",
                None,
                "gone@example.com",
                "",
                "en",
                "Reset",
                "Hello",
                0,
            ),
        ]
        assert {row[0] for row in _rows("SELECT last_error FROM outbox_message")} == {
            "Written before the outbox delivered email; never sent."
        }
        downgrade(revision="0008")
        assert _rows("SELECT person_id, to_address, subject, body FROM mail_message ORDER BY id") == [
            (7, "eva@example.com", "Välj ett nytt lösenord", "Hej Eva"),
            (None, "gone@example.com", "Reset", "Hello"),
        ]
        db.session.remove()
        db.engine.dispose()
