"""The triage pages: list, detail with evidence, status and notes through forms, audit trail,
and the protections (escaping, CSRF, foreign origins, API keys)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sanctionwatch.api import create_app
from sanctionwatch.settings import Settings
from sanctionwatch.web.triage import csrf_token, safe_link
from tests.web.conftest import HOSTILE_TITLE, record_alerts


@pytest.fixture
def ui(loaded_settings: Settings) -> Iterator[tuple[TestClient, int]]:
    [alert] = record_alerts(loaded_settings)
    with TestClient(create_app(loaded_settings)) as client:
        yield client, alert.id


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found is not None
    return found.group(1)


def test_list_shows_the_alert_with_filters(ui: tuple[TestClient, int]) -> None:
    client, alert_id = ui
    page = client.get("/ui/alerts")
    assert page.status_code == 200
    assert f'href="/ui/alerts/{alert_id}"' in page.text
    assert "ammunition KP → RU" in page.text
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert client.get("/ui/alerts", params={"status": "dismissed"}).text.count("/ui/alerts/") == 0
    assert client.get("/ui/alerts", params={"status": "bogus"}).status_code == 400
    assert client.get("/ui", follow_redirects=False).headers["location"] == "/ui/alerts"


def test_detail_shows_evidence_escaped_and_only_safe_links(ui: tuple[TestClient, int]) -> None:
    client, alert_id = ui
    page = client.get(f"/ui/alerts/{alert_id}")
    assert page.status_code == 200
    text = page.text
    assert "American officials said the North sent artillery shells to Russia." in text
    assert "UNSCR 1718 (2006) para 8(b)" in text
    assert 'href="https://news.example/a"' in text
    assert "javascript:" not in text
    assert "<script>" not in text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Shells &amp; more" in text
    assert HOSTILE_TITLE not in text
    assert client.get("/ui/alerts/9999").status_code == 404


def test_status_change_and_note_are_recorded_in_the_audit_trail(
    ui: tuple[TestClient, int],
) -> None:
    client, alert_id = ui
    token = _csrf(client.get(f"/ui/alerts/{alert_id}").text)
    done = client.post(
        f"/ui/alerts/{alert_id}/status",
        data={"status": "confirmed", "analyst": "jo", "note": "panel report agrees", "csrf": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/ui/alerts/{alert_id}?saved=status"
    page = client.get(done.headers["location"]).text
    assert re.search(r'id="status">confirmed<', page)
    assert "status new → <strong>confirmed</strong>: panel report agrees" in page
    assert 'name="analyst" value="jo"' in page  # remembered for the next form
    noted = client.post(
        f"/ui/alerts/{alert_id}/notes",
        data={"analyst": "jo", "text": "asked the desk <b>twice</b>", "csrf": token},
    )
    assert noted.status_code == 200
    assert "note: asked the desk &lt;b&gt;twice&lt;/b&gt;" in noted.text
    confirmed = client.get("/ui/alerts", params={"status": "confirmed"}).text
    assert f'href="/ui/alerts/{alert_id}"' in confirmed


def test_forged_stale_or_foreign_posts_are_refused(ui: tuple[TestClient, int]) -> None:
    client, alert_id = ui
    form = {"status": "dismissed", "analyst": "mallory", "csrf": "0" * 64}
    assert client.post(f"/ui/alerts/{alert_id}/status", data=form).status_code == 403
    form["csrf"] = csrf_token(alert_id)
    foreign = client.post(
        f"/ui/alerts/{alert_id}/status", data=form, headers={"Origin": "https://evil.example"}
    )
    assert foreign.status_code == 403
    assert "another site" in foreign.text
    # The token of another alert does not open this one.
    form["csrf"] = csrf_token(alert_id + 1)
    assert client.post(f"/ui/alerts/{alert_id}/status", data=form).status_code == 403
    page = client.get(f"/ui/alerts/{alert_id}").text
    assert re.search(r'id="status">new<', page)
    assert "mallory" not in page


def test_bad_form_input_is_a_clear_400(ui: tuple[TestClient, int]) -> None:
    client, alert_id = ui
    token = csrf_token(alert_id)
    bad_status = client.post(
        f"/ui/alerts/{alert_id}/status", data={"status": "maybe", "analyst": "jo", "csrf": token}
    )
    assert bad_status.status_code == 400
    assert "status must be one of" in bad_status.text
    blank = client.post(
        f"/ui/alerts/{alert_id}/notes", data={"analyst": "  ", "text": "x", "csrf": token}
    )
    assert blank.status_code == 400
    control = client.post(
        f"/ui/alerts/{alert_id}/notes", data={"analyst": "jo", "text": "a\x07b", "csrf": token}
    )
    assert control.status_code == 400
    assert "control character" in control.text


def test_with_api_keys_the_pages_need_a_login(loaded_settings: Settings) -> None:
    [alert] = record_alerts(loaded_settings)
    settings = loaded_settings.model_copy(
        update={"api_keys": Settings(api_keys=["ui-key-123456"]).api_keys}
    )
    with TestClient(create_app(settings)) as client:
        away = client.get("/ui/alerts", follow_redirects=False)
        assert (away.status_code, away.headers["location"]) == (303, "/ui/login")
        form = {"status": "confirmed", "analyst": "jo", "csrf": csrf_token(alert.id)}
        assert client.post(f"/ui/alerts/{alert.id}/status", data=form).status_code == 401
        assert client.get("/ui/login").status_code == 200
        wrong = client.post("/ui/login", data={"key": "nope"})
        assert wrong.status_code == 401
        assert "not valid" in wrong.text
        signed = client.post("/ui/login", data={"key": "ui-key-123456"}, follow_redirects=False)
        assert signed.status_code == 303
        cookie = signed.headers["set-cookie"]
        assert "HttpOnly" in cookie
        assert "SameSite=strict" in cookie or "samesite=strict" in cookie.lower()
        assert client.get("/ui/alerts").status_code == 200
        # The cookie opens the pages only, not the API.
        assert client.get("/search", params={"q": "Kim"}).status_code == 401


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://news.example/a", True),
        ("http://news.example/a", True),
        ("javascript:alert(1)", False),
        ("data:text/html,hi", False),
        ("//evil.example/x", False),
        ("", False),
        (None, False),
    ],
)
def test_safe_link(url: str | None, safe: bool) -> None:
    assert (safe_link(url) is not None) is safe
