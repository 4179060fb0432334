"""Still wanted? A message may have lost its reason by the time its turn comes.

A feature above mail registers a check for its kind of message in its `setup` (mail never imports
it): `register(app, "reminder", check)`. Just before sending, delivery hands each check the claimed
messages of its kind, in one call per batch so that the check can answer with one query, and
drops the messages the check names, keeping its reason. A check reads, never writes.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import datetime

from flask import Flask, current_app

from ambassador.mail.models import Outgoing

log = logging.getLogger(__name__)
EXTENSION = "ambassador.mail.wanted"

# check(messages of its kind, now) -> {message id: why it is no longer wanted}
Check = Callable[[list[Outgoing], datetime], Mapping[int, str]]


def register(app: Flask, kind: str, check: Check) -> None:
    """Ask `check` before sending each message of `kind`."""
    app.extensions.setdefault(EXTENSION, {})[kind] = check


def _checks() -> dict[str, Check]:
    """The checks registered on the current app, by kind."""
    return current_app.extensions.get(EXTENSION, {})


def unwanted(batch: list[Outgoing], now: datetime) -> tuple[dict[int, str], dict[int, str]]:
    """Which messages of `batch` to drop, and which to hold back, each with the reason.

    A check that fails holds its messages back for a retry: better late than sent unchecked.
    """
    by_kind: dict[str, list[Outgoing]] = defaultdict(list)
    for message in batch:
        by_kind[message.kind].append(message)
    drop: dict[int, str] = {}
    hold: dict[int, str] = {}
    for kind, check in _checks().items():
        messages = by_kind.get(kind)
        if not messages:
            continue
        try:
            answer = check(messages, now)
        except Exception as error:
            log.exception("the still-wanted check for %s failed", kind)
            hold.update((m.id, f"The still-wanted check failed: {error}") for m in messages)
            continue
        drop.update((m.id, answer[m.id]) for m in messages if m.id in answer)
    return drop, hold
