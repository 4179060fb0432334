"""The audit trail: every change, by whom, when, old → new (its page is the administrators', in `org`)."""

from ambassador.audit import (
    models,  # noqa: F401  (the table)
    personal,
)
from ambassador.audit.actions import action_label, change_lines
from ambassador.features import Feature

FEATURE = Feature(
    name="audit",
    filters={"audit_action": action_label, "audit_changes": change_lines},
    export=personal.export,
    erase=personal.erase,
)
