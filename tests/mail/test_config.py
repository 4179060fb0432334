"""SMTP settings: a malformed one stops the start with a message that says what to write."""

import pytest

from ambassador import create_app
from ambassador.config import ConfigError

BASE = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"SMTP_HOST": "smtp.example.com", "SMTP_PORT": "smtp"}, "SMTP_PORT must be a port number"),
        ({"SMTP_HOST": "smtp.example.com", "SMTP_PORT": "70000"}, "SMTP_PORT must be a port number"),
        (
            {"SMTP_HOST": "smtp.example.com", "SMTP_SECURITY": "ssl"},
            "SMTP_SECURITY must be one of none, starttls",
        ),
        ({"SMTP_HOST": "smtps://smtp.example.com"}, "SMTP_HOST must be a host name"),
        ({"SMTP_HOST": "smtp.example.com:587"}, "put the port in SMTP_PORT"),
        (
            {"SMTP_USERNAME": "me", "SMTP_PASSWORD": "pw"},
            "SMTP_USERNAME, SMTP_PASSWORD is set but SMTP_HOST is not",
        ),
        (
            {"SMTP_HOST": "smtp.example.com", "SMTP_USERNAME": "me"},
            "Set SMTP_USERNAME and SMTP_PASSWORD together",
        ),
        (
            {"SMTP_HOST": "smtp.example.com", "SMTP_USERNAME": "me", "SMTP_PASSWORD": "pw"},
            "the password would cross the network unencrypted",
        ),
        ({"MAIL_FROM": "Ambassador"}, "MAIL_FROM must be an address"),
        ({"MAIL_FROM": "a@example.com\r\nBcc: b@example.com"}, "MAIL_FROM must be an address"),
    ],
)
def test_a_malformed_smtp_setting_stops_the_start(settings, message):
    with pytest.raises(ConfigError, match=message):
        create_app({**BASE, **settings})


def test_settings_from_the_environment_are_checked_too(monkeypatch):
    monkeypatch.setenv("SMTP_HOST", "smtp.example.com")
    monkeypatch.setenv("SMTP_PORT", "twenty-five")
    with pytest.raises(
        ConfigError, match="SMTP_PORT must be a port number from 1 to 65535 .* not 'twenty-five'"
    ):
        create_app(BASE)


def test_good_settings_are_normalised(monkeypatch):
    monkeypatch.setenv("SMTP_HOST", " smtp.example.com ")
    monkeypatch.setenv("SMTP_PORT", "587")
    monkeypatch.setenv("SMTP_SECURITY", "STARTTLS")
    monkeypatch.setenv("SMTP_USERNAME", "ambassador")
    monkeypatch.setenv("SMTP_PASSWORD", "secret")
    config = create_app(BASE).config
    assert (config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_SECURITY"]) == (
        "smtp.example.com",
        587,
        "starttls",
    )


def test_without_smtp_host_nothing_is_emailed_and_the_defaults_hold():
    config = create_app(BASE).config
    assert (config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_SECURITY"]) == ("", 25, "none")
