"""Helpers for the tests of every import: upload a file, read its preview, click Apply from many tabs."""

import io
import re
import threading

DIGEST_RE = re.compile(r'name="digest" type="hidden" value="([0-9a-f]{64})"')


def upload(client, form_url: str, content: bytes, name: str = "file.csv", **fields):
    """POST a file (and other fields) to an import's upload form."""
    data = {"file": (io.BytesIO(content), name), **fields}
    return client.post_form(form_url, data, content_type="multipart/form-data")


def preview(client, form_url: str, content: bytes, **kwargs) -> tuple[str, str]:
    """Upload a file and read its preview: the page's address and the digest its Apply button sends."""
    url = upload(client, form_url, content, **kwargs).location
    page = client.get(url).get_data(as_text=True)
    return url, DIGEST_RE.search(page).group(1)


def apply(client, url: str, digest: str) -> str:
    """Click Apply on a preview; the page it leads to."""
    return client.post_form(f"{url}/apply", {"digest": digest}, follow_redirects=True).get_data(as_text=True)


def apply_at_once(tabs: list, url: str, digest: str) -> list[str]:
    """Every tab clicks Apply at the same moment; the page each then shows."""
    tokens = [tab.csrf_token() for tab in tabs]
    barrier, codes = threading.Barrier(len(tabs)), []

    def click(tab, token):
        barrier.wait()
        with tab.application.app_context():
            codes.append(
                tab.raw_post(f"{url}/apply", data={"csrf_token": token, "digest": digest}).status_code
            )

    threads = [threading.Thread(target=click, args=pair) for pair in zip(tabs, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [302] * len(tabs)
    return [tab.get(url).get_data(as_text=True) for tab in tabs]
