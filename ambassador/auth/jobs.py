"""Periodic sign-in housekeeping."""

from datetime import timedelta

from flask import current_app

from ambassador.auth import services
from ambassador.clock import utcnow
from ambassador.db import db


def purge_expired() -> int:
    """Delete expired sessions, spent reset links and old failed sign-ins."""
    window = timedelta(minutes=current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"])
    deleted = services.purge_expired(utcnow(), window)
    db.session.commit()
    return deleted
