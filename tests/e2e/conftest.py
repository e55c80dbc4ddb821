"""Browser tests: Playwright driving Debian Chromium against a live server with demo data.

Chromium comes from the system (`apt-get install chromium`, which `.ci/run` does); set
SIMUTASI_CHROMIUM to use another binary. Every page a test opens is watched: a JavaScript
console error or an uncaught exception fails the test. Screenshots go to
test-artifacts/screenshots/ (git-ignored; the README's pictures are copied from there).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation


def t(text: str) -> str:
    """What the Indonesian UI shows for an English source string (ours or Django's)."""
    with translation.override("id"):
        return translation.gettext(text)


SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "simutasi-demo"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

# Playwright's sync API runs its own event loop; Django refuses ORM calls from a thread that
# has one unless told the caller knows what it does (the test thread does no async work).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path() -> str:
    path = os.environ.get("SIMUTASI_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail(
            "The browser tests need Chromium: sudo apt-get install chromium "
            "(or set SIMUTASI_CHROMIUM to a Chromium/Chrome binary).",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """One Chromium for the session.

    Playwright's sync API keeps an asyncio loop running in this thread; from then on asgiref
    gives Django a different connection object per alias than the one the test database was
    serialized on (for ``serialized_rollback``, which restores the data migrations' rows —
    roles, checklists — after each transactional test's flush). Carry the serialized data
    over to the objects Django will use from now on."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    with sync_playwright() as p:
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        browser = p.chromium.launch(executable_path=chromium_path())
        yield browser
        browser.close()


class Watched:
    """A page plus what went wrong on it."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} @ {message.location.get('url', '')}")

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def login(self, username: str) -> None:
        page = self.page
        self.goto("/akun/masuk/")
        page.get_by_label(t("Username")).fill(username)
        page.get_by_label(t("Password")).fill(PASSWORD)
        page.get_by_role("button", name=t("Sign in"), exact=True).click()
        page.wait_for_url(self.base_url + "/")

    def logout(self) -> None:
        self.page.get_by_role("button", name=t("Sign out")).click()
        self.page.wait_for_load_state()


@pytest.fixture(scope="session")
def _media_url_for_live_server():
    """Django's live server wraps the app in a media-file handler that cannot cope with
    MEDIA_URL = None (our setting: files go out only through views that check access). Give it
    a prefix nothing links to; the app itself never builds media URLs."""
    from django.test import override_settings

    with override_settings(MEDIA_URL="/__tidak-dilayani__/"):
        yield


@pytest.fixture
def open_page(_media_url_for_live_server, browser, live_server) -> Iterator:
    """open_page(viewport=LAPTOP) → a fresh browser context (no cookies) in Indonesian."""
    opened: list[Watched] = []

    def _open(viewport: dict | None = None) -> Watched:
        context = browser.new_context(
            viewport=viewport or LAPTOP, locale="id-ID", accept_downloads=True
        )
        context.set_default_timeout(10_000)
        watched = Watched(context.new_page(), live_server.url)
        opened.append(watched)
        return watched

    yield _open
    errors = [e for w in opened for e in w.errors]
    for w in opened:
        w.page.context.close()
    assert not errors, "JavaScript errors:\n" + "\n".join(errors)


@pytest.fixture
def demo(db):
    """The demo data set (agencies, positions, employees, one account per role)."""
    # Without the demo proposals: the flows make their own (and it is quicker per test).
    call_command("seed_demo", size=300, seed=1, proposals=0, verbosity=0)
