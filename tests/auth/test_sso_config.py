"""Company sign-in settings: a malformed one stops the start with a message that says what to write."""

import pytest

from ambassador import create_app
from ambassador.config import ConfigError

BASE = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"}
GOOD = {"OIDC_ISSUER": "https://login.example.com", "OIDC_CLIENT_ID": "ambassador", "OIDC_CLIENT_SECRET": "s"}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"OIDC_ISSUER": "https://login.example.com"}, "set OIDC_CLIENT_ID, OIDC_CLIENT_SECRET too"),
        ({"OIDC_CLIENT_ID": "ambassador", "OIDC_CLIENT_SECRET": "s"}, "set OIDC_ISSUER too"),
        ({**GOOD, "OIDC_ISSUER": "login.example.com"}, "OIDC_ISSUER must be the provider's https address"),
        ({**GOOD, "OIDC_ISSUER": "http://login.example.com"}, "OIDC_ISSUER must be the provider's https"),
        ({**GOOD, "OIDC_ISSUER": "https://login.example.com/?tenant=1"}, "OIDC_ISSUER must be the"),
        ({**GOOD, "PASSWORD_SIGNIN": "no"}, "PASSWORD_SIGNIN must be on or off, not 'no'"),
        ({**GOOD, "OIDC_TRUST_EMAIL": "yes"}, "OIDC_TRUST_EMAIL must be on or off, not 'yes'"),
        ({"PASSWORD_SIGNIN": "off"}, "PASSWORD_SIGNIN=off needs company sign-in"),
    ],
)
def test_a_malformed_company_sign_in_setting_stops_the_start(settings, message):
    with pytest.raises(ConfigError, match=message):
        create_app({**BASE, **settings})


def test_settings_from_the_environment_are_read_and_normalised(monkeypatch):
    monkeypatch.setenv("OIDC_ISSUER", " https://login.example.com/tenant ")
    monkeypatch.setenv("OIDC_CLIENT_ID", "ambassador")
    monkeypatch.setenv("OIDC_CLIENT_SECRET", "secret")
    monkeypatch.setenv("OIDC_NAME", "Example ID")
    monkeypatch.setenv("PASSWORD_SIGNIN", "OFF")
    monkeypatch.setenv("OIDC_TRUST_EMAIL", " On")
    config = create_app(BASE).config
    assert config["OIDC_ISSUER"] == "https://login.example.com/tenant"
    assert (config["OIDC_NAME"], config["PASSWORD_SIGNIN"]) == ("Example ID", "off")
    assert config["OIDC_TRUST_EMAIL"] == "on"


def test_plain_http_is_allowed_for_a_provider_on_this_host():
    config = create_app({**BASE, **GOOD, "OIDC_ISSUER": "http://127.0.0.1:9000"}).config
    assert config["OIDC_ISSUER"] == "http://127.0.0.1:9000"


def test_without_settings_passwords_are_for_everyone():
    config = create_app(BASE).config
    assert (config["OIDC_ISSUER"], config["PASSWORD_SIGNIN"]) == ("", "on")
