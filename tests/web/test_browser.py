"""The triage pages in a real browser: Chromium (Debian's package) driven by Playwright against
`sanctionwatch serve` running on 127.0.0.1, with alerts recorded in its store.

Without Chromium or Playwright the test is skipped with the reason; `.ci/run` installs both and
sets `SANCTIONWATCH_REQUIRE_BROWSER=1`, which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.conftest import OFAC, UK, UN, api_settings_for, load
from tests.serve import running_server
from tests.web.conftest import HOSTILE_TITLE, record_alerts

pytestmark = pytest.mark.slow

KEY = "browser-key-2026"


def _unavailable(reason: str) -> None:
    if os.environ.get("SANCTIONWATCH_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _chromium() -> str:
    found = os.environ.get("SANCTIONWATCH_CHROMIUM") or next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None
    )
    if found is None:
        _unavailable("Chromium not found (apt-get install chromium)")
    assert found is not None
    return found


@pytest.fixture
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415 -- optional dev tool
    except ImportError:
        _unavailable("playwright is not installed (pip install -r requirements.lock)")
        raise
    executable = _chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`sanctionwatch serve` with API keys over a store holding the samples and one alert."""
    data_dir = tmp_path / "data"
    settings = api_settings_for(data_dir)
    load(settings, UN, OFAC, UK)
    record_alerts(settings)
    with running_server(
        data_dir, tmp_path / "server.log", index_refresh_seconds="0", api_keys=f'["{KEY}"]'
    ) as base:
        yield base


def test_an_analyst_signs_in_confirms_an_alert_and_leaves_a_note(browser: Any, server: str) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(f"{server}/ui/alerts")
    assert page.url == f"{server}/ui/login"  # sent to sign in first
    page.fill("input[name=key]", "wrong-key")
    page.click("button[type=submit]")
    assert "That key is not valid." in page.inner_text("main")
    page.fill("input[name=key]", KEY)
    page.click("button[type=submit]")
    assert page.url == f"{server}/ui/alerts"

    rows = page.locator("#alerts tbody tr")
    assert rows.count() == 1
    assert "ammunition KP → RU" in rows.first.inner_text()
    page.click("#alerts a")
    assert "American officials said the North sent artillery shells to Russia." in page.inner_text(
        "main"
    )
    # The hostile title is shown as text: no script ran, no javascript: link was made.
    assert HOSTILE_TITLE in page.inner_text("main")
    assert page.locator("a[href^='javascript']").count() == 0
    assert dialogs == []

    status_form = page.locator("form[aria-label='change status']")
    status_form.locator("select[name=status]").select_option("confirmed")
    status_form.locator("input[name=analyst]").fill("Jo Analyst")
    status_form.locator("textarea[name=note]").fill("matches the panel report")
    status_form.locator("button").click()
    assert page.inner_text("#status") == "confirmed"
    assert "Status saved." in page.inner_text("main")

    note_form = page.locator("form[aria-label='add a note']")
    assert note_form.locator("input[name=analyst]").input_value() == "Jo Analyst"  # remembered
    note_form.locator("textarea[name=text]").fill("asked the Seoul desk to check the ship")
    note_form.locator("button").click()
    trail = page.inner_text("#events")
    assert "status new → confirmed: matches the panel report" in trail
    assert "note: asked the Seoul desk to check the ship" in trail
    assert trail.count("Jo Analyst") == 2

    page.goto(f"{server}/ui/alerts?status=confirmed")
    assert page.locator("#alerts tbody tr").count() == 1
    page.goto(f"{server}/ui/alerts?status=new")
    assert page.locator("#alerts tbody tr").count() == 0
    # The browser's cookie opens the pages, not the API.
    assert httpx.get(f"{server}/search", params={"q": "Kim"}).status_code == 401
