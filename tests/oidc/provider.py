"""A real OpenID provider for the tests: panva's oidc-provider (npm) run by Node.js on 127.0.0.1.

`provider.mjs` beside this file is the launcher; `.ci/run` and `make test` install the package
(`npm ci`). Without Node.js or the package the tests that need it skip, except in CI, where they fail.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("provider.mjs")
PACKAGE = ROOT / "node_modules" / "oidc-provider" / "package.json"
PASSWORD = "provider-password"  # every test account's password at the provider
CLIENT_ID = "ambassador"
CLIENT_SECRET = "test-only-client-secret-0123456789"
NAME = "Example ID"
FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def require() -> None:
    """Skip the test when Node.js or oidc-provider is missing, or fail in CI, where both must be."""
    missing = None
    if not shutil.which("node"):
        missing = "Node.js is not installed (apt-get install -y nodejs npm)"
    elif not PACKAGE.exists():
        missing = "oidc-provider is not installed (npm ci)"
    if missing and os.environ.get("CI") == "true":
        pytest.fail(f"The company sign-in tests need a real OpenID provider: {missing}")
    if missing:
        pytest.skip(missing)


class OidcProvider:
    """oidc-provider in a Node.js process, with one client: this site at `base_url`."""

    def __init__(self, base_url: str, claims_in_id_token: bool = False):
        """The provider will accept callbacks to, and sign-outs back to, `base_url`.

        The email is in its UserInfo answer only, or with `claims_in_id_token` in the ID token too.
        """
        self.base_url = base_url.rstrip("/")
        self.claims_in_id_token = claims_in_id_token
        self.issuer = ""
        self._process: subprocess.Popen | None = None
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 -- Node's stderr, open until stop()

    def start(self) -> None:
        """Start Node.js and wait until the discovery document answers."""
        client = {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [f"{self.base_url}/auth/sso/callback"],
            "post_logout_redirect_uris": [f"{self.base_url}/auth/login"],
            "claims_in_id_token": self.claims_in_id_token,
        }
        self._process = subprocess.Popen(
            ["node", str(SCRIPT), json.dumps(client)], cwd=ROOT, stdout=subprocess.PIPE, stderr=self._log
        )
        line = self._process.stdout.readline()
        if not line:
            self._log.seek(0)
            raise RuntimeError(f"oidc-provider did not start: {self._log.read().decode()}")
        self.issuer = json.loads(line)["issuer"]
        deadline = time.monotonic() + 15
        while True:
            try:
                if requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("oidc-provider's discovery document did not answer within 15 s")
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop the Node.js process."""
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process.stdout.close()
            self._process = None
        self._log.close()

    @property
    def settings(self) -> dict:
        """The app's settings for company sign-in at this provider."""
        return {
            "OIDC_ISSUER": self.issuer,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_NAME": NAME,
        }

    def owns(self, url: str) -> bool:
        """Whether `url` is on the provider."""
        return url.startswith(self.issuer + "/")


@contextmanager
def running(base_url: str, **options) -> Iterator[OidcProvider]:
    """A provider for this site at `base_url`, running for the length of the block (see `require`)."""
    require()
    provider = OidcProvider(base_url, **options)
    provider.start()
    try:
        yield provider
    finally:
        provider.stop()


class SignInAsked(Exception):
    """The provider asked the person to sign in (it holds no session for them)."""


class Browser:
    """A person's browser at the provider, driven with plain HTTP (its cookies are the provider's session)."""

    def __init__(self, provider: OidcProvider):
        """A browser with no session at `provider` yet."""
        self.provider = provider
        self.http = requests.Session()

    def authorize(self, url: str, username: str | None = None) -> str:
        """Follow the provider's pages from `url`, signing in as `username` if asked; the URL it leaves to.

        Raises SignInAsked when the provider asks to sign in and no `username` is left to type.
        """
        response = self.http.get(url, allow_redirects=False, timeout=10)
        for _hop in range(10):
            if response.is_redirect:
                target = urljoin(response.url, response.headers["Location"])
                if not self.provider.owns(target):
                    return target
                response = self.http.get(target, allow_redirects=False, timeout=10)
                continue
            assert response.status_code == 200, response.text
            assert 'name="password"' in response.text, response.text
            if not username:
                raise SignInAsked()
            action = urljoin(response.url, unescape(FORM_ACTION.search(response.text).group(1)))
            form = {"login": username, "password": PASSWORD}
            response = self.http.post(action, data=form, allow_redirects=False, timeout=10)
            username = None  # once
        raise AssertionError("the provider sent the browser round in circles")

    def sign_out(self, url: str) -> str:
        """Confirm on the provider's sign-out page at `url`; the URL it sends the browser back to."""
        page = self.http.get(url, allow_redirects=False, timeout=10)
        assert page.status_code == 200, page.text
        action = urljoin(page.url, unescape(FORM_ACTION.search(page.text).group(1)))
        form = {name: unescape(value) for name, value in HIDDEN.findall(page.text)} | {"logout": "yes"}
        response = self.http.post(action, data=form, allow_redirects=False, timeout=10)
        assert response.is_redirect, response.text
        return urljoin(response.url, response.headers["Location"])


def path_of(url: str) -> str:
    """The path and query of `url`, for the Flask test client."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
