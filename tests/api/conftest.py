"""Fixtures of the API tests: a working token, and the dashboard's small organisation with figures."""

from datetime import timedelta

import pytest

from ambassador.api import tokens
from ambassador.db import db
from tests.coverage_figures import NOW, two_days_of_figures


@pytest.fixture
def token(org) -> str:
    """A working token named "reporting", made by the coordinator."""
    _row, raw = tokens.create("reporting", actor=org.coordinator, now=NOW - timedelta(days=2))
    db.session.commit()
    return raw


@pytest.fixture
def call(client, token):
    """GET an API address with the token; returns the response."""

    def get(url: str, bearer: str | None = token):
        headers = {"Authorization": f"Bearer {bearer}"} if bearer is not None else {}
        return client.get(url, headers=headers)

    return get


@pytest.fixture
def figures(org):
    """The small organisation's figures on two days (tests/coverage_figures.py)."""
    return two_days_of_figures(org)
