"""`flask completions import` prints the same report, shows progress and exits 1 on a bad row."""

import pytest
import sqlalchemy as sa

from ambassador.completions.models import Completion
from ambassador.db import db
from tests.factories import make_module

HEADER = b"email,module,completed on\n"


@pytest.fixture(autouse=True)
def module(app_context):
    module = make_module(title="Child protection basics")
    db.session.commit()
    return module


def _run(app, tmp_path, content: bytes, *args):
    path = tmp_path / "history.csv"
    path.write_bytes(content)
    return app.test_cli_runner().invoke(args=["completions", "import", str(path), *args])


def _count() -> int:
    db.session.commit()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Completion))


def test_import_applies_with_progress(app, org, tmp_path, now):
    result = _run(app, tmp_path, HEADER + b"employee@example.com,Child protection basics,2025-06-10\n")
    assert result.exit_code == 0, result.output
    assert "To import: 1" in result.output and "Import applied." in result.output
    assert "Checking rows" in result.output and "Writing" in result.output
    assert _count() == 1


def test_dry_run_writes_nothing(app, org, tmp_path, now):
    result = _run(
        app, tmp_path, HEADER + b"employee@example.com,Child protection basics,2025-06-10\n", "--dry-run"
    )
    assert result.exit_code == 0 and "Dry run" in result.output
    assert _count() == 0


def test_a_bad_row_stops_the_import_with_exit_1(app, org, tmp_path, now):
    content = (
        HEADER + b"employee@example.com,Child protection basics,2025-06-10\nola@example.com,Nope,2025-06-10\n"
    )
    result = _run(app, tmp_path, content)
    assert result.exit_code == 1
    assert "Line 3: There is no module called “Nope”." in result.output
    assert "Stopped: 1 bad row(s). Nothing was written." in result.output
    assert _count() == 0


def test_rows_already_recorded_are_reported_and_skipped(app, org, tmp_path, now):
    content = HEADER + b"employee@example.com,Child protection basics,2025-06-10\n"
    _run(app, tmp_path, content)
    result = _run(app, tmp_path, content)
    assert result.exit_code == 0, result.output
    assert "Already recorded, skipped: 1" in result.output
    assert (
        "Line 2: employee@example.com, Child protection basics, 2025-06-10 is already recorded."
        in result.output
    )
    assert _count() == 1


def test_an_unreadable_file_is_a_clear_error(app, org, tmp_path):
    result = _run(app, tmp_path, "email,module,completed on\n".encode("utf-16"))
    assert result.exit_code == 1 and "Save it as “CSV UTF-8”" in result.output
