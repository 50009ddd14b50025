"""Shared test helpers: opening a rendered briefing in Debian's Chromium with the network cut."""

import contextlib
import tempfile
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs /usr/bin/chromium (make setup)"
)


@contextlib.contextmanager
def offline_page(html: Path, **context_options):
    """Yield ``(page, requests)``: ``html`` open in headless Chromium, every request but the
    page itself and ``data:`` URLs refused; ``requests`` lists every URL the page asked for.

    Listeners must be attached before the document loads, so the page is opened on
    ``about:blank`` and the caller calls ``page.goto(page.document_uri)``.
    """
    from playwright.sync_api import sync_playwright

    document = html.resolve().as_uri()
    requests: list[str] = []

    def route(route):
        url = route.request.url
        requests.append(url)
        if url == document or url.startswith("data:"):
            route.continue_()
        else:
            route.abort()

    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
            **context_options,
        )  # fmt: skip
        try:
            context.route("**/*", route)
            page = context.new_page()
            page.document_uri = document
            yield page, requests
        finally:
            context.close()


def outside_requests(requests: list[str], html: Path) -> list[str]:
    """The requests that were neither the page itself nor a ``data:`` URL."""
    document = html.resolve().as_uri()
    return [u for u in requests if u != document and not u.startswith("data:")]


def mention_at(text: str, surface: str, country: str, kind: str = "state", nth: int = 0) -> dict:
    """A mentions row for the ``nth`` occurrence of ``surface`` in ``text`` (claims tests)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return {
        "start": start,
        "end": start + len(surface),
        "country": country,
        "actor_type": kind,
        "actor_id": surface,
        "actor_name": surface,
    }


def mentions_at(text: str, *specs: tuple) -> list[dict]:
    """Mentions rows for ``(surface, country[, kind[, nth]])`` specs, in the order given."""
    return [mention_at(text, *spec) for spec in specs]
