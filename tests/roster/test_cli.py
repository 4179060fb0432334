"""`flask roster import` prints the same report and exits non-zero on bad rows."""

import sqlalchemy as sa

from ambassador.db import db
from ambassador.org.models import Person


def _run(app, tmp_path, content: bytes, *args):
    path = tmp_path / "hr.csv"
    path.write_bytes(content)
    return app.test_cli_runner().invoke(args=["roster", "import", str(path), *args])


def _emails() -> set[str]:
    db.session.commit()
    return set(db.session.scalars(sa.select(Person.email).where(Person.active.is_(True))))


def test_import_applies_with_progress(app, org, tmp_path):
    result = _run(app, tmp_path, b"email,name,office\nnew@example.com,New,Oslo\n")
    assert result.exit_code == 0, result.output
    assert "To create: 1" in result.output and "Import applied." in result.output
    assert "Checking rows" in result.output and "Writing" in result.output
    assert "new@example.com" in _emails()


def test_dry_run_writes_nothing(app, org, tmp_path):
    result = _run(app, tmp_path, b"email,name,office\nnew@example.com,New,Oslo\n", "--dry-run")
    assert result.exit_code == 0 and "Dry run" in result.output
    assert "new@example.com" not in _emails()


def test_bad_rows_stop_the_import_with_exit_1(app, org, tmp_path):
    result = _run(app, tmp_path, b"email,name,office\nnew@example.com,New,Oslo\nbroken,B,Oslo\n")
    assert result.exit_code == 1
    assert "Line 3: “broken” is not a valid email address." in result.output
    assert "new@example.com" not in _emails()


def test_full_import_deactivates_the_missing(app, org, tmp_path):
    content = (
        b"email,name,office,role\nadmin@example.com,Alva,Stockholm,admin\nemployee@example.com,E,Stockholm,\n"
    )
    result = _run(app, tmp_path, content, "--full")
    assert result.exit_code == 0, result.output
    assert "To deactivate: 3" in result.output
    assert _emails() == {"admin@example.com", "employee@example.com"}


def test_unreadable_file_is_a_clear_error(app, org, tmp_path):
    result = _run(app, tmp_path, b"name,office\n")
    assert result.exit_code == 1 and "Missing column(s): email" in result.output
