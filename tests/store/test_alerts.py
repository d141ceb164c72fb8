"""Alerts in the store: merging evidence across articles, copies counted once, triage, audit."""

from __future__ import annotations

import pytest

from sanctionwatch.alerts import alert_key, evidence_from, quarter
from sanctionwatch.exceptions import NotFoundError, UsageError
from sanctionwatch.extract.records import Finding
from sanctionwatch.ingest.document import Document
from sanctionwatch.store.alerts import add_note, get_alert, list_alerts, record_evidence, set_status
from sanctionwatch.store.repo import Store
from tests.alert_data import prohibited, shells


def _doc(doc_id: str, published: str, duplicate_of: str | None = None) -> Document:
    return Document(
        id=doc_id,
        text="...",
        url=f"https://news.example/{doc_id}",
        title=f"Story {doc_id}",
        site="news.example",
        published=published,
        duplicate_of=duplicate_of,
    )


def test_quarter_and_key() -> None:
    assert quarter("2023-09-05") == "2023-Q3"
    assert quarter(None) == "undated"
    assert alert_key(shells("a", "2023-10-01")) == "transfer:KP>RU:ammunition:2023-Q4"


def test_articles_about_one_transfer_form_one_alert(store: Store) -> None:
    first = evidence_from(_doc("a", "2023-10-02"), [shells("a", "2023-10-02")], [prohibited()])
    [alert] = record_evidence(store, first)
    assert alert.status == "new"
    assert alert.verdict == "prohibited"
    assert alert.sources == 1
    second = evidence_from(
        _doc("b", "2023-11-20"), [shells("b", "2023-11-20", "confirmed")], [prohibited()]
    )
    copy = evidence_from(
        _doc("c", "2023-11-21", duplicate_of="b"),
        [shells("c", "2023-11-21")],
        [prohibited()],
    )
    record_evidence(store, second + copy)
    detail = get_alert(store, alert.id)
    assert len(detail.evidence) == 3
    assert detail.sources == 2  # the copy of b counts once
    assert detail.certainty == "confirmed"
    assert (detail.first_seen, detail.last_seen) == ("2023-10-02", "2023-11-21")
    assert detail.evidence[0]["citations"] == ["UNSCR 1718 (2006) para 8(b)"]
    # Scanning the same article again changes nothing.
    events = len(get_alert(store, alert.id).events)
    assert [a.id for a in record_evidence(store, first)] == [alert.id]
    again = get_alert(store, alert.id)
    assert len(again.evidence) == 3
    assert len(again.events) == events


def test_other_quarter_or_category_is_another_alert(store: Store) -> None:
    record_evidence(store, evidence_from(_doc("a", "2023-10-02"), [shells("a", "2023-10-02")], []))
    record_evidence(store, evidence_from(_doc("b", "2024-02-02"), [shells("b", "2024-02-02")], []))
    alerts, total = list_alerts(store)
    assert total == 2
    assert {a.period for a in alerts} == {"2023-Q4", "2024-Q1"}
    assert all(a.verdict == "needs_review" for a in alerts)  # no finding: not a clean bill


def test_listed_party_alert(store: Store) -> None:
    finding = Finding(
        verdict="listed_party",
        rationale="Kim Jong Un is listed by OFAC (DPRK2)",
        transfer=0,
        entity_id="ofac-20275",
    )
    rows = evidence_from(_doc("a", "2023-09-05"), [shells("a", "2023-09-05")], [finding])
    record_evidence(store, rows)
    alerts, _ = list_alerts(store, verdict="listed_party")
    assert alerts[0].key == "party:ofac-20275:2023-Q3"
    assert alerts[0].entity_id == "ofac-20275"


def test_triage_and_audit_trail(store: Store) -> None:
    rows = evidence_from(_doc("a", "2023-10-02"), [shells("a", "2023-10-02")], [prohibited()])
    [alert] = record_evidence(store, rows)
    set_status(store, alert.id, "confirmed", "A. Analyst", note="matches panel report")
    add_note(store, alert.id, "B. Analyst", "asked the desk for the satellite images")
    detail = get_alert(store, alert.id)
    assert detail.status == "confirmed"
    actions = [(e["action"], e["actor"]) for e in detail.events]
    assert actions == [
        ("created", "sanctionwatch"),
        ("evidence_added", "sanctionwatch"),
        ("status", "A. Analyst"),
        ("note", "B. Analyst"),
    ]
    assert detail.events[2]["detail"] == {
        "old": "new",
        "new": "confirmed",
        "note": "matches panel report",
    }
    with pytest.raises(UsageError):
        set_status(store, alert.id, "maybe", "A. Analyst")
    with pytest.raises(UsageError):
        add_note(store, alert.id, " ", "text")
    with pytest.raises(NotFoundError):
        set_status(store, 999, "dismissed", "A. Analyst")
    assert list_alerts(store, status="confirmed")[1] == 1
