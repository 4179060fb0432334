"""What completions keep about a person: their completions and the imports they ran.

On erasure the completions stay (anonymous rows of the pseudonymised person, so past figures do
not change) but each gets a new certificate identifier: the old certificates no longer verify.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ambassador.completions.models import Completion, CompletionUpload, Method
from ambassador.completions.services import new_code
from ambassador.db import db
from ambassador.importing import uploads
from ambassador.importing.bulk import batches
from ambassador.personal import Column, Erasure, Section
from ambassador.training.queries import module_titles

METHOD_LABELS = {
    Method.QUIZ: _l("Quiz passed"),
    Method.ACKNOWLEDGEMENT: _l("Read and acknowledged"),
    Method.WORKSHOP: _l("Workshop"),
    Method.IMPORT: _l("Imported from an earlier system"),
}


def method_label(method: str) -> str:
    """How a completion was earned, in the reader's language."""
    label = METHOD_LABELS.get(method)
    return str(label) if label is not None else method


def export(person) -> list[Section]:
    """Every completion of the person with its certificate, and the past completions they imported."""
    titles = module_titles(person.locale)
    query = (
        sa.select(Completion)
        .where(Completion.person_id == person.id)
        .order_by(Completion.completed_at, Completion.id)
    )
    rows = [
        {
            "module": titles.get(c.module_id, ""),
            "module_id": c.module_id,
            "how": method_label(c.method),
            "method": c.method,
            "completed_at": c.completed_at,
            "expires_at": c.expires_at,
            "certificate": c.code,
        }
        for c in db.session.scalars(query)
    ]
    columns = (
        Column("module", _l("Module")),
        Column("how", _l("How")),
        Column("completed_at", _l("Completed")),
        Column("expires_at", _l("Valid until")),
        Column("certificate", _l("Certificate")),
    )
    return [
        Section("completions", _l("Completions"), columns, rows),
        uploads.uploaded_by(
            CompletionUpload, person.id, "completion_imports", _l("Past completions you imported")
        ),
    ]


def erase(erasures: list[Erasure], now: datetime) -> None:
    """New certificate identifiers for the people's completions; imports stop naming them."""
    ids = [erasure.person_id for erasure in erasures]
    for chunk in batches(ids):
        completion_ids = db.session.scalars(sa.select(Completion.id).where(Completion.person_id.in_(chunk)))
        rows = [{"id": completion_id, "code": new_code()} for completion_id in completion_ids]
        if rows:
            db.session.execute(sa.update(Completion), rows)
    uploads.erase_people(CompletionUpload, erasures)
