"""Signals other features listen to, so that `org` never imports a package above it."""

from blinker import Namespace

_signals = Namespace()

# Sent with `person_ids` (a list) in the transaction that deactivated them; sign-in ends their sessions.
people_deactivated = _signals.signal("people-deactivated")
