"""The audit trail: every change, by whom and when (its page is the administrators', in `org`)."""

from ambassador.audit import (
    models,  # noqa: F401  (the table)
    personal,
)
from ambassador.audit.actions import action_label
from ambassador.features import Feature

FEATURE = Feature(
    name="audit", filters={"audit_action": action_label}, export=personal.export, erase=personal.erase
)
