"""Periodic sign-in housekeeping."""

from datetime import timedelta

from flask import current_app

from ambassador.auth import kept, services
from ambassador.clock import utcnow
from ambassador.db import db


def purge_expired() -> int:
    """Delete expired sessions, spent reset links, old failed sign-ins and unclaimed kept forms."""
    window, now = timedelta(minutes=current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"]), utcnow()
    deleted = services.purge_expired(now, window) + kept.purge(now)
    db.session.commit()
    return deleted
